"""A budgeting campaign seen through the browser, from a drawn idea to the results.

A resident draws an area and submits it, the expert council asks for a change and
then accepts it (and cannot accept a proposal over the cap), residents verify and
vote, and anyone reads who won on a table, a map and a chart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.models import Phase, Proposal, ProposalStatus
from tests.codesign.conftest import IINS, make_campaign, move_to, on_ballot, propose

PASSWORD = "a-long-password-1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Inside Aksu's test boundary (76.90-76.96 E, 52.02-52.07 N), in its one district.
AREA = [(76.915, 52.030), (76.925, 52.030), (76.926, 52.037), (76.914, 52.036)]


@pytest.fixture
def people(django_user_model):
    def person(username: str, **extra):
        return django_user_model.objects.create_user(
            username=username, password=PASSWORD, **extra
        )

    return {name: person(name) for name in ("aigerim", "bolat", "dana", "expert")}


@pytest.fixture
def story(aksu, people):
    """A campaign taking proposals: a category, a criterion, a council of one."""
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    services.category_add(
        campaign=campaign,
        slug="yards",
        names={"kk": "Аулалар", "ru": "Дворы", "en": "Yards"},
    )
    services.criterion_add(
        campaign=campaign, names={"kk": "Пайда", "ru": "Польза", "en": "Benefit"}
    )
    services.council_member_add(campaign=campaign, user=people["expert"])
    return campaign


class Browsing:
    """Browser contexts for several people, each page's errors and requests kept."""

    def __init__(self, browser, live_server):
        self.browser = browser
        self.url = live_server.url
        self.contexts = []
        self.errors: list[str] = []
        self.requests: list[str] = []

    def open(self, path: str, *, viewport=DESKTOP, **options):
        context = self.browser.new_context(viewport=viewport, locale="en-US", **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(self.url + path)
        return page

    def sign_in(self, username: str, then: str, **options):
        """A person signs in through the login page and lands on ``then``."""
        page = self.open(f"/en/accounts/login/?next={then}", **options)
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(self.url + then)
        return page

    def close(self):
        for context in self.contexts:
            context.close()

    def left_the_server(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.url)]


@pytest.fixture
def browsing(browser, live_server):
    session = Browsing(browser, live_server)
    yield session
    session.close()


def wait_for_map(page) -> str:
    page.wait_for_selector(
        "#map[data-state=ready], #map[data-state=failed]", timeout=20_000
    )
    return page.get_attribute("#map", "data-state")


def screen_point(page, lon: float, lat: float) -> tuple[float, float]:
    """Where a place is on the screen, asked of the map itself."""
    box = page.locator("#map").bounding_box()
    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.birgeMap.project([lon, lat]);"
        " return [p.x, p.y]; }",
        [lon, lat],
    )
    return box["x"] + x, box["y"] + y


def click_map(page, lon: float, lat: float) -> None:
    x, y = screen_point(page, lon, lat)
    page.mouse.click(x, y)
    # Two quick clicks on one spot would be a double click (a zoom).
    page.wait_for_timeout(250)


def whole_page(page, name: str) -> Path:
    """A screenshot of the whole page, not only what fits on the screen."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def show_top(page, selector: str) -> None:
    """Scroll so that the element is at the top of the screen."""
    page.locator(selector).evaluate("node => node.scrollIntoView()")


def status_of(page) -> str:
    return page.locator("#proposal-status").inner_text()


def test_a_proposal_goes_from_a_drawing_to_the_results(
    browsing, story, people, screenshot
):
    campaign = story
    base = campaign.get_absolute_url()
    # Two ideas by neighbours, and one that costs more than the cap allows.
    others = [
        propose(
            campaign,
            people["bolat"],
            title="Benches by the school",
            lon=76.94,
            lat=52.05,
        ),
        propose(
            campaign,
            people["dana"],
            title="Lights on the river path",
            lon=76.91,
            lat=52.06,
        ),
    ]
    too_dear = propose(
        campaign,
        people["dana"],
        title="A new skating rink",
        cost=9_500_000,
        lon=76.945,
        lat=52.03,
    )

    # (a) The resident signs in, draws an area on the map and submits the idea.
    resident = browsing.sign_in("aigerim", base + "propose/")
    assert wait_for_map(resident) == "ready", browsing.errors
    resident.wait_for_selector("#map[data-draw=ready]", timeout=10_000)
    area_tool = resident.get_by_role("button", name="Area")
    area_tool.click()
    expect(area_tool).to_have_attribute("aria-pressed", "true")
    resident.locator("#map").scroll_into_view_if_needed()
    for lon, lat in AREA:
        click_map(resident, lon, lat)
    click_map(resident, *AREA[-1])  # tapping the last point again finishes the area
    expect(resident.locator("#draw-measure")).to_contain_text(
        re.compile(r"An area of [\d.,]+ ha")
    )
    drawn = resident.locator("input[name=geometry]").input_value()
    assert '"Polygon"' in drawn, drawn
    show_top(resident, "#draw-heading")
    screenshot(resident, "budget-propose-drawn")
    resident.set_viewport_size(PHONE)
    resident.wait_for_timeout(300)
    show_top(resident, "#draw-heading")
    screenshot(resident, "budget-propose-drawn-phone")
    resident.set_viewport_size(DESKTOP)

    resident.fill("#id_title", "Playground in the Abai yard")
    resident.fill("#id_description", "Swings, a sandpit and two benches for the yard.")
    resident.select_option("#id_category", label="Yards")
    resident.fill("#id_cost_estimate", "6500000")
    resident.get_by_role("button", name="Submit to the council").click()
    resident.wait_for_url(re.compile(r"/proposals/\d+/$"))
    assert status_of(resident) == "submitted"
    mine = Proposal.objects.get(author=people["aigerim"])
    assert mine.geometry.geom_type == "Polygon"
    assert mine.district is not None
    proposal_path = mine.get_absolute_url()

    # (b) Review: the council asks for a change, the resident makes it, and the
    # council scores and accepts it.
    move_to(campaign, Phase.REVIEW)
    expert = browsing.sign_in("expert", proposal_path)
    expert.fill("#id_reason", "Please keep the cost under 6 million tenge.")
    expert.get_by_role("button", name="Ask the author for changes").click()
    expect(expert.locator("#proposal-status")).to_have_text("changes requested")

    resident.reload()
    expect(resident.locator(".decision")).to_contain_text("under 6 million")
    resident.get_by_role("link", name="Change it").click()
    expect(resident.locator("#id_cost_estimate")).to_have_value("6500000")
    # The drawn area comes back into the drawing tools, not lost.
    assert wait_for_map(resident) == "ready"
    resident.wait_for_selector("#map[data-draw=ready]", timeout=10_000)
    expect(resident.locator("#draw-measure")).to_contain_text("An area of")
    resident.fill("#id_cost_estimate", "5800000")
    resident.get_by_role("button", name="Submit to the council").click()
    resident.wait_for_url(browsing.url + proposal_path)
    assert status_of(resident) == "submitted"

    expert.reload()
    expert.get_by_label("Benefit").fill("4")
    expert.get_by_label("Comment for the author and the council").fill(
        "A good use of the yard."
    )
    expert.get_by_role("button", name="Save my review").click()
    expect(expert.locator("#proposal-status")).to_have_text("in review")
    expert.get_by_role("button", name="Accept for the ballot").click()
    expect(expert.locator("#proposal-status")).to_have_text("accepted")

    # Over the cap: the council is told why, and nothing changes.
    expert.goto(browsing.url + too_dear.get_absolute_url())
    expert.get_by_role("button", name="Accept for the ballot").click()
    expect(expert.locator("#decision-form .form-errors")).to_contain_text(
        "more than the"
    )
    assert status_of(expert) == "submitted"
    show_top(expert, "#decision-form")
    screenshot(expert, "budget-over-cap")
    too_dear.refresh_from_db()
    assert too_dear.status == ProposalStatus.SUBMITTED

    for other in others:
        services.proposal_accept(proposal=other, reviewer=people["expert"])

    # (c) Voting: three residents verify with their IINs and tick projects.
    move_to(campaign, Phase.VOTING)
    vote = base + "vote/"
    choices = {
        "aigerim": [mine.title, others[0].title],
        "bolat": [others[0].title],
        "dana": [mine.title],
    }
    resident.goto(browsing.url + vote)  # she is signed in already
    voters = {}
    for (name, titles), iin in zip(choices.items(), IINS, strict=True):
        page = resident if name == "aigerim" else browsing.sign_in(name, vote)
        page.fill("#id_iin", iin)
        page.get_by_role("button", name="Verify").click()
        expect(page.locator(".message.success")).to_contain_text("You are verified")
        for title in titles:
            page.get_by_label(re.compile(re.escape(title))).check()
        page.get_by_role("button", name="Cast my ballot").click()
        expect(page.locator(".message.success")).to_contain_text(
            "Your ballot is counted"
        )
        voters[name] = page
    # Bolat changes his mind and adds the playground.
    bolat = voters["bolat"]
    expect(bolat.get_by_label(re.compile(re.escape(others[0].title)))).to_be_checked()
    bolat.get_by_label(re.compile(re.escape(mine.title))).check()
    bolat.get_by_role("button", name="Change my ballot").click()
    expect(bolat.locator(".message.success")).to_contain_text("Your ballot is counted")
    expect(bolat.get_by_label(re.compile(re.escape(mine.title)))).to_be_checked()
    whole_page(bolat, "budget-ballot")

    # (d) Counting: anyone reads the results.
    move_to(campaign, Phase.COUNTING)
    results = browsing.open(base + "results/")
    assert wait_for_map(results) == "ready", browsing.errors
    funded = results.locator("#results-table tr.funded")
    expect(funded).to_have_count(2)
    for row in funded.all():
        expect(row.locator("td").last).to_contain_text("Funded")
    unfunded = results.locator("#results-table tr.unfunded")
    expect(unfunded).to_contain_text("no one voted for it")
    # The winners' map draws at least the winners (the features actually rendered).
    assert int(results.get_attribute("#map", "data-features")) >= funded.count()
    widths = results.locator(".bar-chart li.funded .bar.votes").evaluate_all(
        "bars => bars.map(bar => bar.getBoundingClientRect().width)"
    )
    assert len(widths) == 2 and all(width > 20 for width in widths), widths
    expect(results.locator("#results-summary")).to_contain_text("2 projects funded")
    # Tapping the winning area on the map tells what it is and links to it.
    centre = (sum(p[0] for p in AREA) / len(AREA), sum(p[1] for p in AREA) / len(AREA))
    results.locator("#map").scroll_into_view_if_needed()
    results.mouse.click(*screen_point(results, *centre))
    popup = results.locator(".maplibregl-popup")
    expect(popup).to_contain_text("Playground in the Abai yard")
    expect(popup).to_contain_text("5,800,000 ₸")
    expect(popup.get_by_role("link", name="Open the proposal")).to_have_attribute(
        "href", proposal_path
    )
    whole_page(results, "budget-results")
    results.set_viewport_size(PHONE)
    results.wait_for_timeout(300)
    whole_page(results, "budget-results-phone")

    assert browsing.errors == []
    assert browsing.left_the_server() == []


def test_the_history_map_shows_a_moved_proposal_before_and_now(
    browsing, story, people, screenshot
):
    campaign = story
    proposal = propose(campaign, people["aigerim"], lon=76.92, lat=52.04)
    path = proposal.get_absolute_url()

    # On a phone: the resident opens the edit page and taps a point elsewhere.
    page = browsing.sign_in(
        "aigerim", path + "edit/", viewport=PHONE, is_mobile=True, has_touch=True
    )
    assert wait_for_map(page) == "ready", browsing.errors
    page.wait_for_selector("#map[data-draw=ready]", timeout=10_000)
    expect(page.locator("#draw-measure")).to_contain_text("An area of")
    page.get_by_role("button", name="Point").click()
    page.locator("#map").scroll_into_view_if_needed()
    x, y = screen_point(page, 76.9235, 52.0415)
    page.touchscreen.tap(x, y)
    measure = page.locator("#draw-measure")
    geometry = page.locator("input[name=geometry]")
    expect(measure).to_have_text("A point is placed.")
    # Undo brings the area back; starting again leaves nothing; a new tap places
    # the point again, replacing whatever was there.
    page.get_by_role("button", name="Undo").click()
    expect(measure).to_contain_text("An area of")
    assert '"Polygon"' in geometry.input_value()
    page.get_by_role("button", name="Start again").click()
    expect(measure).to_have_text("Nothing drawn yet.")
    assert geometry.input_value() == ""
    page.touchscreen.tap(x, y)
    expect(measure).to_have_text("A point is placed.")
    assert '"Point"' in geometry.input_value(), geometry.input_value()
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(browsing.url + path)
    proposal.refresh_from_db()
    assert proposal.geometry.geom_type == "Point"

    # The history map shows where it was (dashed) and where it is now.
    assert wait_for_map(page) == "ready"
    assert page.get_attribute("#map", "data-features") == "2"
    expect(page.locator(".history-legend")).to_contain_text("Before")
    expect(page.locator(".history-label.after")).to_have_text("Now")
    page.locator("#map").scroll_into_view_if_needed()
    screenshot(page, "budget-history-phone")
    assert browsing.errors == []
    assert browsing.left_the_server() == []


def test_the_project_centre_issues_a_code_and_the_person_votes_with_it(
    browsing, aksu, people, screenshot
):
    """A code on a slip stands for the person's IIN: it votes once, as them."""
    campaign, proposals = on_ballot(aksu, people["aigerim"], people["expert"])
    role_grant(actor=None, user=people["expert"], role=Role.AKIMAT, town=aksu)
    base = f"/en/towns/aksu/budget/{campaign.slug}/"

    # At the centre: the official checks Dana's identity card and types her IIN.
    clerk = browsing.sign_in("expert", base + "paper-ballots/")
    clerk.get_by_role("link", name="Voting codes").click()
    clerk.get_by_label("The person's IIN (12 digits)").fill(IINS[2])
    clerk.get_by_role("button", name="Issue a code").click()
    slip = clerk.locator(".voting-slip")
    expect(slip).to_contain_text("Your one-time voting code:")
    expect(slip).to_contain_text(settings.BIRGE_SITE_URL + base + "vote/")
    code = clerk.locator("#voting-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code), code
    expect(clerk.get_by_label("The person's IIN (12 digits)")).to_have_value("")
    whole_page(clerk, "budget-voting-code")
    # Printed, the page is the slip alone.
    clerk.emulate_media(media="print")
    expect(clerk.locator(".campaign-header")).to_be_hidden()
    expect(clerk.locator("form.stack-form")).to_be_hidden()
    expect(slip).to_be_visible()
    screenshot(clerk, "budget-voting-code-print")
    clerk.emulate_media(media="screen")

    # At home: Dana signs in and verifies with the code, typed in lower case.
    dana = browsing.sign_in("dana", base + "vote/")
    dana.fill("#id_code", code.lower())
    dana.get_by_role("button", name="Verify").click()
    expect(dana.locator(".message.success")).to_contain_text("You are verified")
    dana.get_by_label(re.compile(re.escape(proposals[0].title))).check()
    dana.get_by_role("button", name="Cast my ballot").click()
    expect(dana.locator(".message.success")).to_contain_text("Your ballot is counted")

    # Her IIN on another account is the same person: no second ballot.
    bolat = browsing.sign_in("bolat", base + "vote/")
    bolat.fill("#id_iin", IINS[2])
    bolat.get_by_role("button", name="Verify").click()
    expect(bolat.locator(".form-errors")).to_contain_text(
        "already verified with another account"
    )
    whole_page(bolat, "budget-voting-code-refused")
    # Nor a new code for her at the centre.
    clerk.get_by_label("The person's IIN (12 digits)").fill(IINS[2])
    clerk.get_by_role("button", name="Issue a code").click()
    expect(clerk.locator(".field-error, .form-errors")).to_contain_text("already voted")
    expect(clerk.locator("#voting-code")).to_have_count(0)
    assert campaign.ballots.count() == 1
    assert browsing.errors == []
    assert browsing.left_the_server() == []
