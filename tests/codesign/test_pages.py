"""Budgeting pages through the Django client: what residents and the council see."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from codesign import services
from codesign.models import Phase, Proposal

from .conftest import IINS, make_campaign, move_to, propose

pytestmark = pytest.mark.django_db

POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [
            [76.93, 52.04],
            [76.932, 52.04],
            [76.932, 52.042],
            [76.93, 52.042],
            [76.93, 52.04],
        ]
    ],
}
BOWTIE = (
    '{"type": "Polygon", "coordinates": [[[76.93, 52.04], [76.94, 52.05], '
    "[76.94, 52.04], [76.93, 52.05], [76.93, 52.04]]]}"
)


def url(name, campaign, **kw):
    return reverse(
        name, kwargs={"town": campaign.town.slug, "slug": campaign.slug, **kw}
    )


def form(**overrides):
    data = {
        "title": "Skate park by the Palace of Culture",
        "description": "A concrete bowl and two ramps.",
        "cost_estimate": "7000000",
        "language": "ru",
        "geometry": json.dumps(POLYGON),
        "submit": "submit",
    }
    data.update(overrides)
    return data


def test_the_campaign_page_lists_proposals_and_its_phase(client, campaign, resident):
    propose(campaign, resident, title="Lights on Abai street")
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Lights on Abai street" in page
    assert 'aria-current="step"' in page
    assert "Propose an idea" in page
    assert "100,000,000 ₸" in page


def test_a_resident_submits_a_drawn_proposal(client, campaign, resident):
    client.force_login(resident)
    response = client.post(url("codesign:propose", campaign), form())
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.status == "submitted"
    assert proposal.geometry.geom_type == "Polygon"
    assert proposal.district.slug == "central"


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("", "Draw a point, a line or an area on the map first."),
        ('{"type": "Point", "coordinates": [10, 10]}', "outside"),
        (BOWTIE, "crosses itself"),
        ("{not json", "JSON"),
    ],
)
def test_a_bad_drawing_is_refused_with_a_reason_and_nothing_is_stored(
    client, campaign, resident, geometry, message
):
    client.force_login(resident)
    response = client.post(url("codesign:propose", campaign), form(geometry=geometry))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_drawing_over_the_size_limits_answers_413_and_stores_nothing(
    client, campaign, resident, settings
):
    settings.BIRGE_INTAKE_MAX_VERTICES = 50
    ring = [[76.93 + 0.0001 * i, 52.04 + 0.00001 * (i % 2)] for i in range(80)]
    ring = [[76.93, 52.035], *ring, [76.938, 52.035], [76.93, 52.035]]
    geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
    client.force_login(resident)
    response = client.post(url("codesign:propose", campaign), form(geometry=geometry))
    assert response.status_code == 413
    assert "50" in response.content.decode()
    assert not Proposal.objects.exists()


def test_proposing_out_of_phase_answers_409_with_the_dates(client, aksu, resident):
    campaign = make_campaign(aksu, Phase.VOTING)
    client.force_login(resident)
    response = client.post(url("codesign:propose", campaign), form())
    assert response.status_code == 409
    assert "closed on" in response.content.decode()
    assert not Proposal.objects.exists()


def test_proposing_needs_an_account(client, campaign):
    response = client.get(url("codesign:propose", campaign))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_someone_elses_draft_is_a_404(client, campaign, resident, django_user_model):
    draft = propose(campaign, resident, submit=False)
    client.force_login(django_user_model.objects.create_user(username="nosy"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    features = client.get(url("codesign:proposals-geojson", campaign)).json()
    assert features["features"] == []


def test_the_council_sees_an_over_cap_acceptance_refused(
    client, campaign, resident, expert
):
    services.council_member_add(campaign=campaign, user=expert)
    proposal = propose(campaign, resident, cost=9_500_000)
    move_to(campaign, Phase.REVIEW)
    client.force_login(expert)
    response = client.post(
        proposal.get_absolute_url(), {"action": "accept", "reason": ""}
    )
    assert response.status_code == 409
    assert "more than the 9,000,000 ₸ one proposal may cost" in (
        response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_a_resident_cannot_act_as_the_council(client, campaign, resident):
    proposal = propose(campaign, resident)
    move_to(campaign, Phase.REVIEW)
    client.force_login(resident)
    response = client.post(
        proposal.get_absolute_url(), {"action": "accept", "reason": ""}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_voting_through_the_page(client, campaign, resident, expert):
    services.council_member_add(campaign=campaign, user=expert)
    proposal = propose(campaign, resident)
    move_to(campaign, Phase.REVIEW)
    services.proposal_accept(proposal=proposal, reviewer=expert)
    move_to(campaign, Phase.VOTING)
    client.force_login(resident)
    vote = url("codesign:vote", campaign)
    bad = client.post(vote, {"step": "verify", "iin": "900101300018"})
    assert bad.status_code == 400
    assert "last digit does not match" in bad.content.decode()
    assert client.post(vote, {"step": "verify", "iin": IINS[0]}).status_code == 302
    ballot = client.post(vote, {"step": "ballot", f"p{proposal.pk}": "on"})
    assert ballot.status_code == 302
    page = client.get(vote).content.decode()
    assert "Your ballot is counted" in page
    assert "Change my ballot" in page


def test_pages_speak_kazakh(client, campaign, resident):
    propose(campaign, resident)
    page = client.get(campaign.get_absolute_url().replace("/en/", "/kk/"))
    text = page.content.decode()
    assert "Ұсыныстар" in text  # "Proposals"
    assert "₸" in text


def test_activity_and_built_pages_render(client, campaign, resident):
    propose(campaign, resident, title="Bench by the school")
    feed = client.get(url("codesign:activity", campaign)).content.decode()
    assert "Bench by the school" in feed
    built = reverse("codesign:built", kwargs={"town": "aksu"})
    assert client.get(built).status_code == 200


def test_a_bad_photo_refuses_the_whole_submission(
    client, campaign, resident, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(resident)
    photo = SimpleUploadedFile("a.jpg", b"not a picture", content_type="image/jpeg")
    response = client.post(
        url("codesign:propose", campaign), {**form(), "photo": photo}
    )
    assert response.status_code == 400
    assert "not a picture we can read" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_town_page_links_to_budgeting_in_its_language(client, aksu):
    page = client.get("/ru/towns/aksu/").content.decode()
    assert 'href="/ru/towns/aksu/budget/"' in page
    assert "Инициативное бюджетирование" in page
