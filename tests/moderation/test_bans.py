"""A banned person reads Birge but every write they try is refused, saying why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from codesign import services as codesign
from codesign.models import Concept, Phase, Proposal
from codesign.phases import move_to
from community_map.models import Community, CommunityMember, Concern, MemberRole
from community_map.services import communities as community_services
from community_map.services import concerns as concern_services
from contest import services as contest_services
from contest.models import Drawing, JuryScore, Stage
from contest.stages import move_to as contest_move_to
from mapping.refusals import ActionRefused
from moderation import services
from moderation.bans import ensure_may_write
from moderation.models import Ban, Flag
from tests.codesign.conftest import (  # noqa: F401 (park, session: fixtures)
    IINS,
    on_ballot,
    park,
    propose,
    session,
)
from tests.codesign.sketching import drawn
from tests.contest.conftest import make_contest, send
from tests.factories import accepted_in
from tests.moderation.conftest import ADDRESS, post, signed_in

pytestmark = pytest.mark.django_db

WHY = "Insults in three proposals."
POINT = {"type": "Point", "coordinates": [76.931, 52.041]}


def banned(person, chief, *, until=None):
    return services.person_ban(moderator=chief, person=person, reason=WHY, until=until)


def refused(write) -> ActionRefused:
    with pytest.raises(ActionRefused) as caught:
        write()
    assert caught.value.code == "banned"
    assert caught.value.status == 403
    assert WHY in str(caught.value)
    return caught.value


def test_proposals_photos_and_submissions(campaign, proposal, author, chief):
    draft = propose(campaign, author, submit=False, title="Draft")
    banned(author, chief)
    count = Proposal.objects.count()
    refused(lambda: propose(campaign, author, title="Another"))
    refused(lambda: codesign.proposal_update(proposal=draft, author=author, title="X"))
    refused(lambda: codesign.proposal_submit(proposal=draft, author=author))
    assert Proposal.objects.count() == count
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_concepts(session, author, chief):  # noqa: F811 (the imported fixture)
    concept = codesign.concept_create(session=session, author=author, title="Mine")
    element = drawn(
        session.site.town, "playground", "POLYGON((10 10, 60 10, 60 60, 10 60, 10 10))"
    )
    codesign.concept_save(concept=concept, author=author, elements=[element])
    banned(author, chief)
    refused(
        lambda: codesign.concept_create(session=session, author=author, title="More")
    )
    refused(lambda: codesign.concept_save(concept=concept, author=author, elements=[]))
    refused(lambda: codesign.concept_submit(concept=concept, author=author))
    assert Concept.objects.count() == 1
    assert concept.versions.get().elements.count() == 1


def test_votes(aksu, author, reader, chief, django_user_model):
    expert = django_user_model.objects.create_user(username="expert", password="x")
    campaign, proposals = on_ballot(aksu, author, expert)
    codesign.voter_verify_iin(campaign=campaign, user=reader, iin=IINS[0])
    banned(reader, chief)
    banned(author, chief)
    refused(
        lambda: codesign.ballot_submit(
            campaign=campaign, user=reader, choices={proposals[0].pk: 1}
        )
    )
    refused(
        lambda: codesign.voter_verify_iin(campaign=campaign, user=author, iin=IINS[1])
    )
    assert not campaign.ballots.exists()


def test_council_reviews(campaign, proposal, chief, django_user_model):
    expert = django_user_model.objects.create_user(username="expert", password="x")
    codesign.council_member_add(campaign=campaign, user=expert)
    campaign = move_to(campaign, Phase.REVIEW)
    banned(expert, chief)
    refused(
        lambda: codesign.proposal_reject(
            proposal=proposal, reviewer=expert, reason="No."
        )
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"


@pytest.fixture
def mapped(aksu, author):
    """A community in Aksu whose mapper is ``author``."""
    community = Community(town=aksu, slug="bereke", name_en="Bereke", kind="ngo")
    community.full_clean(exclude=["work_area"])
    community.save()
    CommunityMember.objects.create(
        community=community, user=author, role=MemberRole.MAPPER
    )
    return community


def test_concerns_and_communities(aksu, mapped, author, reader, chief):
    concern = concern_services.concern_record(
        recorder=author,
        community=mapped,
        category="heating",
        source="hotline",
        reported_on=dt.date(2025, 1, 15),
        location=accepted_in(aksu, POINT, ("Point",)),
        text="No heating.",
    )
    banned(author, chief)
    banned(reader, chief)
    place = accepted_in(aksu, POINT, ("Point",))
    refused(
        lambda: concern_services.concern_report(
            town=aksu, reporter=reader, category="heating", location=place, text="Cold"
        )
    )
    refused(
        lambda: concern_services.concern_record(
            recorder=author,
            community=mapped,
            category="heating",
            source="hotline",
            reported_on=dt.date(2025, 1, 16),
            location=place,
            text="Cold again.",
        )
    )
    refused(
        lambda: concern_services.concern_set_status(
            actor=author, concern=concern, status="resolved"
        )
    )
    refused(
        lambda: community_services.meeting_place_add(
            actor=author, community=mapped, names={"en": "Yard"}, location=place
        )
    )
    refused(
        lambda: community_services.community_create(
            actor=author, town=aksu, names={"en": "New group"}, kind="initiative"
        )
    )
    assert Concern.objects.count() == 1
    assert Concern.objects.get().status == "new"
    assert Community.objects.count() == 1


def test_drawings_and_jury_scores(aksu, author, chief, django_user_model):
    contest = make_contest(aksu)
    juror = django_user_model.objects.create_user(username="juror", password="x")
    contest_services.jury_member_add(contest=contest, user=juror, is_chair=True)
    sent = send(contest, author)
    contest_services.drawing_accept(drawing=sent, by=juror)
    banned(author, chief)
    banned(juror, chief)
    refused(lambda: send(contest, author, title="Another"))
    contest = contest_move_to(contest, Stage.JUDGING)
    refused(lambda: contest_services.jury_score(drawing=sent, juror=juror, score=7))
    assert Drawing.objects.count() == 1
    assert not JuryScore.objects.exists()


def test_reports(client, proposal, reader, chief):
    banned(reader, chief)
    signed_in(client, reader)
    response = post(
        client,
        reverse("moderation:report", args=["proposal", proposal.pk]),
        {"reason": "spam"},
    )
    assert response.status_code == 403
    assert WHY in response.content.decode()
    assert not Flag.objects.exists()


def test_the_page_answers_403_with_the_reason_and_the_end_date(
    client, campaign, author, chief
):
    draft = propose(campaign, author, submit=False)
    until = timezone.now() + dt.timedelta(days=10)
    banned(author, chief, until=until)
    signed_in(client, author)
    response = client.post(draft.get_absolute_url(), {"action": "submit"})
    assert response.status_code == 403
    text = response.content.decode()
    assert WHY in text
    assert str(timezone.localtime(until).year) in text
    assert "until" in text


def test_the_message_is_in_the_persons_language(
    client, campaign, author, chief, russian
):
    russian(
        "Your account may not write on Birge. The moderators' reason: "
        "%(reason)s. The ban has no end date.",
        "Вашей учётной записи запрещено писать в Birge. Причина: %(reason)s.",
    )
    draft = propose(campaign, author, submit=False)
    banned(author, chief)
    with translation.override("ru"):
        refusal = refused(lambda: ensure_may_write(author))
        assert (
            str(refusal)
            == f"Вашей учётной записи запрещено писать в Birge. Причина: {WHY}."
        )
    signed_in(client, author)
    url = draft.get_absolute_url().replace("/en/", "/ru/", 1)
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 403
    assert "Вашей учётной записи запрещено писать" in response.content.decode()


def test_an_ended_or_lifted_ban_lets_them_write_again(campaign, author, chief):
    banned(author, chief, until=timezone.now() + dt.timedelta(hours=1))
    Ban.objects.update(until=timezone.now() - dt.timedelta(minutes=1))
    propose(campaign, author, title="After the ban ended")
    banned(author, chief)
    refused(lambda: propose(campaign, author))
    services.person_unban(moderator=chief, person=author, reason="Apologised.")
    propose(campaign, author, title="After the ban was lifted")
    assert Proposal.objects.filter(author=author).count() == 2


def test_bans_are_made_on_their_page_and_audited(client, author, chief, moderator):
    # A moderator of one town cannot ban: bans reach every town.
    assert (
        signed_in(client, moderator).get(reverse("moderation:bans")).status_code == 404
    )
    signed_in(client, chief)
    response = post(
        client,
        reverse("moderation:ban"),
        {"username": "aigerim", "reason": WHY, "until": ""},
    )
    assert response.status_code == 302
    page = client.get(reverse("moderation:bans")).content.decode()
    assert "aigerim" in page and WHY in page
    post(
        client, reverse("moderation:unban", args=[author.pk]), {"reason": "Apologised."}
    )
    assert not Ban.objects.filter(lifted_at__isnull=True).exists()
    entries = AuditEntry.objects.filter(
        action__in=["moderation.ban", "moderation.unban"]
    )
    assert [
        (e.action, e.actor_name, e.target_label, e.address)
        for e in entries.order_by("at")
    ] == [
        ("moderation.ban", "chief", "aigerim", ADDRESS),
        ("moderation.unban", "chief", "aigerim", ADDRESS),
    ]
    assert entries.get(action="moderation.ban").data["reason"] == WHY


def test_a_ban_for_an_unknown_account_or_a_past_day_is_a_400(client, author, chief):
    signed_in(client, chief)
    unknown = post(
        client, reverse("moderation:ban"), {"username": "nobody", "reason": WHY}
    )
    assert unknown.status_code == 400
    assert "There is no account with this name." in unknown.content.decode()
    past = post(
        client,
        reverse("moderation:ban"),
        {"username": "aigerim", "reason": WHY, "until": "2001-01-01"},
    )
    assert past.status_code == 400
    assert "must be in the future" in past.content.decode()
    assert not Ban.objects.exists()
