"""The demo towns: real places, three languages, and a load that never overwrites."""

from __future__ import annotations

import pytest
from django.contrib.gis.db.models import Union
from django.contrib.gis.db.models.functions import Area, Transform
from django.core.management import call_command

from mapping.demo import load_demo
from mapping.models import District, Site, Town

SEED_TOWNS = {
    # slug: (approximate real centre lon, lat, UTM EPSG)
    "aksu": (76.93, 52.04, 32643),
    "khromtau": (58.44, 50.25, 32640),
    "rudny": (63.12, 52.96, 32641),
    "kachar": (62.86, 53.38, 32641),
    "oktyabrsky": (62.68, 52.63, 32641),
    "lisakovsk": (62.49, 52.54, 32641),
    "ust-kamenogorsk": (82.61, 49.95, 32644),
    "almaty": (76.90, 43.24, 32643),
}


@pytest.fixture
def demo(db):
    return load_demo()


def test_the_eight_seed_towns_are_where_they_really_are(demo):
    assert demo.towns == 8
    for slug, (lon, lat, srid) in SEED_TOWNS.items():
        town = Town.objects.get(slug=slug)
        assert town.utm_srid == srid
        assert town.centre.distance(town.centre.__class__(lon, lat)) < 0.1, slug
        assert town.boundary.covers(town.centre)
        assert town.name_kk and town.name_ru and town.name_en
        assert town.districts.count() >= 3, slug


def test_districts_partition_their_town(demo):
    for town in Town.objects.all():
        metric = Transform("boundary", town.utm_srid)
        districts = town.districts.annotate(area_m2=Area(metric))
        union = District.objects.filter(town=town).aggregate(u=Union("boundary"))["u"]
        total = sum(d.area_m2.sq_m for d in districts)
        town_area = Town.objects.annotate(a=Area(metric)).get(pk=town.pk).a.sq_m
        assert total == pytest.approx(town_area, rel=1e-4), town.slug  # no overlaps
        assert union.sym_difference(town.boundary).area < 1e-4 * town.boundary.area


def test_aksu_has_its_neglected_park(demo):
    park = Site.objects.get(town__slug="aksu", slug="aksu-neglected-park")
    assert park.status == "neglected"
    assert "Аксу" in park.description_ru
    assert park.name_kk and park.name_en
    hectares = (
        Site.objects.annotate(a=Area(Transform("boundary", 32643)))
        .get(pk=park.pk)
        .a.sq_m
        / 1e4
    )
    assert 3 <= hectares <= 5


def test_loading_twice_adds_nothing_and_keeps_edits(demo):
    Town.objects.filter(slug="aksu").update(name_en="Aksu (edited)")
    Site.objects.filter(slug="aksu-neglected-park").update(status="in_design")
    counts = (Town.objects.count(), District.objects.count(), Site.objects.count())
    again = load_demo()
    assert (again.towns, again.districts, again.sites) == (0, 0, 0)
    assert (
        Town.objects.count(),
        District.objects.count(),
        Site.objects.count(),
    ) == counts
    assert Town.objects.get(slug="aksu").name_en == "Aksu (edited)"
    assert Site.objects.get(slug="aksu-neglected-park").status == "in_design"


def test_a_deleted_demo_row_comes_back_but_nothing_else_changes(demo):
    District.objects.filter(town__slug="rudny").first().delete()
    report = load_demo()
    assert (report.towns, report.districts, report.sites) == (0, 1, 0)


def test_the_command_reports_what_it_added(db, capsys):
    call_command("load_demo")
    assert "added 8 towns" in capsys.readouterr().out
