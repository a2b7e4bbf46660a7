"""The database is the last line: constraints hold even when Python is bypassed."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from mapping.intake import STORED_MAX_POINTS
from mapping.models import District, Site, Town, utm_zone
from tests.factories import TownFactory

BOWTIE = (
    "POLYGON((76.93 52.04, 76.932 52.042, 76.932 52.04, 76.93 52.042, 76.93 52.04))"
)


def raw_update(table: str, column: str, wkt: str, pk: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = ST_GeomFromText(%s, 4326) WHERE id = %s",
            [wkt, pk],
        )


@pytest.mark.parametrize(
    ("table", "wkt", "constraint"),
    [
        ("mapping_site", BOWTIE, "mapping_site_boundary_valid"),
        ("mapping_site", "POLYGON EMPTY", "mapping_site_boundary_not_empty"),
        (
            "mapping_district",
            f"MULTIPOLYGON((({BOWTIE[9:-2]})))",
            "mapping_district_boundary_valid",
        ),
        ("mapping_town", "MULTIPOLYGON EMPTY", "mapping_town_boundary_not_empty"),
    ],
)
def test_database_refuses_bad_geometry_written_around_the_intake(
    aksu, table, wkt, constraint
):
    model = {"mapping_site": Site, "mapping_district": District, "mapping_town": Town}[
        table
    ]
    row = model.objects.first()
    with pytest.raises(IntegrityError, match=constraint):
        raw_update(table, "boundary", wkt, row.pk)


def test_database_refuses_geometry_over_the_point_limit(aksu):
    site = Site.objects.get(slug="neglected-park")
    n = STORED_MAX_POINTS + 10
    # A valid ring with too many vertices, built by PostGIS itself.
    with (
        pytest.raises(IntegrityError, match="mapping_site_boundary_max_points"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE mapping_site SET boundary = ST_Segmentize("
            "ST_MakeEnvelope(76.93, 52.04, 76.932, 52.042, 4326), %s) WHERE id = %s",
            [0.008 / n, site.pk],
        )


def test_full_clean_runs_the_same_constraints(aksu):
    site = Site.objects.get(slug="neglected-park")
    site.boundary = GEOSGeometry(BOWTIE, srid=4326)
    with pytest.raises(ValidationError):
        site.full_clean()


def test_site_status_and_slug_are_constrained(aksu):
    site = Site.objects.get(slug="neglected-park")
    with (
        pytest.raises(IntegrityError, match="mapping_site_status_known"),
        transaction.atomic(),
    ):
        Site.objects.filter(pk=site.pk).update(status="demolished")
    twin = Site(
        town=aksu,
        slug=site.slug,
        name_kk="x",
        name_ru="x",
        name_en="x",
        boundary=site.boundary,
    )
    with (
        pytest.raises(IntegrityError, match="mapping_site_unique_slug"),
        transaction.atomic(),
    ):
        twin.save()


def test_town_utm_srid_must_be_a_utm_zone(aksu):
    with (
        pytest.raises(IntegrityError, match="mapping_town_utm_srid_is_utm"),
        transaction.atomic(),
    ):
        Town.objects.filter(pk=aksu.pk).update(utm_srid=3857)


def test_town_utm_zone_must_cover_its_centre(db):
    with pytest.raises(ValidationError) as info:
        TownFactory(slug="wrong-zone", utm_srid=32640)
    assert "zone 43" in str(info.value)


def test_town_centre_must_be_inside(db):
    with pytest.raises(ValidationError, match="centre"):
        TownFactory(slug="odd", centre={"type": "Point", "coordinates": [77.5, 52.5]})


@pytest.mark.parametrize(
    ("longitude", "zone"),
    [(58.44, 40), (63.12, 41), (76.93, 43), (82.61, 44), (-180, 1), (180, 60)],
)
def test_utm_zone(longitude, zone):
    assert utm_zone(longitude) == zone


def test_names_are_stored_in_three_languages(aksu):
    from django.utils import translation

    for code, name in (("kk", "Ақсу"), ("ru", "Аксу"), ("en", "Aksu")):
        with translation.override(code):
            assert Town.objects.get(pk=aksu.pk).name == name


def test_districts_are_multipolygons_even_from_a_polygon(aksu):
    district = aksu.districts.get()
    assert isinstance(district.boundary, MultiPolygon)
    assert isinstance(Site.objects.get(slug="neglected-park").boundary, Polygon)
