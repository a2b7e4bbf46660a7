"""manage.py synth: seeded synthetic proposals and concerns, inside their towns."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from community_map.models import Community, Concern
from synthetic.generate import CAP, clear, fill
from tests.factories import DistrictFactory, TownFactory

# An L: the sampler must leave out the missing north-eastern corner.
KACHAR = {
    "type": "Polygon",
    "coordinates": [
        [
            [77.00, 52.02],
            [77.06, 52.02],
            [77.06, 52.045],
            [77.03, 52.045],
            [77.03, 52.07],
            [77.00, 52.07],
            [77.00, 52.02],
        ]
    ],
}
SMALL = {"points": 2_000, "polygons": 200, "concerns": 100}

PROPOSALS = """
    SELECT t.slug, p.number, encode(ST_AsEWKB(p.geometry), 'hex'), p.title, p.status,
           p.cost, p.category_id IS NOT NULL
      FROM codesign_proposal p
      JOIN codesign_campaign c ON c.id = p.campaign_id
      JOIN mapping_town t ON t.id = c.town_id
     WHERE c.slug = 'synthetic'
     ORDER BY t.slug, p.number
"""


def rectangle(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def towns(db):
    """Square Aksu split into two districts; L-shaped Kachar with one district."""
    aksu = TownFactory(slug="aksu")
    DistrictFactory(
        town=aksu, slug="west", boundary=rectangle(76.90, 52.02, 76.93, 52.07)
    )
    DistrictFactory(
        town=aksu, slug="east", boundary=rectangle(76.93, 52.02, 76.96, 52.07)
    )
    kachar = TownFactory(
        slug="kachar",
        boundary=KACHAR,
        centre={"type": "Point", "coordinates": [77.015, 52.03]},
        names={"kk": "Қашар", "ru": "Качар", "en": "Kachar"},
    )
    # The northern arm has no district: its proposals have none either.
    DistrictFactory(
        town=kachar, slug="south", boundary=rectangle(77.0, 52.02, 77.06, 52.045)
    )
    return aksu, kachar


def rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def one(sql: str, params: list | None = None):
    return rows(sql, params)[0][0]


def synth(**counts):
    return fill(**{**SMALL, **counts}, stdout=io.StringIO())


def test_towns_get_rows_by_population_inside_their_boundary(towns):
    report = synth(seed=1)

    # Aksu has seven times Kachar's residents (70,000 against 10,000).
    assert report["towns"]["aksu"]["points"] == 1_750
    assert report["towns"]["kachar"]["points"] == 250
    kinds = rows(
        """
        SELECT t.slug, GeometryType(p.geometry), count(*),
               count(*) FILTER (WHERE NOT ST_Contains(t.boundary, p.geometry)),
               count(*) FILTER (WHERE NOT ST_IsValid(p.geometry))
          FROM codesign_proposal p
          JOIN codesign_campaign c ON c.id = p.campaign_id
          JOIN mapping_town t ON t.id = c.town_id
         WHERE c.slug = 'synthetic'
         GROUP BY 1, 2 ORDER BY 1, 2
        """
    )
    assert kinds == [
        ("aksu", "POINT", 1_750, 0, 0),
        ("aksu", "POLYGON", 175, 0, 0),
        ("kachar", "POINT", 250, 0, 0),
        ("kachar", "POLYGON", 25, 0, 0),
    ]
    concerns = rows(
        """
        SELECT count(*), count(*) FILTER (WHERE NOT ST_Contains(t.boundary, c.location)),
               count(*) FILTER (WHERE c.public_point IS NULL)
          FROM community_map_concern c
          JOIN mapping_town t ON t.id = c.town_id
          JOIN community_map_community m ON m.id = c.community_id
         WHERE m.slug = 'synthetic'
        """
    )
    assert concerns == [(100, 0, 0)]


def test_polygons_are_yards_and_squares_15_to_150_m_across(towns):
    synth(seed=1)

    across = rows(
        """
        SELECT min(ST_MaxDistance(g, g)), max(ST_MaxDistance(g, g))
          FROM (SELECT ST_Transform(p.geometry, t.utm_srid) AS g
                  FROM codesign_proposal p
                  JOIN codesign_campaign c ON c.id = p.campaign_id
                  JOIN mapping_town t ON t.id = c.town_id
                 WHERE c.slug = 'synthetic' AND GeometryType(p.geometry) = 'POLYGON') s
        """
    )[0]
    assert 14.9 < across[0] < 40
    assert 100 < across[1] < 150.1


def test_points_crowd_around_the_centre(towns):
    synth(seed=1)

    # The disc of 1 km round Aksu's centre is 14 % of the town; uniform points
    # would put 14 % of the proposals there.
    share = one(
        """
        SELECT avg((ST_Distance(p.geometry::geography, t.centre::geography) < 1000)::int)
          FROM codesign_proposal p
          JOIN codesign_campaign c ON c.id = p.campaign_id
          JOIN mapping_town t ON t.id = c.town_id
         WHERE c.slug = 'synthetic' AND t.slug = 'aksu'
        """
    )
    assert share > 0.2


def test_proposals_have_district_status_cost_and_dates(towns):
    synth(seed=1)

    wrong_district = one(
        """
        SELECT count(*) FROM codesign_proposal p
          JOIN codesign_campaign c ON c.id = p.campaign_id
         WHERE c.slug = 'synthetic'
           AND p.district_id IS DISTINCT FROM (
               SELECT d.id FROM mapping_district d
                WHERE d.town_id = c.town_id
                  AND ST_Intersects(d.boundary, ST_PointOnSurface(p.geometry))
                ORDER BY d.id LIMIT 1)
        """
    )
    assert wrong_district == 0
    # Kachar's northern arm lies in no district.
    assert one("SELECT count(*) FROM codesign_proposal WHERE district_id IS NULL") > 0
    statuses = dict(
        rows(
            """
            SELECT status, count(*) FROM codesign_proposal
             WHERE external_id LIKE 'synth-%%' GROUP BY status
            """
        )
    )
    assert sum(statuses.values()) == 2_200
    assert 0 < statuses["draft"] < 0.1 * 2_200
    assert statuses.keys() <= {
        "draft",
        "submitted",
        "accepted",
        "on_ballot",
        "selected",
        "not_selected",
        "in_progress",
        "built",
    }
    unsubmitted = one(
        """
        SELECT count(*) FROM codesign_proposal
         WHERE (status = 'draft') <> (submitted_at IS NULL) OR cost > %s
        """,
        [CAP],
    )
    assert unsubmitted == 0
    assert all(has_category for *_row, has_category in rows(PROPOSALS))


def test_the_same_seed_gives_the_same_rows_another_seed_others(towns):
    synth(seed=7)
    first = rows(PROPOSALS)
    synth(seed=7)
    again = rows(PROPOSALS)
    synth(seed=8)
    other = rows(PROPOSALS)

    assert again == first
    assert [row[2] for row in other] != [row[2] for row in first]
    assert len(other) == len(first) == 2_200


def test_running_again_replaces_the_rows_instead_of_adding(towns):
    call_command("synth", "--points", "300", "--concerns", "40", stdout=io.StringIO())
    call_command("synth", "--points", "500", "--polygons", "20", stdout=io.StringIO())

    assert len(rows(PROPOSALS)) == 520
    assert Concern.objects.count() == 0
    assert Community.objects.filter(slug="synthetic").count() == 0


def test_towns_limits_where_the_rows_go(towns):
    call_command("synth", "--points", "100", "--towns", "kachar", stdout=io.StringIO())

    assert {slug for slug, *_row in rows(PROPOSALS)} == {"kachar"}
    assert len(rows(PROPOSALS)) == 100


def test_clear_removes_only_synthetic_rows(towns):
    aksu, _kachar = towns
    ngo = Community(town=aksu, slug="bereke", name_en="Bereke", kind="ngo")
    ngo.full_clean(exclude=["work_area"])
    ngo.save()
    Concern.objects.create(
        town=aksu,
        community=ngo,
        category="heating",
        source="hotline",
        reported_on=datetime.date(2025, 1, 15),
        location="SRID=4326;POINT(76.915 52.045)",
        text="No heating since Monday.",
    )
    synth(seed=1)

    call_command("synth", "--clear", stdout=io.StringIO())

    assert rows(PROPOSALS) == []
    assert list(Concern.objects.values_list("community__slug", flat=True)) == ["bereke"]
    assert one("SELECT count(*) FROM codesign_campaign WHERE slug = 'synthetic'") == 0
    assert clear(stdout=io.StringIO()) == {
        "proposals": 0,
        "concerns": 0,
        "campaigns": 0,
        "communities": 0,
    }


@pytest.mark.parametrize(
    "arguments",
    [
        ["--points", "-1"],
        ["--points", "10", "--towns", "aksu,nowhere"],
        ["--concerns", "10", "--seed", "-3"],
        [],
    ],
)
def test_bad_arguments_are_refused(towns, arguments):
    with pytest.raises(CommandError):
        call_command("synth", *arguments, stdout=io.StringIO())

    assert rows(PROPOSALS) == []
