"""Vector tiles carry exactly the public features the SQL says, counted or whole."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection

from codesign.models import Proposal, ProposalStatus
from mapping.tiles import answer as answer_module
from mapping.tiles import registry
from mapping.tiles.sql import tile_sql
from tests.tiles.conftest import decode, lonlat, many, tile_of

pytestmark = pytest.mark.django_db


def get_tile(client, layer: str, z: int, x: int, y: int, **headers):
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt", **headers)


def public_ids_in(layer: str, z: int, x: int, y: int) -> set[int]:
    """What the layer's own SQL says a raw tile holds (envelope plus its buffer)."""
    source = registry.get(layer).source()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT s.id FROM ({source}) s WHERE ST_Intersects(s.tile_geom,
                ST_TileEnvelope(%s, %s, %s, margin => 64.0 / 4096))""",
            [z, x, y],
        )
        return {row[0] for row in cursor}


def public_count_in(layer: str, z: int, x: int, y: int) -> int:
    """How many public features have their point inside the tile itself."""
    source = registry.get(layer).source()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM ({source}) s
                CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.tile_geom) AS p) q
                CROSS JOIN LATERAL (SELECT ST_TileEnvelope(%s, %s, %s) AS e) t
                WHERE ST_X(q.p) >= ST_XMin(t.e) AND ST_X(q.p) < ST_XMax(t.e)
                  AND ST_Y(q.p) > ST_YMin(t.e) AND ST_Y(q.p) <= ST_YMax(t.e)""",
            [z, x, y],
        )
        return cursor.fetchone()[0]


def test_a_raw_tile_holds_exactly_the_public_features_the_sql_finds(client, proposals):
    made, draft = proposals
    many(made[0], 60)
    z, x, y = tile_of(76.92, 52.045, 15)
    features = decode(get_tile(client, "proposals", z, x, y).content, "proposals")

    ids = {f["id"] for f in features}
    assert ids == public_ids_in("proposals", z, x, y)
    assert len(ids) > 20
    assert draft.pk not in ids
    statuses = {f["properties"]["status"] for f in features}
    assert statuses == {"submitted"}
    # Only what the map needs travels: no titles, costs or authors.
    assert set(features[0]["properties"]) <= {"status", "campaign", "category"}


@pytest.mark.parametrize("z", [6, 10, 12, 14])
def test_below_zoom_15_the_counts_add_up_to_every_public_feature(client, proposals, z):
    made, _draft = proposals
    many(made[0], 200)
    total = Proposal.objects.exclude(status=ProposalStatus.DRAFT).count()
    z, x0, y0 = tile_of(76.90, 52.06, z)
    _, x1, y1 = tile_of(76.99, 52.00, z)

    drawn = 0
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            features = decode(
                get_tile(client, "proposals", z, x, y).content, "proposals"
            )
            counted = sum(f["properties"]["count"] for f in features)
            assert counted == public_count_in("proposals", z, x, y)
            assert all(not f.get("id") for f in features)
            drawn += counted
    assert drawn == total == 203


def test_counts_follow_every_write(client, proposals, author):
    made, draft = proposals
    z, x, y = tile_of(76.93, 52.04, 10)

    def counted() -> int:
        features = decode(get_tile(client, "proposals", z, x, y).content, "proposals")
        return sum(f["properties"]["count"] for f in features)

    assert counted() == 3
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.SUBMITTED)
    assert counted() == 4
    Proposal.objects.filter(pk=made[0].pk).delete()
    assert counted() == 3
    # Moved out of the tile: the count moves with it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE codesign_proposal SET geometry = ST_Translate(geometry, 3, 0) "
            "WHERE id = %s",
            [made[1].pk],
        )
    assert counted() == 2


def test_built_objects_are_their_own_layer(client, proposals):
    made, _draft = proposals
    Proposal.objects.filter(pk=made[2].pk).update(status=ProposalStatus.BUILT)
    z, x, y = tile_of(76.95, 52.05, 15)
    features = decode(get_tile(client, "built", z, x, y).content, "built")
    assert [f["id"] for f in features] == [made[2].pk]
    z, x, y = tile_of(76.95, 52.05, 8)
    features = decode(get_tile(client, "built", z, x, y).content, "built")
    assert sum(f["properties"]["count"] for f in features) == 1


def test_a_private_concern_is_on_tiles_only_at_its_coarse_point(client, record):
    concern = record(76.91234, 52.04321, private=True)
    concern.refresh_from_db()
    exact = (concern.location.x, concern.location.y)
    public = (concern.public_point.x, concern.public_point.y)
    assert exact != public

    z, x, y = tile_of(*public, 18)
    features = decode(get_tile(client, "concerns", z, x, y).content, "concerns")
    assert [f["id"] for f in features] == [concern.pk]
    px, py = features[0]["geometry"]["coordinates"]
    lon, lat = lonlat(z, x, y, px, py)
    assert lon == pytest.approx(public[0], abs=1e-5)
    assert lat == pytest.approx(public[1], abs=1e-5)
    assert set(features[0]["properties"]) == {
        "category",
        "status",
        "source",
        "community",
        "reported",
    }
    # The exact place's own tile at that zoom has nothing when it is another tile.
    exact_tile = tile_of(*exact, 18)
    if exact_tile != (z, x, y):
        assert (
            decode(get_tile(client, "concerns", *exact_tile).content, "concerns") == []
        )


def test_every_layer_serves_tilejson_and_a_tile(client, proposals, record, ngo):
    record(76.92, 52.04)
    z, x, y = tile_of(76.93, 52.04, 12)
    for layer in registry.layers():
        document = client.get(f"/tiles/{layer.name}.json").json()
        assert document["tilejson"] == "3.0.0"
        assert document["vector_layers"][0]["id"] == layer.name
        assert "/tiles/" + layer.name + "/{z}/{x}/{y}.mvt?v=" in document["tiles"][0]
        response = get_tile(client, layer.name, z, x, y)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    towns = decode(get_tile(client, "towns", z, x, y).content, "towns")
    assert [f["properties"]["slug"] for f in towns] == ["oskemen"]


def spy_on_builds(monkeypatch) -> list[bool]:
    """Each statement a tile request sends: True if it built the tile."""
    built: list[bool] = []
    build, version = answer_module._build, answer_module._version

    def spy_build(*args):
        built.append(True)
        return build(*args)

    def spy_version(*args):
        built.append(False)
        return version(*args)

    monkeypatch.setattr(answer_module, "_build", spy_build)
    monkeypatch.setattr(answer_module, "_version", spy_version)
    return built


def test_one_round_trip_per_tile_which_builds_nothing_when_it_is_cached(
    client, proposals, django_assert_num_queries, monkeypatch
):
    built = spy_on_builds(monkeypatch)
    z, x, y = tile_of(76.93, 52.04, 15)
    with django_assert_num_queries(1):  # the layer's version and the tile
        first = get_tile(client, "proposals", z, x, y)
    with django_assert_num_queries(1):  # the version: the bytes are cached
        again = get_tile(client, "proposals", z, x, y)
    assert first.content == again.content != b""
    assert built == [True, False]

    # A write moves the version: the version, then the tile built again.
    Proposal.objects.filter(pk=proposals[0][0].pk).update(title="Swings!")
    with django_assert_num_queries(2):
        after = get_tile(client, "proposals", z, x, y)
    assert built == [True, False, False, True]
    assert after["ETag"] != first["ETag"]


def test_a_conditional_request_builds_only_when_the_clients_copy_is_old(
    client, proposals, monkeypatch
):
    z, x, y = tile_of(76.93, 52.04, 15)
    first = get_tile(client, "proposals", z, x, y)
    caches["tiles"].clear()  # as another worker, which never built this tile
    built = spy_on_builds(monkeypatch)
    current = get_tile(client, "proposals", z, x, y, HTTP_IF_NONE_MATCH=first["ETag"])
    assert current.status_code == 304
    assert built == [False]  # the version alone

    old = get_tile(client, "proposals", z, x, y, HTTP_IF_NONE_MATCH='"proposals-0"')
    assert old.status_code == 200
    assert old.content == first.content
    assert old["ETag"] == first["ETag"]
    assert built == [False, False, True]  # the version, then the tile


def test_prepared_statement_form_gives_the_same_tile(proposals):
    layer = registry.get("proposals")
    z, x, y = tile_of(76.93, 52.04, 15)
    with connection.cursor() as cursor:
        cursor.execute(tile_sql(layer), {"z": z, "x": x, "y": y})
        psycopg_form = bytes(cursor.fetchone()[0])
        cursor.execute(
            f"PREPARE t(integer, integer, integer) AS {tile_sql(layer, 'dollar')}"
        )
        cursor.execute("EXECUTE t(%s, %s, %s)", [z, x, y])
        prepared = bytes(cursor.fetchone()[0])
        cursor.execute("DEALLOCATE t")
    assert prepared == psycopg_form != b""


@pytest.mark.parametrize(
    "url",
    [
        "/tiles/nothing/1/0/0.mvt",
        "/tiles/proposals/2/4/0.mvt",
        "/tiles/proposals/2/0/4.mvt",
        "/tiles/proposals/23/0/0.mvt",
        "/tiles/nothing.json",
    ],
)
def test_tiles_that_do_not_exist_answer_404(client, url):
    assert client.get(url).status_code == 404
