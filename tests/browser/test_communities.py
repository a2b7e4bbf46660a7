"""A person looks at the communities of Ust-Kamenogorsk and a mapper draws an area."""

from __future__ import annotations

import io

import pytest

from community_map.demo import load as load_communities
from community_map.models import Community
from mapping.demo import load_demo


@pytest.fixture
def demo(transactional_db):
    load_demo()
    load_communities(stdout=io.StringIO())


def wait_for_map(page) -> str:
    page.wait_for_selector(
        "#map[data-state=ready], #map[data-state=failed]", timeout=30_000
    )
    return page.get_attribute("#map", "data-state")


def rendered(page, layers: list[str]) -> int:
    return page.evaluate(
        "(layers) => window.birgeMap.queryRenderedFeatures({layers}).length", layers
    )


def test_the_directory_draws_areas_places_and_link_lines(
    page, live_server, demo, screenshot
):
    page.goto(f"{live_server.url}/en/towns/ust-kamenogorsk/communities/")
    assert wait_for_map(page) == "ready", page.errors
    assert rendered(page, ["areas-fill"]) > 0
    assert rendered(page, ["places"]) > 10
    assert rendered(page, ["links-partnership", "links-umbrella"]) > 10
    assert rendered(page, ["links-joint_project"]) > 0
    assert page.locator(".community-item").count() == 36
    path = screenshot(page, "communities-directory")
    assert path.stat().st_size > 10_000
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests)


def test_a_filter_is_a_shareable_url(page, live_server, demo):
    page.goto(f"{live_server.url}/ru/towns/ust-kamenogorsk/communities/")
    page.select_option("#filter-kind", "state")
    page.locator(".directory-filter button[type=submit]").click()
    page.wait_for_url("**kind=state**")
    assert wait_for_map(page) == "ready"
    assert page.locator(".community-item").count() == 3
    assert rendered(page, ["places"]) == 4


def test_a_mapper_draws_the_area_of_work(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=username]", "ngo")
    page.fill("input[name=password]", "birge-demo")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.goto(f"{live_server.url}/en/towns/ust-kamenogorsk/communities/trinta/edit/")
    assert wait_for_map(page) == "ready", page.errors
    page.wait_for_selector("#map[data-draw=ready]")
    page.get_by_role("button", name="Remove all areas").click()
    page.get_by_role("button", name="Draw an area").click()
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(-60, -40), (60, -40), (60, 40), (-60, 40), (-60, -40)]
    for dx, dy in corners:
        page.mouse.click(cx + dx, cy + dy)
        page.wait_for_timeout(150)
    assert "ha" in page.locator("#draw-measure").inner_text()
    screenshot(page, "communities-draw-area")
    page.get_by_role("button", name="Save the community").click()
    page.wait_for_url("**/communities/trinta/")
    trinta = Community.objects.get(slug="trinta")
    assert trinta.work_area.num_geom == 1
    # The drawn rectangle replaced the whole town it covered before.
    drawn = trinta.work_area.transform(32644, clone=True).area
    town = trinta.town.boundary.transform(32644, clone=True).area
    assert 0 < drawn < town / 4
    assert page.errors == []
