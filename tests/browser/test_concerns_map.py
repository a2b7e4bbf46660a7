"""A person opens the concerns map, switches views and hexagon sizes, filters."""

from __future__ import annotations

import json
import random
import re

import pytest

from community_map.models import Concern
from mapping.tiles import registry

# The community map's shared fixtures: a town with two districts, an NGO, its mapper.
from tests.community_map.conftest import mapper, ngo, record, town  # noqa: F401


@pytest.fixture
def concerns(transactional_db, town, record):  # noqa: F811
    """80 concerns: a dense heating cluster in the east, snow spread in the west."""
    rng = random.Random(11)
    for _ in range(50):
        record(
            76.945 + rng.uniform(-0.004, 0.004),
            52.056 + rng.uniform(-0.0025, 0.0025),
            category="heating",
        )
    for _ in range(30):
        record(
            rng.uniform(76.902, 76.928),
            rng.uniform(52.022, 52.068),
            category="snow",
            source="survey",
        )
    return Concern.objects.all()


@pytest.fixture
def neighbours(transactional_db, town, record):  # noqa: F811
    """20 heating and 20 snow concerns among the same few blocks of the east."""
    rng = random.Random(5)
    for category in ("heating", "snow") * 20:
        record(
            76.945 + rng.uniform(-0.001, 0.001),
            52.056 + rng.uniform(-0.0008, 0.0008),
            category=category,
        )
    return Concern.objects.all()


def wait_for(page, view: str) -> None:
    page.wait_for_selector(
        f"#map[data-state=ready][data-view={view}], #map[data-state=failed]",
        timeout=30_000,
    )
    assert page.get_attribute("#map", "data-state") == "ready", page.errors


def test_hexagons_districts_and_sizes(page, live_server, concerns, screenshot):
    page.goto(f"{live_server.url}/en/towns/oskemen/concerns/?view=hexagons&size=500")
    wait_for(page, "hexagons")
    hexagons_500 = int(page.get_attribute("#map", "data-hexagons"))
    assert hexagons_500 > 3
    assert page.get_attribute("#map", "data-total") == "80"
    assert "80" in page.locator("#concerns-total").inner_text()
    # Let the tiles draw before the picture is taken.
    page.wait_for_timeout(500)
    screenshot(page, "concerns-hexagons")

    page.get_by_label("Districts").check()
    page.wait_for_function("() => location.search.includes('view=districts')")
    wait_for(page, "districts")
    counts = json.loads(page.get_attribute("#district-chart", "data-district-counts"))
    assert counts == {"east": 50, "west": 30}
    assert "size=" not in page.url
    assert page.locator("#district-chart svg rect").count() == 2
    page.wait_for_timeout(500)
    screenshot(page, "concerns-districts")

    page.get_by_label("Hexagons").check()
    wait_for(page, "hexagons")
    page.select_option("#hexagon-size", "250")
    page.wait_for_function("() => location.search.includes('size=250')")
    page.wait_for_selector("#map[data-state=ready][data-size='250']")
    hexagons_250 = int(page.get_attribute("#map", "data-hexagons"))
    assert hexagons_250 > hexagons_500
    assert page.get_attribute("#map", "data-total") == "80"

    # Opening the copied URL restores the same view.
    shared = page.url
    page.goto(shared)
    wait_for(page, "hexagons")
    assert page.get_attribute("#map", "data-hexagons") == str(hexagons_250)
    assert page.locator("#hexagon-size").input_value() == "250"
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests)


def test_filters_charts_and_exports_follow(page, live_server, concerns, screenshot):
    page.goto(f"{live_server.url}/en/towns/oskemen/concerns/?view=hotspots&size=250")
    wait_for(page, "hotspots")
    assert int(page.get_attribute("#map", "data-hotspots")) > 0
    page.wait_for_timeout(500)
    screenshot(page, "concerns-hotspots")

    page.get_by_label("Heating").check()
    page.wait_for_function("() => location.search.includes('category=heating')")
    page.wait_for_function(
        "() => document.querySelector('#concerns-total').dataset.total === '50'"
    )
    counts = json.loads(page.get_attribute("#district-chart", "data-district-counts"))
    assert counts == {"east": 50, "west": 0}
    href = page.get_attribute("#export-links a[data-format=csv]", "href")
    assert re.search(r"export\.csv\?category=heating$", href)
    assert page.locator("#season-chart svg rect[data-category=heating]").count() == 4
    assert page.locator("#time-chart svg rect").count() >= 1

    page.locator(".concern-charts").scroll_into_view_if_needed()
    screenshot(page, "concerns-charts")

    page.get_by_label("Density").check()
    wait_for(page, "heatmap")
    # The density comes from tiles: zoomed out they hold counts that cannot be
    # filtered, so the map says to zoom in rather than show the wrong density.
    assert page.get_attribute("#map", "data-tile-note") == "zoom"
    assert "zoom in" in page.locator("#map-legend").inner_text()
    page.get_by_label("Heating").uncheck()
    page.wait_for_function("() => !location.search.includes('category=heating')")
    wait_for(page, "heatmap")
    assert page.get_attribute("#map", "data-tile-note") == ""
    page.wait_for_timeout(500)
    screenshot(page, "concerns-heatmap")
    assert page.errors == []


def test_phone_layout(browser, live_server, concerns, screenshot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/towns/oskemen/concerns/?view=points")
    page.wait_for_selector("#map[data-state=ready][data-view=points]", timeout=30_000)
    assert page.locator("#map").bounding_box()["width"] <= 390
    page.wait_for_timeout(500)
    screenshot(page, "concerns-phone")
    context.close()


def drawn(page) -> tuple[int, dict[str, int]]:
    """The concerns the point view draws, and how many of each category."""
    return (
        int(page.get_attribute("#map", "data-tile-points")),
        json.loads(page.get_attribute("#map", "data-tile-categories")),
    )


def test_points_come_from_tiles_and_follow_the_filters(
    page, live_server, neighbours, screenshot
):
    zoom = registry.get("concerns").cluster_below + 1
    url = (
        f"{live_server.url}/en/towns/oskemen/concerns/?view=points#{zoom}/52.056/76.945"
    )
    page.goto(url)
    wait_for(page, "points")
    page.wait_for_function("() => document.querySelector('#map').dataset.tilePoints")
    assert drawn(page) == (40, {"heating": 20, "snow": 20})
    assert "Heating" in page.locator("#map-legend").inner_text()
    screenshot(page, "concerns-tiles-points")

    page.get_by_label("Heating").check()
    page.wait_for_function("() => location.search.includes('category=heating')")
    page.wait_for_function(
        "() => document.querySelector('#map').dataset.tilePoints === '20'"
    )
    assert drawn(page) == (20, {"heating": 20})
    # The place on the map stays in the address with the filter.
    assert f"#{zoom}/" in page.url
    legend = page.locator("#map-legend").inner_text()
    assert "Heating" in legend and "Snow removal" not in legend
    page.wait_for_timeout(300)
    screenshot(page, "concerns-tiles-filtered")

    # Zoomed out, the counts cannot be filtered: they give way to a note.
    page.goto(
        f"{live_server.url}/en/towns/oskemen/concerns/?view=points&category=heating"
    )
    wait_for(page, "points")
    page.wait_for_function("() => document.querySelector('#map').dataset.tilePoints")
    assert page.get_attribute("#map", "data-tile-note") == "zoom"
    assert drawn(page) == (0, {})
    assert "zoom in" in page.locator("#map-legend").inner_text()
    screenshot(page, "concerns-tiles-filter-note")
    page.get_by_label("Heating").uncheck()
    page.wait_for_function(
        "() => document.querySelector('#map').dataset.tilePoints === '40'"
    )
    assert page.get_attribute("#map", "data-tile-note") == ""
    page.wait_for_timeout(300)
    screenshot(page, "concerns-tiles-clusters")

    assert any("/tiles/concerns/" in url for url in page.requests)
    assert not any("points.geojson" in url for url in page.requests)
    assert page.errors == []
