"""Residents report public content: one open report per person, audited."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from moderation import services
from moderation.models import Flag, FlagOutcome
from tests.moderation.conftest import ADDRESS, post, signed_in

pytestmark = pytest.mark.django_db


def report_url(kind: str, pk: int) -> str:
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


def test_a_signed_in_resident_reports_a_proposal_from_its_page(
    client, proposal, reader
):
    signed_in(client, reader)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert report_url("proposal", proposal.pk) in page  # the form on the page

    response = post(
        client,
        report_url("proposal", proposal.pk),
        {"reason": "spam", "text": "", "next": proposal.get_absolute_url()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert "A moderator of this town will look at it." in response.content.decode()
    flag = Flag.objects.get()
    assert (flag.reporter, flag.reason, flag.town) == (
        reader,
        "spam",
        proposal.campaign.town,
    )
    entry = AuditEntry.objects.get(action="moderation.flag")
    assert (entry.actor_name, entry.address) == ("dana", ADDRESS)
    assert entry.target_id == str(proposal.pk)


def test_a_second_open_report_by_the_same_person_is_refused(client, proposal, reader):
    signed_in(client, reader)
    url = report_url("proposal", proposal.pk)
    assert post(client, url, {"reason": "spam"}).status_code == 302
    again = post(client, url, {"reason": "offensive"})
    assert again.status_code == 409
    assert "already reported" in again.content.decode()
    assert Flag.objects.count() == 1


def test_the_database_allows_one_open_flag_per_person_per_object(
    proposal, reader, moderator
):
    services.flag_raise(reporter=reader, target=proposal, reason="spam")
    first = Flag.objects.get()
    duplicate = Flag(
        content_type=first.content_type,
        object_id=first.object_id,
        town=first.town,
        reporter=reader,
        reason="offensive",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # Once a moderator has closed it, the same person may report again.
    services.flags_dismiss(moderator=moderator, target=proposal)
    assert Flag.objects.get().outcome == FlagOutcome.DISMISSED
    services.flag_raise(reporter=reader, target=proposal, reason="offensive")
    assert Flag.objects.filter(closed_at__isnull=True).count() == 1


def test_something_else_needs_words(client, proposal, reader):
    signed_in(client, reader)
    response = post(client, report_url("proposal", proposal.pk), {"reason": "other"})
    assert response.status_code == 400
    assert "Please say what is wrong." in response.content.decode()
    assert not Flag.objects.exists()


def test_an_unknown_reason_is_a_400_not_a_500(client, proposal, reader):
    signed_in(client, reader)
    response = post(client, report_url("proposal", proposal.pk), {"reason": "zzz"})
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_visitors_are_asked_to_sign_in(client, proposal):
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Sign in to report this to the moderators." in page
    response = client.post(report_url("proposal", proposal.pk), {"reason": "spam"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Flag.objects.exists()


def test_a_draft_cannot_be_reported(client, campaign, author, reader):
    from tests.codesign.conftest import propose

    draft = propose(campaign, author, submit=False)
    signed_in(client, reader)
    response = post(client, report_url("proposal", draft.pk), {"reason": "spam"})
    assert response.status_code == 404
    assert not Flag.objects.exists()
