"""A town with thousands of proposals: the map draws them from tiles, as counts
when zoomed out and as proposals when zoomed in, and a click shows one.

The small version of bench's check with a million proposals: the map signals
``data-tiles=drawn`` when the proposals' tiles of its first view are drawn.
"""

from __future__ import annotations

import io
import math
import re

import pytest
from django.db import connection

from codesign.models import Proposal
from mapping.demo import load_demo
from mapping.tiles import registry
from synthetic.generate import fill


@pytest.fixture
def crowded(transactional_db):
    """The demo towns, Aksu with 3 000 synthetic points and 300 areas."""
    load_demo()
    fill(points=3000, polygons=300, towns=["aksu"], seed=1, stdout=io.StringIO())
    return Proposal.objects.filter(campaign__town__slug="aksu").exclude(status="draft")


def wait_for_tiles(page) -> None:
    page.wait_for_selector("#map[data-tiles=drawn]", timeout=60_000)


def view(page) -> tuple[float, float, float]:
    """The map's zoom, latitude and longitude, from the URL's hash."""
    match = re.search(r"#([\d.]+)/([-\d.]+)/([-\d.]+)", page.url)
    assert match, page.url
    zoom, lat, lng = (float(v) for v in match.groups())
    return zoom, lat, lng


def mercator(lng: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels of a place at a zoom (512-pixel tiles, as MapLibre)."""
    size = 512 * 2**zoom
    x = (lng + 180) / 360 * size
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * size
    return x, y


def on_screen(page, lng: float, lat: float) -> tuple[float, float]:
    """Where a place is on the page now."""
    zoom, centre_lat, centre_lng = view(page)
    box = page.locator("#map").bounding_box()
    x, y = mercator(lng, lat, zoom)
    cx, cy = mercator(centre_lng, centre_lat, zoom)
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def biggest_cell(zoom: float) -> tuple[float, float, int]:
    """The busiest cluster drawn at this zoom: its place and its count."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ST_X(p), ST_Y(p), n FROM (
                SELECT ST_Transform(ST_Point(sx / n, sy / n, 3857), 4326) AS p, n
                FROM mapping_tile_cell
                WHERE layer = 'proposals' AND level = %s AND n > 0
                ORDER BY n DESC LIMIT 1) c
            """,
            [math.floor(zoom) + registry.CLUSTER_SHIFT],
        )
        lng, lat, n = cursor.fetchone()
    return lng, lat, int(n)


def lonely_point(proposals) -> Proposal:
    """A point proposal with no other public proposal within 30 m."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.id FROM codesign_proposal p
            WHERE p.id = ANY(%s) AND GeometryType(p.geometry) = 'POINT'
              AND NOT EXISTS (
                SELECT 1 FROM codesign_proposal q
                WHERE q.id <> p.id AND q.status <> 'draft'
                  -- 50 m in Web Mercator: about 30 m at Aksu's 52° N.
                  AND ST_DWithin(q.tile_geom, p.tile_geom, 50))
            ORDER BY p.id LIMIT 1
            """,
            [list(proposals.values_list("id", flat=True))],
        )
        return Proposal.objects.get(pk=cursor.fetchone()[0])


def test_the_clusters_count_every_public_proposal(
    page, live_server, crowded, screenshot
):
    page.goto(f"{live_server.url}/en/towns/aksu/")
    wait_for_tiles(page)
    zoom, _lat, _lng = view(page)
    assert zoom < registry.get("proposals").cluster_below
    # The whole town is in view: the counts drawn add up to its public proposals.
    public = crowded.count()
    assert public > 3000
    assert int(page.get_attribute("#map", "data-tile-count")) == public
    features = int(page.get_attribute("#map", "data-tile-features"))
    assert 0 < features < public / 5, features
    page.wait_for_selector("#map[data-state=ready]")
    screenshot(page, "aksu-tiles-clusters")
    # Only the tiles of the first view came, not one request per proposal.
    tiles = [url for url in page.requests if "/tiles/proposals/" in url]
    assert 0 < len(tiles) < 30, tiles
    assert not [url for url in page.requests if "/ogc/" in url]

    # Pointing at a cluster tells its number; a click zooms in towards it.
    lng, lat, count = biggest_cell(zoom)
    x, y = on_screen(page, lng, lat)
    page.mouse.move(x, y)
    tip = page.locator(".cluster-tip")
    tip.wait_for(timeout=10_000)
    assert f"{count:,}" in tip.inner_text()
    screenshot(page, "aksu-tiles-cluster-hover")
    page.mouse.click(x, y)
    page.wait_for_function(
        f"() => parseFloat(location.hash.slice(1)) > {zoom + 1.9}", timeout=10_000
    )
    assert view(page)[0] == pytest.approx(zoom + 2, abs=0.05)
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests)


def test_zoomed_in_a_click_shows_the_proposal(page, live_server, crowded, screenshot):
    proposal = lonely_point(crowded)
    lng, lat = proposal.geometry.coords
    zoom = registry.get("proposals").cluster_below + 1
    page.goto(f"{live_server.url}/en/towns/aksu/#{zoom}/{lat:.6f}/{lng:.6f}")
    wait_for_tiles(page)
    # Real proposals now, one feature each: points, lines and areas.
    features = int(page.get_attribute("#map", "data-tile-features"))
    assert features == int(page.get_attribute("#map", "data-tile-count")) > 1
    screenshot(page, "aksu-tiles-proposals")

    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".maplibregl-popup")
    popup.wait_for(timeout=10_000)
    page.wait_for_function(
        "() => !document.querySelector('.maplibregl-popup .popup-title')"
        ".textContent.includes('Loading')",
        timeout=10_000,
    )
    text = popup.inner_text()
    assert proposal.title in text
    assert proposal.get_status_display() in text
    link = popup.get_by_role("link", name="Open")
    assert link.get_attribute("href").endswith(f"/proposals/{proposal.number}/")
    assert page.locator("#map-status").inner_text() == proposal.title
    screenshot(page, "aksu-tiles-proposal-popup")
    assert any(
        f"/ogc/collections/proposals/items/{proposal.pk}" in url
        for url in page.requests
    )
    assert page.errors == []


def test_the_layer_switcher_works_from_the_keyboard(page, live_server, crowded):
    page.goto(f"{live_server.url}/en/towns/aksu/")
    wait_for_tiles(page)
    proposals = page.get_by_role("checkbox", name="Residents' proposals")
    assert proposals.is_checked()
    places = page.get_by_role("checkbox", name="Meeting places")
    assert not places.is_checked()
    places.focus()
    page.keyboard.press("Space")
    assert places.is_checked()
    for _ in range(50):
        if any("/tiles/places/" in url for url in page.requests):
            break
        page.wait_for_timeout(200)
    assert any("/tiles/places/" in url for url in page.requests)
    proposals.focus()
    page.keyboard.press("Space")
    assert not proposals.is_checked()
    assert page.errors == []
