"""A proposal hidden during the vote: no new votes, the votes cast are kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from codesign import services
from codesign.errors import ActionRefused
from codesign.models import BallotChoice, Phase
from codesign.phases import move_to
from tests.codesign.conftest import IINS, on_ballot
from tests.moderation.conftest import hide, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(aksu, author, django_user_model):
    expert = django_user_model.objects.create_user(username="expert", password="x")
    return on_ballot(aksu, author, expert)


def test_a_hidden_proposal_cannot_be_chosen_but_its_votes_stay(
    client, voting, author, reader, moderator
):
    campaign, (first, second, _third) = voting
    services.voter_verify_iin(campaign=campaign, user=author, iin=IINS[0])
    services.ballot_submit(campaign=campaign, user=author, choices={first.pk: 1})

    hide(moderator, first, "The place is someone's private yard.")

    assert BallotChoice.objects.filter(proposal=first).count() == 1
    services.voter_verify_iin(campaign=campaign, user=reader, iin=IINS[1])
    with pytest.raises(ActionRefused) as refused:
        services.ballot_submit(
            campaign=campaign, user=reader, choices={first.pk: 1, second.pk: 1}
        )
    assert refused.value.code == "hidden_by_moderator"
    assert refused.value.status == 400
    # The ballot page no longer offers it.
    keys = {"town": campaign.town.slug, "slug": campaign.slug}
    page = signed_in(client, reader).get(reverse("codesign:vote", kwargs=keys))
    assert first.title not in page.content.decode()
    assert second.title in page.content.decode()


def test_the_results_count_its_votes_without_showing_its_title(
    client, voting, author, moderator
):
    campaign, (first, _second, _third) = voting
    services.voter_verify_iin(campaign=campaign, user=author, iin=IINS[0])
    services.ballot_submit(campaign=campaign, user=author, choices={first.pk: 1})
    hide(moderator, first, "Offensive words in the description.")
    campaign = move_to(campaign, Phase.COUNTING)
    services.results_publish(campaign=campaign)

    keys = {"town": campaign.town.slug, "slug": campaign.slug}
    page = client.get(reverse("codesign:results", kwargs=keys)).content.decode()
    assert first.title not in page
    assert "Hidden by a moderator" in page
    assert campaign.results.get(proposal=first).votes == 1
