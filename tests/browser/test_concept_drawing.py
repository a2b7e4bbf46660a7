"""A resident draws a concept of a site in the browser, on a desktop and on a phone.

They start a concept from the session page, draw a green zone, a footpath and two
benches by clicking the map, watch the measures and the cost follow, undo and
redo, save, submit, and find the concept listed as submitted. A refused save
names and highlights the element; a phone draws with taps.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.models import Concept, ConceptElement
from codesign.services import DrawnElement
from tests.browser.test_budget_story import (
    PASSWORD,
    PHONE,
    Browsing,
    screen_point,
    wait_for_map,
    whole_page,
)
from tests.factories import accepted_in

# The test park: SiteFactory's square from (76.930, 52.040) to (76.932, 52.042).
WEST, SOUTH, EAST, NORTH = 76.930, 52.040, 76.932, 52.042
GREEN = [(76.9303, 52.0403), (76.9311, 52.0403), (76.9311, 52.0411), (76.9303, 52.0411)]
PATH = [(76.93025, 52.04150), (76.93175, 52.04150)]
BENCHES = [(76.9306, 52.0413), (76.9312, 52.0413)]


@pytest.fixture
def people(aksu, django_user_model):
    architect = django_user_model.objects.create_user(
        username="architect", password=PASSWORD
    )
    role_grant(actor=None, user=architect, role=Role.ARCHITECT, town=aksu)
    return {
        "aigerim": django_user_model.objects.create_user(
            username="aigerim", password=PASSWORD
        ),
        "architect": architect,
    }


@pytest.fixture
def design(aksu, people):
    """An open session on the park with prices, and the akimat's plan to compare."""
    today = timezone.localdate()
    session = services.design_session_create(
        site=aksu.sites.get(slug="neglected-park"),
        slug="spring",
        titles={"kk": "Саябақ жобасы", "ru": "Проект парка", "en": "The park plan"},
        briefs={"en": "Draw the park you want: shade, paths and places to sit."},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
        unit_costs={
            "green": 5_000,
            "plaza": 30_000,
            "footpath": 15_000,
            "bench": 120_000,
        },
    )
    square = {
        "type": "Polygon",
        "coordinates": [
            [
                [76.9312, 52.0402],
                [76.9318, 52.0402],
                [76.9318, 52.0408],
                [76.9312, 52.0408],
                [76.9312, 52.0402],
            ]
        ],
    }
    services.official_plan_upload(
        session=session,
        author=people["architect"],
        title="Akimat plan",
        elements=[DrawnElement("plaza", accepted_in(aksu, square, ("Polygon",)))],
    )
    return session


@pytest.fixture
def browsing(browser, live_server):
    session = Browsing(browser, live_server)
    yield session
    session.close()


def session_path(design) -> str:
    return reverse(
        "codesign:session",
        kwargs={"town": "aksu", "site": design.site.slug, "session": design.slug},
    )


def click_map(page, lon: float, lat: float) -> None:
    x, y = screen_point(page, lon, lat)
    page.mouse.click(x, y)
    page.wait_for_timeout(250)  # two quick clicks on one spot would be a double click


def tap_map(page, lon: float, lat: float) -> None:
    x, y = screen_point(page, lon, lat)
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(250)


def start_concept(page, title: str) -> None:
    page.get_by_label("Name of your concept").fill(title)
    page.get_by_role("button", name="Start drawing").click()
    page.wait_for_url(re.compile(r"/concepts/\d+/draw/$"))
    assert wait_for_map(page) == "ready"
    page.wait_for_selector("#map[data-draw=ready]", timeout=10_000)


def choose(page, name: str) -> None:
    """Press a palette button, then bring the map back into view to draw."""
    button = page.locator(".kind-button", has_text=name)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.locator("#map").scroll_into_view_if_needed()


def measure_of(page, kind: str):
    return page.locator(f"#live-measures tbody tr[data-kind={kind}]")


def test_a_resident_draws_a_concept_saves_and_submits_it(browsing, design, screenshot):
    page = browsing.sign_in("aigerim", session_path(design))
    assert wait_for_map(page) == "ready", browsing.errors
    expect(page.locator(".legend")).to_contain_text("120,000 ₸ each")
    start_concept(page, "Birch grove")
    page.locator("#map").scroll_into_view_if_needed()

    # A green zone: four corners, then the last corner again to finish. The first
    # corner is clicked a few pixels inside the west edge and snaps onto it.
    choose(page, "Green space")
    expect(page.locator("#draw-hint")).to_contain_text("corner of the Green space")
    x, y = screen_point(page, WEST, GREEN[0][1])
    page.mouse.click(x + 4, y)
    page.wait_for_timeout(250)
    for lon, lat in GREEN[1:]:
        click_map(page, lon, lat)
    x, y = screen_point(page, WEST, GREEN[3][1])
    page.mouse.click(x + 4, y)
    page.wait_for_timeout(250)
    page.mouse.click(x + 4, y)  # the last corner again finishes the zone
    page.wait_for_timeout(250)
    expect(measure_of(page, "green")).to_contain_text(
        re.compile(r"[\d,]+ m² · 0\.\d\d ha")
    )

    # A footpath across the park, finished by clicking its last point again.
    choose(page, "Footpath")
    for lon, lat in [*PATH, PATH[-1]]:
        click_map(page, lon, lat)
    # 0.0015° of longitude at 52° N: about 103 m.
    expect(measure_of(page, "footpath").locator("td").first).to_have_text(
        re.compile(r"^10\d m$")
    )

    # Two benches.
    choose(page, "Bench")
    for lon, lat in BENCHES:
        click_map(page, lon, lat)
    expect(measure_of(page, "bench")).to_contain_text("2 pcs")
    expect(measure_of(page, "bench")).to_contain_text("240,000 ₸")
    expect(page.locator("#element-list > li")).to_have_count(4)
    expect(page.locator("#live-total")).to_contain_text("₸")
    total_before = page.locator("#live-total").inner_text()

    # Undo takes the second bench away, redo brings it back.
    page.get_by_role("button", name="Undo").click()
    expect(measure_of(page, "bench")).to_contain_text("1 pcs")
    expect(page.locator("#element-list > li")).to_have_count(3)
    assert page.locator("#live-total").inner_text() != total_before
    page.get_by_role("button", name="Redo").click()
    expect(measure_of(page, "bench")).to_contain_text("2 pcs")
    expect(page.locator("#live-total")).to_have_text(total_before)
    expect(page.locator("#save-message")).to_contain_text("not saved yet")

    page.locator("#element-list > li").first.get_by_label("Label (optional)").fill(
        "Birches"
    )
    page.locator("#element-list > li").first.get_by_label("Label (optional)").press(
        "Tab"
    )
    whole_page(page, "design-draw")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-message")).to_contain_text("Saved as version 1")
    concept = Concept.objects.get(title="Birch grove")
    stored = ConceptElement.objects.filter(version__concept=concept)
    assert list(stored.values_list("kind", flat=True)) == [
        "green",
        "footpath",
        "bench",
        "bench",
    ]
    green = stored.get(kind="green")
    assert green.label == "Birches"
    # Snapped to the site's west edge, not left a few pixels inside it.
    assert abs(green.geometry.extent[0] - WEST) < 2e-7, green.geometry.extent

    page.get_by_role("button", name="Submit the concept").click()
    page.wait_for_url(re.compile(r"/concepts/\d+/\?version=1$"))
    expect(page.locator(".message.success")).to_contain_text("submitted as version 1")
    expect(page.locator("#measures-table")).to_contain_text("2 pcs")
    assert wait_for_map(page) == "ready"
    assert page.get_attribute("#map", "data-features") == "4"
    whole_page(page, "design-concept")

    page.get_by_role("link", name="The park plan").click()
    item = page.locator(".concept-item", has_text="Birch grove")
    expect(item).to_contain_text("submitted")
    expect(item).to_contain_text("version 1")
    expect(page.locator(".concept-item.official")).to_contain_text("Akimat plan")
    assert wait_for_map(page) == "ready"
    whole_page(page, "design-session")

    # The architect's comparison: the new concept is in the table against the plan.
    page.get_by_role("link", name="Compare the concepts with the akimat's plan").click()
    row = page.locator("#metrics-table tbody tr", has_text="Birch grove")
    expect(row).to_have_count(1)
    expect(row.locator("td.score")).to_contain_text("%")
    expect(page.locator("#compare-summary")).to_contain_text("1 resident concept")
    page.wait_for_selector("#twin-maps[data-state=ready]", timeout=20_000)
    page.wait_for_selector("#map-agreement[data-state=ready]", timeout=20_000)
    assert int(page.get_attribute("#map-agreement", "data-cells")) > 100
    page.get_by_role("button", name="Swipe").click()
    expect(page.locator("#twin-maps.swipe")).to_have_count(1)
    page.locator("#metrics-table thead th", has_text="Overall similarity").click()
    expect(
        page.locator("#metrics-table thead th", has_text="Overall similarity")
    ).to_have_attribute("aria-sort", "ascending")
    whole_page(page, "design-compare")

    page.goto(browsing.url + reverse("codesign:sessions", kwargs={"town": "aksu"}))
    expect(page.locator(".card", has_text="The park plan")).to_contain_text(
        "1 concept submitted"
    )

    assert browsing.errors == []
    assert browsing.left_the_server() == []


def test_a_refused_save_names_and_highlights_the_element(browsing, design, screenshot):
    page = browsing.sign_in("aigerim", session_path(design))
    start_concept(page, "Sports first")
    page.locator("#map").scroll_into_view_if_needed()
    zones = {
        "Green space": [(76.9303, 52.0403), (76.9310, 52.0403), (76.9310, 52.0410)],
        "Sports ground": [(76.9306, 52.0406), (76.9314, 52.0406), (76.9314, 52.0414)],
    }
    for name, corners in zones.items():
        choose(page, name)
        for lon, lat in [*corners, corners[-1]]:
            click_map(page, lon, lat)
    expect(page.locator("#element-list > li")).to_have_count(2)

    page.get_by_role("button", name="Save", exact=True).click()
    message = page.locator("#save-message")
    expect(message).to_contain_text(
        "Element 1 (Green space) and element 2 (Sports ground) overlap"
    )
    expect(message).to_have_attribute("role", "alert")
    expect(page.locator("#element-list > li.problem")).to_have_count(2)
    assert not ConceptElement.objects.filter(version__concept__title="Sports first")
    page.locator("#map").scroll_into_view_if_needed()
    screenshot(page, "design-draw-refused")

    # Select the sports ground on the map and delete it.
    page.get_by_role("button", name="Select and change").click()
    click_map(page, 76.9313, 52.0409)
    expect(page.locator("#element-list > li.selected")).to_contain_text("Sports ground")
    page.get_by_role("button", name="Delete selected").click()
    expect(page.locator("#element-list > li")).to_have_count(1)
    expect(page.locator("#element-list > li.problem")).to_have_count(0)

    # Drag a corner of the green zone outwards: the zone and its measure grow.
    area = measure_of(page, "green").locator("td").first
    before = area.inner_text()
    click_map(page, 76.9306, 52.0404)  # selects the green zone
    expect(page.locator("#element-list > li.selected")).to_contain_text("Green space")
    x, y = screen_point(page, 76.9310, 52.0403)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y + 15, steps=8)
    page.mouse.up()
    expect(area).not_to_have_text(before)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(message).to_contain_text("Saved as version 1")
    mine = ConceptElement.objects.filter(version__concept__title="Sports first")
    assert list(mine.values_list("kind", flat=True)) == ["green"]
    assert browsing.errors == []


def test_a_phone_draws_a_zone_with_taps(browsing, design, screenshot):
    page = browsing.sign_in(
        "aigerim",
        session_path(design),
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    assert wait_for_map(page) == "ready", browsing.errors
    whole_page(page, "design-session-phone")
    start_concept(page, "From my phone")
    choose(page, "Playground")
    corners = [(76.9304, 52.0404), (76.9314, 52.0404), (76.9314, 52.0412)]
    for lon, lat in [*corners, corners[-1]]:
        tap_map(page, lon, lat)
    expect(measure_of(page, "playground")).to_contain_text("m²")
    expect(page.locator("#element-list > li")).to_have_count(1)
    screenshot(page, "design-draw-phone")

    # The buttons a thumb uses are big enough to hit.
    for name in ("Playground", "Undo", "Save"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["height"] >= 44, (name, box)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-message")).to_contain_text("Saved as version 1")
    element = ConceptElement.objects.get(version__concept__title="From my phone")
    assert (element.kind, element.geometry.geom_type) == ("playground", "Polygon")
    page.locator("#live-heading").scroll_into_view_if_needed()
    screenshot(page, "design-draw-phone-saved")
    assert browsing.errors == []
    assert browsing.left_the_server() == []
