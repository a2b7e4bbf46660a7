"""A resident reports a concern on the map; an NGO mapper types in a hotline call."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.gis.geos import Point

from community_map.models import CommunityMember, Concern, MemberRole
from tests.community_map.conftest import community_in
from tests.factories import DistrictFactory, TownFactory

PASSWORD = "a-long-password-1"
# Inside the test town (76.90-76.96 E, 52.02-52.07 N).
SPOT = (76.9215, 52.0431)


@pytest.fixture
def aksu(transactional_db, django_user_model):
    town = TownFactory(slug="aksu", names={"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"})
    DistrictFactory(town=town, slug="central")
    ngo = community_in(town, "bereke", name_en="Bereke", topics=["lighting"])
    for username, role in (("aigerim", None), ("mapper", MemberRole.MAPPER)):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD
        )
        if role:
            CommunityMember.objects.create(community=ngo, user=user, role=role)
    return town


def sign_in(page, base: str, username: str, then: str) -> None:
    page.goto(f"{base}/en/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + then)


def wait_for_map(page) -> str:
    page.wait_for_selector(
        "#map[data-state=ready], #map[data-state=failed]", timeout=30_000
    )
    return page.get_attribute("#map", "data-state")


def click_map(page, lon: float, lat: float) -> None:
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.birgeMap.project([lon, lat]);"
        " return [p.x, p.y]; }",
        [lon, lat],
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(250)


def metres_apart(a: Point, b: Point) -> float:
    return a.transform(32643, clone=True).distance(b.transform(32643, clone=True))


def test_a_resident_marks_a_place_and_sees_how_it_is_shown_publicly(
    page, live_server, aksu, screenshot
):
    then = "/en/towns/aksu/concerns/report/"
    sign_in(page, live_server.url, "aigerim", then)
    assert wait_for_map(page) == "ready", page.errors
    page.wait_for_selector("#map[data-draw=ready]")
    assert (
        page.get_by_role("button", name="Point").get_attribute("aria-pressed") == "true"
    )

    click_map(page, *SPOT)
    assert page.locator("#draw-measure").inner_text() == "A point is marked."
    page.select_option("#id_category", label="Street lighting")
    page.get_by_label("Within this street (about 100 m)").check()
    page.fill("#id_text", "The lamp by the school gate has been dark all week.")
    page.fill("#id_contact", "+7 701 555 00 11")
    form = screenshot(page, "concern-report-form")
    assert form.stat().st_size > 10_000

    page.get_by_role("button", name="Send the concern").click()
    page.wait_for_url("**/thanks/")
    assert "Thank you" in page.locator("h1").inner_text()
    assert "It went to Bereke." in page.locator(".lead").inner_text()
    assert wait_for_map(page) == "ready", page.errors
    assert page.get_attribute("#map", "data-marks") == "2"
    thanks = screenshot(page, "concern-report-thanks")
    assert thanks.stat().st_size > 10_000

    concern = Concern.objects.get()
    assert concern.source == "web" and concern.private
    assert concern.reporter_contact == "+7 701 555 00 11"
    # The mark lands where the resident clicked (a few pixels at this zoom).
    assert metres_apart(concern.location, Point(*SPOT, srid=4326)) < 25
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requests)


def test_a_mapper_clicks_the_map_and_saves_a_hotline_call(
    page, live_server, aksu, screenshot
):
    then = "/en/towns/aksu/ngo/record/"
    sign_in(page, live_server.url, "mapper", then)
    assert wait_for_map(page) == "ready", page.errors
    # The first field has the focus: typing starts at once.
    assert page.evaluate("document.activeElement.id") == "id_category"

    click_map(page, *SPOT)
    typed = page.input_value("#id_coordinates")
    lat, lon = (float(part) for part in typed.split(","))
    assert (lat, lon) == pytest.approx((SPOT[1], SPOT[0]), abs=0.001)
    page.select_option("#id_category", label="Heating")
    page.fill("#id_text", "Cold radiators in entrance 2.")
    page.fill("#id_reporter_name", "Dana")
    page.locator("#id_text").press("Control+Enter")
    page.wait_for_selector(".message.success")
    assert page.evaluate("document.activeElement.id") == "id_category"
    assert page.input_value("#id_source") == "hotline"
    assert "Cold radiators" in page.locator(".recent table").inner_text()
    screenshot(page, "concern-record")
    assert Concern.objects.get().reporter_name == "Dana"
    assert page.errors == []


def test_a_mapper_moves_a_concern_along_from_the_desk(
    page, live_server, aksu, screenshot
):
    from community_map.services.concerns import concern_record
    from tests.factories import accepted_in

    mapper = CommunityMember.objects.get(role=MemberRole.MAPPER)
    concern = concern_record(
        recorder=mapper.user,
        community=mapper.community,
        category="lighting",
        source="hotline",
        reported_on=datetime.date(2025, 1, 15),
        location=accepted_in(
            aksu, {"type": "Point", "coordinates": list(SPOT)}, ("Point",)
        ),
        text="Dark street behind school 4.",
        reporter_name="Bolat",
        reporter_contact="+7 702 000 11 22",
    )
    then = "/en/towns/aksu/ngo/"
    sign_in(page, live_server.url, "mapper", then)
    row = page.locator("tr", has_text="Dark street behind school 4.")
    row.get_by_label(f"Status of concern #{concern.pk}").select_option("forwarded")
    screenshot(page, "concern-dashboard")
    row.get_by_role("button", name="Change").click()
    page.wait_for_selector(".message.success")
    assert "is now “Forwarded”" in page.locator(".messages").inner_text()
    assert page.url == live_server.url + then

    page.get_by_role("link", name=f"#{concern.pk}").click()
    assert wait_for_map(page) == "ready", page.errors
    assert page.get_attribute("#map", "data-marks") == "3"
    assert "+7 702 000 11 22" in page.locator(".reporter").inner_text()
    screenshot(page, "concern-page")
    assert page.errors == []
