"""Proposals: phases, places, versions, and what others may see."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from codesign import selectors, services
from codesign.errors import ActionRefused
from codesign.models import Phase, Proposal, ProposalStatus
from mapping.intake import GeometryRejected
from tests.factories import accepted_in, square

from .conftest import make_campaign, move_to, propose

pytestmark = pytest.mark.django_db


def test_a_submitted_proposal_gets_its_district_and_first_versions(campaign, resident):
    proposal = propose(campaign, resident)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.district.slug == "central"
    assert [v.status for v in proposal.versions.order_by("revision")] == [
        "draft",
        "submitted",
    ]


def test_proposals_are_refused_outside_the_submission_window(aksu, resident):
    campaign = make_campaign(aksu, Phase.REVIEW)
    with pytest.raises(ActionRefused) as refused:
        propose(campaign, resident)
    assert refused.value.code == "phase_closed"
    assert "closed on" in str(refused.value)
    assert not Proposal.objects.exists()


def test_proposals_are_refused_before_the_window_opens(aksu, resident):
    campaign = make_campaign(aksu, Phase.ANNOUNCED)
    with pytest.raises(ActionRefused) as refused:
        propose(campaign, resident)
    assert refused.value.code == "phase_not_open"


def test_a_place_outside_the_town_is_rejected_by_the_intake(campaign):
    with pytest.raises(GeometryRejected) as rejected:
        accepted_in(campaign.town, square(70.0, 50.0), ("Point", "Polygon"))
    assert rejected.value.code == "outside_town"


def test_geometry_accepted_for_another_town_is_refused(
    campaign, resident, town_factory
):
    other = town_factory(slug="rudny")
    geometry = accepted_in(other, square(76.93, 52.04), ("Polygon",))
    with pytest.raises(ValueError):
        services.proposal_create(
            campaign=campaign,
            author=resident,
            title="x",
            description="",
            language="kk",
            geometry=geometry,
            cost_estimate=1,
        )


def test_every_change_of_place_and_cost_is_a_version(campaign, resident):
    proposal = propose(campaign, resident, submit=False)
    services.proposal_update(
        proposal=proposal,
        author=resident,
        geometry=accepted_in(campaign.town, square(76.935, 52.045), ("Polygon",)),
        cost_estimate=6_000_000,
    )
    last = proposal.versions.order_by("-revision").first()
    assert sorted(last.changed) == ["cost", "geometry"]
    assert last.cost == 6_000_000
    first = proposal.versions.order_by("revision").first()
    assert first.geometry.extent != last.geometry.extent
    history = selectors.history(proposal)
    assert [h["version"].revision for h in history] == [1, 2]
    assert history[0]["geometry"]["type"] == "Polygon"


def test_someone_elses_draft_is_not_found(campaign, resident, django_user_model):
    draft = propose(campaign, resident, submit=False)
    other = django_user_model.objects.create_user(username="other")
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.proposal_for(campaign, draft.number, other)
    assert selectors.proposal_for(campaign, draft.number, resident) == draft


def test_the_author_cannot_edit_a_proposal_under_review(
    campaign, resident, council, expert
):
    proposal = propose(campaign, resident)
    move_to(campaign, Phase.REVIEW)
    services.review_save(proposal=proposal, reviewer=expert, scores={}, comment="ok")
    with pytest.raises(ActionRefused) as refused:
        services.proposal_update(proposal=proposal, author=resident, title="New")
    assert refused.value.code == "not_editable"


def test_the_author_hears_about_each_status_change_in_their_language(
    campaign, resident, council, expert, django_capture_on_commit_callbacks
):
    proposal = propose(campaign, resident)
    move_to(campaign, Phase.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_request_changes(
            proposal=proposal, reviewer=expert, reason="Please move it off the road."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigerim@example.kz"]
    assert "Please move it off the road." in message.body
    # Aigerim reads Kazakh: the subject, the status and the link are in Kazakh.
    assert message.subject == "#1 ұсынысыңыздың жаңа күйі: түзету сұралды"
    assert "http://127.0.0.1:8000/kk/towns/aksu/budget/" in message.body


def test_raw_sql_cannot_accept_a_proposal_over_the_cap(campaign, resident):
    proposal = propose(campaign, resident, cost=9_500_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status="accepted")
