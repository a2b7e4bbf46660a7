"""In Chromium: the gallery's map shows the drawings, a tap marks a place, and the
awards print on A4 landscape pages without the site's header."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from contest import services
from contest.models import Drawing

from .conftest import in_town, judged, make_contest, picture, send

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page that records its requests and script errors."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", has_touch=True
    )
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def contest(aksu, transactional_db):
    return make_contest(aksu)


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "x")
    page.locator("main form button[type=submit], main form input[type=submit]").click()
    page.wait_for_load_state()


def wait_for_map(page) -> str:
    page.wait_for_selector(
        "#map[data-state=ready], #map[data-state=failed]", timeout=30_000
    )
    return page.get_attribute("#map", "data-state")


def test_the_gallery_map_shows_the_placed_drawings(
    page, live_server, contest, family, jury
):
    placed = [send(contest, family, place=in_town(contest)) for _ in range(2)]
    unplaced = send(contest, family)
    for drawing in [*placed, unplaced]:
        services.drawing_accept(drawing=drawing, by=jury[0])
    page.goto(live_server.url + contest.get_absolute_url())
    assert page.locator(".drawing-card img").count() == 3
    assert wait_for_map(page) == "ready", page.errors
    assert page.get_attribute("#map", "data-features") == "2"
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests)


def test_a_tap_on_the_map_marks_the_place_of_a_sent_drawing(
    page, live_server, contest, family, tmp_path
):
    sign_in(page, live_server, family)
    page.goto(live_server.url + contest.get_absolute_url() + "send/")
    assert wait_for_map(page) == "ready", page.errors
    # The map opens on the contest's park: a tap in its middle is inside the town.
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "The place is marked" in page.locator("#place-state").inner_text()
    upload = tmp_path / "drawing.jpg"
    upload.write_bytes(picture().read())
    page.set_input_files("input[name=image]", str(upload))
    page.fill("input[name=title]", "Парк с фонтаном")
    page.fill("input[name=child_first_name]", "Тимур")
    page.fill("input[name=child_age]", "7")
    page.fill("input[name=child_full_name]", "Тимур Ахметов")
    page.fill("input[name=guardian_contact]", "+7 700 555 0103")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Send the drawing").click()
    page.wait_for_url(re.compile(r"/drawings/1/$"))
    drawing = Drawing.objects.get()
    assert drawing.place is not None
    assert contest.site.boundary.contains(drawing.place)
    assert page.errors == []


def test_the_awards_print_on_a4_landscape_pages_without_the_header(
    page, live_server, contest, family, jury
):
    drawings = [send(contest, family, child_full_name=f"Айлин {n}") for n in range(3)]
    contest = judged(contest, drawings, jury, [9, 8, 5])
    services.awards_grant(
        contest=contest, by=jury[0], diplomas=2, awarded_on=dt.date(2023, 9, 20)
    )
    sign_in(page, live_server, jury[0])
    page.goto(live_server.url + contest.get_absolute_url() + "awards/print/")
    assert page.locator(".award-sheet").count() == 3
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".print-tools").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(sizes) == 3, "one page per award"
    width, height = (float(v) for v in sizes[0])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
