"""A person opens a town's map in each language and sees its districts drawn."""

from __future__ import annotations

import pytest

from mapping.demo import load_demo
from mapping.models import Town

HEADINGS = {"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"}
DISTRICT = {
    "kk": "Орталық шағын ауданы",
    "ru": "Центральный микрорайон",
    "en": "Central",
}


@pytest.fixture
def demo(transactional_db):
    load_demo()


def wait_for_map(page) -> str:
    page.wait_for_selector(
        "#map[data-state=ready], #map[data-state=failed]", timeout=30_000
    )
    return page.get_attribute("#map", "data-state")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_town_map_shows_the_districts_in_each_language(
    page, live_server, demo, screenshot, language
):
    page.goto(f"{live_server.url}/{language}/towns/aksu/")
    assert wait_for_map(page) == "ready", page.errors
    districts = Town.objects.get(slug="aksu").districts.count()
    assert page.get_attribute("#map", "data-districts-rendered") == str(districts)
    assert page.locator("canvas.maplibregl-canvas").is_visible()
    assert page.locator("h1").inner_text() == HEADINGS[language]
    # District names on the map follow the page's language, not the browser's.
    labels = page.locator(".district-label").all_inner_texts()
    assert any(DISTRICT[language] in label for label in labels), labels
    path = screenshot(page, f"aksu-{language}")
    assert path.stat().st_size > 10_000
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests), [
        url for url in page.requests if not url.startswith(live_server.url)
    ]


def test_choosing_a_site_in_the_list_shows_its_details(
    page, live_server, demo, screenshot
):
    page.goto(f"{live_server.url}/en/towns/aksu/")
    assert wait_for_map(page) == "ready"
    page.get_by_role("button", name="Neglected Town Square").click()
    popup = page.locator(".maplibregl-popup")
    popup.wait_for(timeout=10_000)
    assert "Neglected Town Square" in popup.inner_text()
    assert "Neglected: waiting for ideas" in popup.inner_text()
    assert page.locator("#map-status").inner_text() == "Neglected Town Square"
    screenshot(page, "aksu-site-popup")


def test_clicking_a_district_on_the_map_opens_its_popup(page, live_server, demo):
    page.goto(f"{live_server.url}/ru/towns/almaty/")
    assert wait_for_map(page) == "ready"
    box = page.locator("#map").bounding_box()
    # Almaly, the central district, lies under the middle of the visible map.
    label = page.locator(".district-label", has_text="Алмалинский район")
    label_box = label.bounding_box()
    page.mouse.click(label_box["x"] + label_box["width"] / 2, label_box["y"] + 30)
    popup = page.locator(".maplibregl-popup")
    popup.wait_for(timeout=10_000)
    assert "Алмалинский район" in popup.inner_text()
    assert box["width"] > 0


def test_phone_layout_keeps_map_and_list(browser, live_server, demo, screenshot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/kk/towns/aksu/")
    assert wait_for_map(page) == "ready"
    assert page.locator(".map-panel").is_visible()
    screenshot(page, "aksu-kk-phone")
    context.close()
