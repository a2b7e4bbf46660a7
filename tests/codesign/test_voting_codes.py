"""Voting codes: one person, one ballot, whether they vote with a code or their IIN.

In a campaign that takes IINs the project centre issues each code to a person by
their IIN; anonymous codes in batches are for campaigns that take no IINs.
"""

from __future__ import annotations

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.services import role_grant
from codesign import identity, services
from codesign.errors import ActionRefused
from codesign.models import Ballot, VoterRegistration, VotingCode
from tests.codesign.admin_forms import unchanged
from tests.integrity.test_concurrency import at_once, refused_while_first_holds

from .conftest import IINS, on_ballot
from .test_pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(django_user_model, aksu):
    """The akimat's official at the project centre (paper ballots, voting codes)."""
    user = django_user_model.objects.create_user(username="clerk", password="x")
    role_grant(actor=None, user=user, role=Role.AKIMAT, town=aksu)
    return user


@pytest.fixture
def voting(aksu, resident, expert):
    """A campaign in voting that takes both IINs and codes, and its project ids."""
    campaign, proposals = on_ballot(aksu, resident, expert)
    return campaign, [p.pk for p in proposals]


def refusal(call, **kwargs) -> ActionRefused:
    with pytest.raises(ActionRefused) as refused:
        call(**kwargs)
    return refused.value


def test_a_code_issued_to_an_iin_votes_as_that_person(
    voting, clerk, resident, django_user_model
):
    """The hole this closes: a code on one account, the IIN on another."""
    campaign, ids = voting
    code = services.voting_code_issue(campaign=campaign, clerk=clerk, iin=IINS[0])
    registration = services.voter_redeem_code(
        campaign=campaign, user=resident, code=code
    )
    assert registration.voter_key == identity.iin_voter_key(campaign.pk, IINS[0])
    services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})

    other = django_user_model.objects.create_user(username="other")
    taken = refusal(
        services.voter_verify_iin, campaign=campaign, user=other, iin=IINS[0]
    )
    assert taken.code == "identity_taken"
    on_paper = refusal(
        services.paper_ballot_enter,
        campaign=campaign,
        clerk=clerk,
        choices={ids[1]: 1},
        iin=IINS[0],
    )
    assert on_paper.code == "already_voted"
    assert Ballot.objects.filter(campaign=campaign).count() == 1


def test_the_iin_first_then_the_code_is_refused_too(
    voting, clerk, resident, django_user_model
):
    campaign, ids = voting
    code = services.voting_code_issue(campaign=campaign, clerk=clerk, iin=IINS[1])
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[1])
    other = django_user_model.objects.create_user(username="other")
    taken = refusal(
        services.voter_redeem_code, campaign=campaign, user=other, code=code
    )
    assert taken.code == "identity_taken"
    # Refused as a whole: the code was not used up by the failed attempt.
    assert VotingCode.objects.get(campaign=campaign).redeemed_at is None
    # A paper ballot with the code counts for the same person, once.
    services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})
    on_paper = refusal(
        services.paper_ballot_enter,
        campaign=campaign,
        clerk=clerk,
        choices={ids[1]: 1},
        code=code,
    )
    assert on_paper.code == "already_voted"
    assert Ballot.objects.filter(campaign=campaign).count() == 1


def test_the_centre_issues_no_code_to_someone_who_voted_or_is_verified(
    voting, clerk, resident
):
    campaign, ids = voting
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    verified = refusal(
        services.voting_code_issue, campaign=campaign, clerk=clerk, iin=IINS[0]
    )
    assert verified.code == "already_verified"
    services.paper_ballot_enter(
        campaign=campaign, clerk=clerk, choices={ids[0]: 1}, iin=IINS[1]
    )
    voted = refusal(
        services.voting_code_issue, campaign=campaign, clerk=clerk, iin=IINS[1]
    )
    assert voted.code == "already_voted"
    assert not VotingCode.objects.exists()


def test_a_new_code_replaces_a_lost_one(voting, clerk, resident):
    campaign, _ids = voting
    lost = services.voting_code_issue(campaign=campaign, clerk=clerk, iin=IINS[0])
    new = services.voting_code_issue(campaign=campaign, clerk=clerk, iin=IINS[0])
    assert new != lost
    assert VotingCode.objects.filter(campaign=campaign).count() == 1
    gone = refusal(
        services.voter_redeem_code, campaign=campaign, user=resident, code=lost
    )
    assert gone.code == "code_invalid"
    services.voter_redeem_code(campaign=campaign, user=resident, code=new)
    stored = VotingCode.objects.get(campaign=campaign)
    assert stored.issued_by == clerk and stored.redeemed_at is not None
    # Neither the code nor the IIN is stored in clear.
    assert new not in repr(VotingCode.objects.values().get())
    assert IINS[0] not in repr(VotingCode.objects.values().get())


def test_only_the_centre_issues_codes_to_people(voting, resident):
    campaign, _ids = voting
    refused = refusal(
        services.voting_code_issue, campaign=campaign, clerk=resident, iin=IINS[0]
    )
    assert (refused.code, refused.status) == ("not_clerk", 403)
    assert not VotingCode.objects.exists()


def test_anonymous_batches_are_for_votes_without_iins(aksu, resident, expert, clerk):
    with_iin, _ = on_ballot(aksu, resident, expert)
    refused = refusal(services.voting_codes_issue, campaign=with_iin, count=5)
    assert refused.code == "codes_need_iin"
    assert not VotingCode.objects.exists()

    codes_only, _ = on_ballot(
        aksu, resident, expert, slug="codes-only", accepts_iin=False
    )
    assert len(services.voting_codes_issue(campaign=codes_only, count=5)) == 5
    in_batches = refusal(
        services.voting_code_issue, campaign=codes_only, clerk=clerk, iin=IINS[0]
    )
    assert in_batches.code == "codes_in_batches"


def test_a_method_the_campaign_does_not_take_is_refused_on_paper_too(
    aksu, resident, expert, clerk
):
    codes_only, proposals = on_ballot(
        aksu, resident, expert, slug="codes-only", accepts_iin=False
    )
    by_iin = refusal(
        services.paper_ballot_enter,
        campaign=codes_only,
        clerk=clerk,
        choices={proposals[0].pk: 1},
        iin=IINS[0],
    )
    assert (by_iin.code, by_iin.field) == ("method_closed", "iin")
    iin_only, proposals = on_ballot(
        aksu, resident, expert, slug="iin-only", accepts_codes=False
    )
    by_code = refusal(
        services.paper_ballot_enter,
        campaign=iin_only,
        clerk=clerk,
        choices={proposals[0].pk: 1},
        code="ABCDE-FGHJK",
    )
    assert (by_code.code, by_code.field) == ("method_closed", "code")
    assert not Ballot.objects.exists()


# --- Pages -----------------------------------------------------------------------


def test_the_clerk_issues_a_code_on_a_page_and_it_is_shown_once(
    voting, clerk, resident, client
):
    campaign, _ids = voting
    client.force_login(clerk)
    page = url("codesign:voting-codes", campaign)
    assert (
        url("codesign:voting-codes", campaign)
        in client.get(url("codesign:paper-ballot", campaign)).content.decode()
    )
    response = client.post(page, {"iin": "9001 0130 0017"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    code = html.split('id="voting-code">')[1].split("<")[0]
    assert len(code) == 11 and code[5] == "-"
    vote_page = reverse(
        "codesign:vote", kwargs={"town": campaign.town.slug, "slug": campaign.slug}
    )
    assert settings.BIRGE_SITE_URL + vote_page in html  # the public address
    # The code works for the person it was issued to.
    registration = services.voter_redeem_code(
        campaign=campaign, user=resident, code=code
    )
    assert registration.voter_key == identity.iin_voter_key(campaign.pk, IINS[0])
    assert code not in client.get(page).content.decode()


def test_the_page_says_what_is_wrong_in_the_clerks_language(voting, clerk, client):
    campaign, _ids = voting
    client.force_login(clerk)
    with translation.override("ru"):
        page = url("codesign:voting-codes", campaign)  # under /ru/
    response = client.post(page, {"iin": "900101300018"})
    assert response.status_code == 400
    assert "ИИН" in response.content.decode()
    assert 'id="voting-code"' not in response.content.decode()
    assert not VotingCode.objects.exists()


def test_the_page_is_only_for_the_centre(voting, resident, client):
    campaign, _ids = voting
    client.force_login(resident)
    assert client.get(url("codesign:voting-codes", campaign)).status_code == 404
    assert (
        client.post(
            url("codesign:voting-codes", campaign), {"iin": IINS[0]}
        ).status_code
        == 404
    )
    assert not VotingCode.objects.exists()


def test_the_vote_page_offers_only_the_methods_the_campaign_takes(
    aksu, resident, expert, client
):
    codes_only, _ = on_ballot(
        aksu, resident, expert, slug="codes-only", accepts_iin=False
    )
    client.force_login(resident)
    html = client.get(url("codesign:vote", codes_only)).content.decode()
    assert 'name="code"' in html and 'name="iin"' not in html
    assert "enter the voting code the project centre gave you" in html
    assert "Your IIN is checked" not in html
    empty = client.post(url("codesign:vote", codes_only), {"step": "verify"})
    assert empty.status_code == 400
    assert not VoterRegistration.objects.exists()
    iin_only, _ = on_ballot(
        aksu, resident, expert, slug="iin-only", accepts_codes=False
    )
    html = client.get(url("codesign:vote", iin_only)).content.decode()
    assert 'name="iin"' in html and 'name="code"' not in html


def test_the_admin_keeps_a_campaigns_methods_once_codes_are_out(
    voting, clerk, admin_client
):
    campaign, _ids = voting
    services.voting_code_issue(campaign=campaign, clerk=clerk, iin=IINS[0])
    change = reverse("admin:codesign_campaign_change", args=[campaign.pk])
    data = unchanged(admin_client.get(change))
    del data["accepts_iin"]  # the box unticked
    response = admin_client.post(change, data)
    assert response.status_code == 200  # the form again, with the reason
    assert "can no longer change" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.accepts_iin

    batch = admin_client.post(
        reverse("admin:codesign_campaign_changelist"),
        {"action": "issue_voting_codes", "_selected_action": [campaign.pk]},
        follow=True,
    )
    assert "issued to one person by their IIN" in batch.content.decode()
    assert VotingCode.objects.filter(voter_key__isnull=True).count() == 0


# --- The database, under concurrent writers ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_change_of_methods_waits_for_a_code_being_issued(aksu, resident, expert):
    """A code for no one, committed while IINs are switched on, is seen and refused."""
    campaign, _ = on_ballot(aksu, resident, expert, accepts_iin=False)
    params = connection.get_connection_params()
    with psycopg.connect(**params) as issuer, psycopg.connect(**params) as admin:
        issuer.execute(
            "INSERT INTO codesign_votingcode (campaign_id, code_hash, created, modified)"
            " VALUES (%s, 'h', now(), now())",
            (campaign.pk,),
        )
        refused = refused_while_first_holds(
            issuer,
            admin,
            "UPDATE codesign_campaign SET accepts_iin = true WHERE id = %s",
            (campaign.pk,),
        )
    assert isinstance(refused, psycopg.errors.CheckViolation)
    assert refused.diag.constraint_name == "codesign_campaign_verification_fixed"
    campaign.refresh_from_db()
    assert not campaign.accepts_iin


@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_to_one_person_at_once_leave_one_working_code(
    aksu, resident, expert, django_user_model
):
    campaign, _ = on_ballot(aksu, resident, expert)
    clerks = []
    for name in ("clerk-1", "clerk-2"):
        clerk = django_user_model.objects.create_user(username=name)
        role_grant(actor=None, user=clerk, role=Role.AKIMAT, town=aksu)
        clerks.append(clerk)
    codes = at_once(
        *[
            lambda c=c: services.voting_code_issue(
                campaign=campaign, clerk=c, iin=IINS[0]
            )
            for c in clerks
        ]
    )
    assert len(set(codes)) == 2
    assert VotingCode.objects.filter(campaign=campaign).count() == 1
    works = []
    for n, code in enumerate(codes):
        user = django_user_model.objects.create_user(username=f"holder-{n}")
        try:
            services.voter_redeem_code(campaign=campaign, user=user, code=code)
        except ActionRefused as refused:
            assert refused.code == "code_invalid"
        else:
            works.append(code)
    assert len(works) == 1
