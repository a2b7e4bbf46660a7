"""A resident reports a proposal; a moderator hides it; the public no longer finds it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from codesign.models import Proposal
from moderation.models import Decision, Flag
from tests.moderation.conftest import grant

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "An advertisement for a furniture shop."


def signed_in_page(browser, live_server, user):
    """A browser page carrying ``user``'s session (no login form involved)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def proposal(transactional_db, aksu, django_user_model):
    from codesign.models import Phase
    from tests.codesign.conftest import make_campaign, propose

    author = django_user_model.objects.create_user(username="aigerim", password="x")
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    return propose(campaign, author, title="Cheap sofas at Abai 12")


def test_a_report_then_a_hide_through_the_pages(
    browser, live_server, proposal, aksu, django_user_model, screenshot
):
    url = f"{live_server.url}{proposal.get_absolute_url()}"
    reader = django_user_model.objects.create_user(username="dana", password="x")
    page = signed_in_page(browser, live_server, reader)
    page.goto(url)
    page.get_by_text("Report", exact=True).click()
    page.get_by_label("Spam or advertising").check()
    page.locator("details.report").scroll_into_view_if_needed()
    screenshot(page, "moderation-report")
    page.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_selector(".messages")
    assert "A moderator of this town will look at it." in page.inner_text(".messages")
    assert Flag.objects.get().reporter == reader
    page.context.close()

    moderator = django_user_model.objects.create_user(username="mod", password="x")
    grant(moderator, town=aksu)
    page = signed_in_page(browser, live_server, moderator)
    page.goto(f"{live_server.url}/en/moderation/")
    page.get_by_role("link", name="#1 Cheap sofas at Abai 12").click()
    page.get_by_label("Reason (the author will read it)").fill(REASON)
    page.get_by_role("button", name="Hide it").click()
    page.wait_for_selector("#hidden-notice")
    assert REASON in page.inner_text("#hidden-notice")
    assert "Hidden." in page.inner_text(".messages")
    path = screenshot(page, "moderation-hidden")
    assert path.stat().st_size > 10_000
    assert page.errors == []
    page.context.close()

    assert Decision.objects.get().action == "hide"
    assert Proposal.objects.get(pk=proposal.pk).title == "Cheap sofas at Abai 12"
    visitor = browser.new_context().new_page()
    response = visitor.goto(url)
    assert response.status == 404
    visitor.goto(f"{live_server.url}{proposal.campaign.get_absolute_url()}")
    assert "Cheap sofas" not in visitor.content()
    visitor.context.close()
