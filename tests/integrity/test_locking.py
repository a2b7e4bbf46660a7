"""Optimistic locking: a save from an old revision is refused (409), never lost."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from codesign import services
from codesign.errors import ActionRefused
from codesign.models import Concept, Proposal
from tests.codesign.conftest import propose
from tests.codesign.test_design_pages import (
    A_GOOD_DRAWING,
    concept_url,
    feature,
    point,
)
from tests.codesign.test_pages import form

pytestmark = pytest.mark.django_db


def drawing(*features: dict, revision: int | None = None) -> str:
    body: dict = {"type": "FeatureCollection", "features": list(features)}
    if revision is not None:
        body["revision"] = revision
    return json.dumps(body)


def save(client, concept, body: str, **headers):
    return client.post(
        concept_url("concept-save", concept),
        data=body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def concept(session, resident):
    return services.concept_create(session=session, author=resident, title="Shady")


@pytest.fixture
def drawer(client, resident):
    client.force_login(resident)
    return client


# --- Concepts -----------------------------------------------------------------------


def test_the_drawing_page_carries_the_revision_it_shows(drawer, concept):
    page = drawer.get(concept_url("concept-draw", concept)).content.decode()
    config = json.loads(
        re.search(r'<script id="map-config"[^>]*>(.*?)</script>', page, re.S).group(1)
    )
    assert config["revision"] == concept.revision == 1
    assert 'name="revision" value="1" id="submit-revision"' in page


def test_a_stale_concept_save_is_refused_with_what_changed(drawer, concept):
    mine = save(drawer, concept, drawing(*A_GOOD_DRAWING, revision=1))
    assert mine.status_code == 200 and mine.json()["revision"] == 2
    # A second window, opened before that save, saves one bench.
    stale = save(drawer, concept, drawing(feature("bench", point(0.5, 1)), revision=1))
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale"
    details = error["details"]
    assert details["revision"] == 2 and details["your_revision"] == 1
    assert details["counts"] == {
        "saved": {"zone": 1, "path": 1, "object": 2},
        "yours": {"zone": 0, "path": 0, "object": 1},
    }
    assert "you, in another window or on another device" in error["message"]
    assert "Saved now: 1 zone, 1 path, 2 objects. Yours: 1 object." in error["message"]
    # Nothing was overwritten: the saved drawing is the first window's.
    assert Concept.objects.get().versions.get().elements.count() == 4
    # Saving again from the revision the refusal named replaces it, knowingly.
    again = save(drawer, concept, drawing(feature("bench", point(0.5, 1)), revision=2))
    assert again.status_code == 200 and again.json()["revision"] == 3
    assert Concept.objects.get().versions.get().elements.count() == 1


def test_the_refusal_speaks_the_pages_language(drawer, concept):
    """Words come from the catalogue (translated into kk and ru with the rest);
    the date is already the language's own."""
    save(drawer, concept, drawing(*A_GOOD_DRAWING, revision=1))
    with translation.override("ru"):
        path = concept_url("concept-save", concept)
    assert path.startswith("/ru/")
    stale = drawer.post(
        path,
        data=drawing(feature("bench", point(0.5, 1)), revision=1),
        content_type="application/json",
    )
    months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    message = stale.json()["error"]["message"]
    assert any(month in message for month in months.split()), message


def test_a_stale_submission_submits_nothing(drawer, concept, resident):
    services.concept_save(concept=concept, author=resident, elements=[])
    page_revision = Concept.objects.get().revision
    save(drawer, concept, drawing(*A_GOOD_DRAWING, revision=page_revision))
    response = drawer.post(
        concept_url("concept-submit", concept), {"revision": page_revision}
    )
    assert response.status_code == 302
    assert response["Location"] == concept_url("concept-draw", concept)
    assert Concept.objects.get().versions.get().submitted_at is None
    current = Concept.objects.get().revision
    done = drawer.post(concept_url("concept-submit", concept), {"revision": current})
    assert Concept.objects.get().versions.get().submitted_at is not None
    assert done["Location"].endswith("?version=1")


def test_a_retried_save_is_replayed_not_refused_as_stale(drawer, concept):
    """The answer was lost on the way: the same save again gets that answer."""
    body = drawing(*A_GOOD_DRAWING, revision=1)
    first = save(drawer, concept, body, HTTP_IDEMPOTENCY_KEY="save-1")
    retry = save(drawer, concept, body, HTTP_IDEMPOTENCY_KEY="save-1")
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"
    assert Concept.objects.get().revision == 2


def test_services_without_a_revision_save_as_before(concept, resident, session):
    """Internal callers (the official plan upload) save from the current revision."""
    services.concept_save(concept=concept, author=resident, elements=[])
    services.concept_save(concept=concept, author=resident, elements=[])
    assert Concept.objects.get().revision == 3
    with pytest.raises(ActionRefused) as refused:
        services.concept_save(concept=concept, author=resident, elements=[], revision=2)
    assert refused.value.status == 409 and refused.value.code == "stale"


# --- Proposals ----------------------------------------------------------------------


@pytest.fixture
def draft(campaign, resident):
    return propose(campaign, resident, submit=False, title="Lights on Abai street")


def edit_url(proposal) -> str:
    return reverse(
        "codesign:proposal-edit",
        kwargs={
            "town": proposal.campaign.town.slug,
            "slug": proposal.campaign.slug,
            "number": proposal.number,
        },
    )


def test_a_stale_edit_keeps_the_input_and_says_what_changed(client, draft, resident):
    client.force_login(resident)
    page = client.get(edit_url(draft)).content.decode()
    assert 'name="revision" value="1"' in page
    # The author changes the place and the cost in another window first.
    services.proposal_update(
        proposal=draft, author=resident, title="Lamps on Abai", cost_estimate=6_000_000
    )
    stale = client.post(
        edit_url(draft), form(title="Benches on Abai street", revision="1")
    )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "the title, the cost" in page
    assert "you, in another window or on another device" in page
    assert 'value="Benches on Abai street"' in page  # the person's input is kept
    assert 'name="revision" value="2"' in page  # sending again replaces knowingly
    assert Proposal.objects.get().title == "Lamps on Abai"
    again = client.post(
        edit_url(draft), form(title="Benches on Abai street", revision="2")
    )
    assert again.status_code == 302
    assert Proposal.objects.get().title == "Benches on Abai street"


def test_a_council_decision_meanwhile_is_named(campaign, resident, expert):
    from codesign.models import Phase
    from codesign.phases import move_to

    proposal = propose(campaign, resident)
    services.council_member_add(campaign=campaign, user=expert)
    move_to(campaign, Phase.REVIEW)
    services.proposal_request_changes(
        proposal=proposal, reviewer=expert, reason="Please add a map."
    )
    loaded = Proposal.objects.get().revision
    services.proposal_revise_cost(
        proposal=proposal, reviewer=expert, cost=4_000_000, reason="Cheaper lamps."
    )
    with pytest.raises(ActionRefused) as refused:
        services.proposal_update(
            proposal=proposal, author=resident, title="New title", revision=loaded
        )
    assert refused.value.status == 409
    assert refused.value.details["changed"] == ["cost"]
    assert "expert changed the cost" in str(refused.value)


def test_every_edit_moves_the_revision_and_leaves_a_version(draft, resident):
    services.proposal_update(proposal=draft, author=resident, description="Brighter.")
    services.proposal_update(proposal=draft, author=resident, title="Lamps")
    services.proposal_update(proposal=draft, author=resident, title="Lamps")  # same
    proposal = Proposal.objects.get()
    versions = list(proposal.versions.order_by("revision"))
    assert proposal.revision == 3
    assert [v.revision for v in versions] == [1, 2, 3]
    assert [v.changed for v in versions][1:] == [["description"], ["title"]]
