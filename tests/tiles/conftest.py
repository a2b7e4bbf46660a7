"""A town with proposals and concerns, and a way to read tiles back."""

from __future__ import annotations

import math

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from codesign.models import Phase
from tests.codesign.conftest import make_campaign, propose
from tests.community_map.conftest import (  # noqa: F401 (fixtures)
    mapper,
    ngo,
    record,
    town,
)

WORLD = 40075016.68557849


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user(username="aigerim", password="x")


@pytest.fixture
def campaign(town):  # noqa: F811 (the imported fixture)
    return make_campaign(town, Phase.SUBMISSION)


@pytest.fixture
def proposals(campaign, author):
    """Three submitted proposals around Aksu's centre and one draft."""
    made = [
        propose(campaign, author, lon=76.915, lat=52.045, title="Swings"),
        propose(campaign, author, lon=76.93, lat=52.04, title="Benches"),
        propose(campaign, author, lon=76.95, lat=52.05, title="Lights"),
    ]
    draft = propose(campaign, author, lon=76.92, lat=52.042, title="Mine", submit=False)
    return made, draft


def many(proposal, copies: int, step: float = 0.0007) -> None:
    """``copies`` more public proposals like ``proposal``, on a grid beside it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO codesign_proposal (
                created, modified, campaign_id, number, external_id, author_id,
                title, description, language, category_id, geometry, district_id,
                cost_estimate, cost, status, decision_reason, submitted_at, revision)
            SELECT created, modified, campaign_id, 1000 + i, 'copy-' || i, NULL,
                   title, description, language, category_id,
                   ST_Translate(geometry, (i %% 40) * %(step)s, (i / 40) * %(step)s),
                   district_id, cost_estimate, cost, status, decision_reason,
                   submitted_at, revision
            FROM codesign_proposal, generate_series(1, %(copies)s) AS i
            WHERE id = %(id)s
            """,
            {"id": proposal.pk, "copies": copies, "step": step},
        )


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """The XYZ tile holding a point."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    rad = math.radians(lat)
    y = int((1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * n)
    return z, x, y


def decode(content: bytes, layer: str) -> list[dict]:
    """The features of one layer of an MVT (tile pixels, y downwards)."""
    if not content:
        return []
    tile = mapbox_vector_tile.decode(content, default_options={"y_coord_down": True})
    return tile[layer]["features"] if layer in tile else []


def lonlat(z: int, x: int, y: int, px: float, py: float) -> tuple[float, float]:
    """A tile pixel (extent 4096) back to longitude and latitude."""
    size = WORLD / 2**z
    mx = -WORLD / 2 + (x + px / 4096) * size
    my = WORLD / 2 - (y + py / 4096) * size
    point = Point(mx, my, srid=3857)
    point.transform(4326)
    return point.x, point.y
