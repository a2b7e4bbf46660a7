"""Every kind of page runs under the Content-Security-Policy: no violation, maps drawn.

Chromium reports each refused script, style, worker, image or connection as a
``securitypolicyviolation`` event (in the page and in its frames) and a console
error; both are collected while a person walks through each kind of page,
signed in where a page needs it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services as codesign_services
from codesign.models import Campaign, Phase
from contest import services as contest_services
from tests.codesign.conftest import make_campaign, on_ballot
from tests.codesign.sketching import drawn
from tests.community_map.conftest import community_in
from tests.contest.conftest import in_town, make_contest, send
from tests.factories import SiteFactory

from .conftest import SCREENSHOTS

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.birgeCspViolation([
    location.pathname, event.effectiveDirective, event.blockedURI,
    event.sourceFile + ":" + event.lineNumber, event.sample,
  ].join(" | "));
});
"""
PWNED = "<img src=x onerror=\"document.title='pwned'\">"


class Walk:
    """One signed-in or anonymous browser, its CSP violations and console errors."""

    def __init__(self, browser, live_server, user=None):
        self.url = live_server.url
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="en-US"
        )
        self.violations: list[str] = []
        self.console: list[str] = []
        self.context.expose_function("birgeCspViolation", self._violation)
        self.context.add_init_script(REPORT_VIOLATIONS)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie,
                        "url": self.url,
                    }
                ]
            )
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"error: {error}"))

    def _violation(self, text: str) -> None:
        self.violations.append(text)

    def _console(self, message) -> None:
        # Chromium's GPU driver notes ("GPU stall due to ReadPixels") are warnings
        # about the headless GPU, not about the page; the admin has no favicon.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console.append(f"{message.type}: {message.text} {message.location}")

    def open(self, path: str):
        response = self.page.goto(self.url + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        return self.page

    def clean(self, name: str) -> None:
        """No violation and no console error so far; keep a screenshot to look at."""
        self.page.wait_for_timeout(300)  # let late events (tiles, workers) arrive
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"csp-{name}.png"))
        assert self.violations == [], self.violations
        assert self.console == [], self.console

    def close(self) -> None:
        self.context.close()


def map_ready(page, selector: str = "#map") -> None:
    page.wait_for_selector(
        f"{selector}[data-state=ready], {selector}[data-state=failed]", timeout=30_000
    )
    assert page.get_attribute(selector, "data-state") == "ready"
    assert page.locator(f"{selector} canvas.maplibregl-canvas").first.is_visible()


@pytest.fixture
def people(aksu, django_user_model):
    make = django_user_model.objects.create_user
    architect = make(username="architect", password="x")
    role_grant(actor=None, user=architect, role=Role.ARCHITECT, town=aksu)
    return {
        "resident": make(username="resident", password="x"),
        "neighbour": make(username="neighbour", password="x"),
        "expert": make(username="expert", password="x"),
        "family": make(username="family", password="x"),
        "chair": make(username="chair", password="x"),
        "architect": architect,
    }


@pytest.fixture
def budgeting(aksu, people):
    """A round in voting with three projects on the ballot, and one taking ideas."""
    voting, _proposals = on_ballot(aksu, people["resident"], people["expert"])
    submission = make_campaign(aksu, Phase.SUBMISSION, slug="open-round")
    return voting, submission


def submit(session, person, title, elements, *, official=False):
    concept = codesign_services.concept_create(
        session=session, author=person, title=title, official=official
    )
    codesign_services.concept_save(concept=concept, author=person, elements=elements)
    codesign_services.concept_submit(concept=concept, author=person)
    return concept


@pytest.fixture
def design(aksu, people):
    """An open session on the park: the akimat's plan and two residents' concepts."""
    today = timezone.localdate()
    session = codesign_services.design_session_create(
        site=aksu.sites.get(slug="neglected-park"),
        slug="spring",
        titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
        unit_costs={"plaza": 30_000, "footpath": 15_000, "green": 5_000},
    )
    west = "POLYGON((0 0, 100 0, 100 200, 0 200, 0 0))"
    east = "POLYGON((110 0, 200 0, 200 200, 110 200, 110 0))"
    plan = [
        drawn(aksu, "plaza", west),
        drawn(aksu, "footpath", "LINESTRING(0 100, 200 100)"),
    ]
    submit(session, people["architect"], "Akimat plan", plan, official=True)
    submit(session, people["resident"], "Green", [drawn(aksu, "green", west)])
    submit(session, people["neighbour"], "Sport", [drawn(aksu, "sport", east)])
    return session


@pytest.fixture
def gallery(aksu, people):
    """A contest with two drawings placed in the park, accepted by the chair."""
    contest = make_contest(aksu)
    contest_services.jury_member_add(
        contest=contest, user=people["chair"], is_chair=True
    )
    for _ in range(2):
        drawing = send(contest, people["family"], place=in_town(contest))
        contest_services.drawing_accept(drawing=drawing, by=people["chair"])
    return contest


@pytest.fixture
def walk(browser, live_server):
    walks: list[Walk] = []

    def start(user=None) -> Walk:
        walks.append(Walk(browser, live_server, user))
        return walks[-1]

    yield start
    for item in walks:
        item.close()


def campaign_kwargs(campaign: Campaign) -> dict[str, str]:
    return {"town": campaign.town.slug, "slug": campaign.slug}


def test_public_pages_run_under_the_policy_and_draw_their_maps(
    walk, budgeting, gallery, aksu
):
    voting, _submission = budgeting
    community_in(aksu, "bereke", name_en="Bereke")
    person = walk()

    page = person.open("/en/")
    expect(page.locator("h1")).to_be_visible()
    person.clean("home")

    map_ready(person.open("/en/towns/aksu/"))
    person.clean("town")

    map_ready(person.open(voting.get_absolute_url()))
    person.clean("campaign")

    proposal = voting.proposals.order_by("number").first()
    page = person.open(proposal.get_absolute_url())
    expect(page.get_by_text(proposal.title).first).to_be_visible()
    map_ready(page)
    person.clean("proposal")

    map_ready(person.open("/en/towns/aksu/concerns/"))
    person.clean("concerns")

    page = person.open("/en/towns/aksu/communities/")
    map_ready(page)
    expect(page.get_by_text("Bereke").first).to_be_visible()
    person.clean("communities")

    page = person.open(gallery.get_absolute_url())
    map_ready(page)
    assert page.get_attribute("#map", "data-features") == "2"
    expect(page.locator(".drawing-card img").first).to_be_visible()
    person.clean("contest-gallery")


def test_the_architects_pages_and_the_folium_report_map(walk, design):
    person = walk()
    kwargs = {"town": "aksu", "site": design.site.slug, "session": design.slug}

    page = person.open(reverse("codesign:compare", kwargs=kwargs))
    map_ready(page, "#twin-maps")  # the two concepts side by side
    map_ready(page, "#map-agreement")
    person.clean("compare")

    page = person.open(reverse("codesign:report", kwargs=kwargs))
    frame = page.frame_locator("iframe.report-map")
    # folium's inline scripts ran (allowed by their hashes): Leaflet drew the map.
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=20_000)
    expect(frame.locator(".leaflet-control-layers")).to_contain_text("Site boundary")
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_have_count(1)
    person.clean("report")


def test_the_drawing_pages_run_under_the_policy(walk, people, design, budgeting):
    person = walk(people["resident"])
    concept = codesign_services.concept_create(
        session=design, author=people["resident"], title="Shade and benches"
    )
    kwargs = {"town": "aksu", "site": design.site.slug, "session": design.slug}
    page = person.open(
        reverse("codesign:concept-draw", kwargs={**kwargs, "pk": concept.pk})
    )
    map_ready(page)
    page.wait_for_selector("#map[data-draw=ready]", timeout=10_000)
    person.clean("concept-draw")

    voting, submission = budgeting
    page = person.open(reverse("codesign:propose", kwargs=campaign_kwargs(submission)))
    map_ready(page)
    person.clean("propose")

    page = person.open(reverse("codesign:vote", kwargs=campaign_kwargs(voting)))
    expect(page.get_by_role("heading", name="Vote")).to_be_visible()
    expect(page.locator("main form").first).to_be_visible()
    person.clean("vote")


def test_the_admin_map_widget_and_the_api_docs(walk, aksu, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="csp-admin", password="x", email="admin@example.kz"
    )
    person = walk(admin)
    site = aksu.sites.get(slug="neglected-park")
    page = person.open(f"/en/admin/mapping/site/{site.pk}/change/")
    # OpenLayers drew the towns' boundaries and the site's shape on its canvas.
    widget = page.locator(".birge-map-widget")
    widget.scroll_into_view_if_needed()
    expect(widget.locator(".ol-viewport canvas").first).to_be_visible(timeout=20_000)
    expect(widget.locator(".ol-zoom-in")).to_be_visible()
    # The widget's script ran from its file and read the site's boundary.
    shapes = page.evaluate("window.geodjango_boundary.featureCollection.getLength()")
    assert shapes == 1
    person.clean("admin-site")

    page = person.open("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Birge API", timeout=20_000
    )
    expect(page.locator(".opblock").first).to_be_visible()
    person.clean("api-docs")


def test_a_popup_shows_markup_in_a_name_as_text(walk, aksu):
    names = {"kk": PWNED, "ru": PWNED, "en": PWNED}
    SiteFactory(town=aksu, slug="pwned", names=names, descriptions=names)
    person = walk()
    page = person.open("/en/towns/aksu/")
    map_ready(page)
    page.get_by_role("button", name=PWNED).click()
    popup = page.locator(".maplibregl-popup")
    expect(popup).to_contain_text(PWNED)
    assert popup.locator("img").count() == 0
    assert page.title() != "pwned"
    person.clean("popup-markup-as-text")
