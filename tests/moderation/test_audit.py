"""The audit log covers reviews, status changes and jury decisions; and its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEntry
from codesign import services as codesign
from codesign.models import Phase
from codesign.phases import move_to
from community_map.models import Community, CommunityMember, MemberRole
from community_map.services import concerns as concern_services
from contest import services as contest_services
from contest.models import Stage
from contest.stages import move_to as contest_move_to
from contest.stages import schedule_with
from tests.codesign.conftest import IINS, propose
from tests.contest.conftest import make_contest, send
from tests.factories import accepted_in
from tests.moderation.conftest import ADDRESS, grant, post, signed_in

pytestmark = pytest.mark.django_db


def log(*prefixes: str) -> list[tuple[str, str, str, str]]:
    """(action, who, from, to) of the entries under these areas, oldest first."""
    entries = AuditEntry.objects.order_by("at", "id")
    return [
        (e.action, e.actor_name, e.data.get("from"), e.data.get("to"))
        for e in entries
        if e.action.split(".")[0] in prefixes
    ]


@pytest.fixture
def expert(campaign, django_user_model):
    user = django_user_model.objects.create_user(username="expert", password="x")
    codesign.council_member_add(campaign=campaign, user=user)
    codesign.criterion_add(
        campaign=campaign, names={"kk": "Пайда", "ru": "Польза", "en": "Benefit"}
    )
    return user


def test_every_council_action_and_status_change_is_logged(
    client, campaign, author, expert
):
    draft = propose(campaign, author, submit=False)
    signed_in(client, author)
    post(client, draft.get_absolute_url(), {"action": "submit"})
    campaign = move_to(campaign, Phase.REVIEW)
    criterion = campaign.criteria.get()
    codesign.review_save(proposal=draft, reviewer=expert, scores={criterion.pk: 4})
    codesign.proposal_request_changes(
        proposal=draft, reviewer=expert, reason="Say where exactly."
    )
    codesign.proposal_revise_cost(
        proposal=draft, reviewer=expert, cost=4_000_000, reason="Cheaper swings."
    )
    codesign.proposal_submit(proposal=draft, author=author)
    codesign.proposal_accept(proposal=draft, reviewer=expert)

    assert log("review", "proposal") == [
        ("proposal.status", "aigerim", "draft", "submitted"),
        ("proposal.status", "expert", "submitted", "in_review"),
        ("review.score", "expert", "submitted", "in_review"),
        ("proposal.status", "expert", "in_review", "changes_requested"),
        ("review.request_changes", "expert", "in_review", "changes_requested"),
        ("review.cost", "expert", "changes_requested", "changes_requested"),
        ("proposal.status", "aigerim", "changes_requested", "submitted"),
        ("proposal.status", "expert", "submitted", "accepted"),
        ("review.accept", "expert", "submitted", "accepted"),
    ]
    submitted = (
        AuditEntry.objects.filter(action="proposal.status").order_by("at", "id").first()
    )
    assert submitted.address == ADDRESS  # through the page, from the client
    cost = AuditEntry.objects.get(action="review.cost")
    assert (cost.data["cost_from"], cost.data["cost_to"]) == (5_000_000, 4_000_000)


def test_rejection_voting_results_and_building_are_logged(
    aksu, campaign, author, expert, django_user_model
):
    kept = propose(campaign, author, title="Kept")
    dropped = propose(campaign, author, title="Dropped", lon=76.95)
    campaign = move_to(campaign, Phase.REVIEW)
    codesign.proposal_accept(proposal=kept, reviewer=expert)
    codesign.proposal_reject(proposal=dropped, reviewer=expert, reason="Not ours.")
    campaign = move_to(campaign, Phase.VOTING)
    codesign.voting_open(campaign=campaign)
    codesign.voter_verify_iin(campaign=campaign, user=author, iin=IINS[0])
    codesign.ballot_submit(campaign=campaign, user=author, choices={kept.pk: 1})
    campaign = move_to(campaign, Phase.COUNTING)
    codesign.results_publish(campaign=campaign)
    campaign = move_to(campaign, Phase.IMPLEMENTATION)
    akimat = django_user_model.objects.create_user(username="akimat", password="x")
    grant(akimat, Role.AKIMAT, town=aksu)
    codesign.proposal_start_work(proposal=kept, user=akimat, note="Started.")

    moves = [(a, who, f, t) for a, who, f, t in log("proposal", "review")]
    assert ("review.reject", "expert", "submitted", "rejected") in moves
    assert ("proposal.status", "", "accepted", "on_ballot") in moves
    assert ("proposal.status", "", "on_ballot", "selected") in moves
    assert ("proposal.status", "akimat", "selected", "in_progress") in moves


def test_concern_status_changes_are_logged(aksu, author):
    community = Community(town=aksu, slug="bereke", name_en="Bereke", kind="ngo")
    community.full_clean(exclude=["work_area"])
    community.save()
    CommunityMember.objects.create(
        community=community, user=author, role=MemberRole.MAPPER
    )
    concern = concern_services.concern_record(
        recorder=author,
        community=community,
        category="heating",
        source="hotline",
        reported_on=dt.date(2025, 1, 15),
        location=accepted_in(
            aksu, {"type": "Point", "coordinates": [76.93, 52.04]}, ("Point",)
        ),
        text="No heating.",
    )
    concern_services.concern_set_status(
        actor=author, concern=concern, status="forwarded"
    )
    concern_services.concern_set_status(
        actor=author, concern=concern, status="forwarded"
    )
    concern_services.concern_set_status(
        actor=author, concern=concern, status="resolved"
    )
    assert log("concern") == [
        ("concern.status", "aigerim", "new", "forwarded"),
        ("concern.status", "aigerim", "forwarded", "resolved"),
    ]


def test_contest_stages_and_jury_decisions_are_logged(aksu, author, django_user_model):
    contest = make_contest(aksu)
    chair = django_user_model.objects.create_user(username="chair", password="x")
    contest_services.jury_member_add(contest=contest, user=chair, is_chair=True)
    drawing = send(contest, author)
    contest_services.drawing_accept(drawing=drawing, by=chair)
    contest = contest_services.contest_reschedule(
        contest=contest, by=chair, **schedule_with(Stage.JUDGING)
    )
    contest_services.jury_score(drawing=drawing, juror=chair, score=8)
    contest_services.jury_score(drawing=drawing, juror=chair, score=9)
    contest_move_to(contest, Stage.RESULTS)
    contest_services.award_grant(drawing=drawing, kind="diploma", by=chair)

    assert log("contest") == [
        ("contest.accept", "chair", "submitted", "accepted"),
        ("contest.stage", "chair", "submission", "judging"),
        ("contest.score", "chair", None, 8),
        ("contest.score", "chair", 8, 9),
        ("contest.award", "chair", None, None),
    ]
    assert AuditEntry.objects.get(action="contest.award").data["award"] == "diploma"


def test_the_audit_page_filters_by_who_what_object_and_day(
    client, proposal, reader, moderator, chief
):
    from moderation import services

    services.flag_raise(reporter=reader, target=proposal, reason="spam")
    services.content_hide(moderator=moderator, target=proposal, reason="Advertising.")
    url = reverse("moderation:audit")
    # Town moderators do not read the whole log (it holds every town's addresses).
    assert signed_in(client, moderator).get(url).status_code == 404
    signed_in(client, chief)

    def shown(**query) -> str:
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode()

    HIDE, FLAG = "<code>moderation.hide</code>", "<code>moderation.flag</code>"
    everything = shown()
    assert FLAG in everything and HIDE in everything
    assert FLAG not in shown(who="moderator")
    assert HIDE not in shown(action="moderation.flag")
    assert HIDE in shown(action="moderation")
    assert HIDE in shown(target=f"proposal:{proposal.pk}")
    assert HIDE not in shown(target=f"proposal:{proposal.pk + 1}")
    assert HIDE in shown(target="Swings")
    today = dt.date.today()
    assert HIDE not in shown(until=str(today - dt.timedelta(days=1)))
    assert HIDE in shown(since=str(today - dt.timedelta(days=1)))
    assert client.get(url, {"since": "not a day"}).status_code == 400
