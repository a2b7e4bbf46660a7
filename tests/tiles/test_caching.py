"""Tiles and GeoJSON are cached by tag: 304 while nothing changed, new data after."""

from __future__ import annotations

import pytest
from django.urls import reverse

from codesign.models import Proposal, ProposalStatus
from tests.tiles.conftest import tile_of

pytestmark = pytest.mark.django_db


def tile_url(layer: str = "proposals") -> str:
    z, x, y = tile_of(76.93, 52.04, 14)
    return f"/tiles/{layer}/{z}/{x}/{y}.mvt"


def test_a_tile_answers_304_until_its_layer_is_written(client, proposals, author):
    _made, draft = proposals
    first = client.get(tile_url())
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, no-cache"
    assert first["Last-Modified"]
    assert first["Access-Control-Allow-Origin"] == "*"

    again = client.get(tile_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    # Even a write that changes nothing on this tile moves the layer's tag.
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.SUBMITTED)
    after = client.get(tile_url(), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_writes_to_one_layer_leave_the_others_tags_alone(client, proposals, record):
    concerns = client.get(tile_url("concerns"))
    proposals_tile = client.get(tile_url("proposals"))
    record(76.93, 52.04)
    assert client.get(tile_url("concerns"))["ETag"] != concerns["ETag"]
    assert client.get(tile_url("proposals"))["ETag"] == proposals_tile["ETag"]


def test_tilejson_hands_out_versioned_urls_that_never_change(client, proposals):
    _made, draft = proposals
    document = client.get("/tiles/proposals.json").json()
    template = document["tiles"][0]
    z, x, y = tile_of(76.93, 52.04, 14)
    versioned = template.replace("{z}/{x}/{y}", f"{z}/{x}/{y}").split("testserver")[1]
    response = client.get(versioned)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"

    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.SUBMITTED)
    assert client.get("/tiles/proposals.json").json()["tiles"][0] != template
    # The old URL still answers, with the current tile and no promise to keep it.
    stale = client.get(versioned)
    assert stale["Cache-Control"] == "public, no-cache"


def test_geojson_is_tagged_per_viewer_and_follows_writes(client, proposals, author):
    made, _draft = proposals
    campaign = made[0].campaign
    url = reverse(
        "codesign:proposals-geojson",
        kwargs={"town": campaign.town.slug, "slug": campaign.slug},
    )
    public = client.get(url)
    assert public["Cache-Control"] == "public, no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304

    client.force_login(author)
    own = client.get(url)  # the author also sees their draft
    assert own["ETag"] != public["ETag"]
    assert own["Cache-Control"] == "private, no-cache"
    assert len(own.json()["features"]) == 4
    client.logout()

    Proposal.objects.filter(pk=made[0].pk).update(title="Swings and a slide")
    changed = client.get(url, HTTP_IF_NONE_MATCH=public["ETag"])
    assert changed.status_code == 200
    assert "Swings and a slide" in changed.content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["community_map:concerns-districts", "community_map:concerns-hexagons"],
)
def test_concern_analyses_answer_304(client, record, url_name):
    record(76.93, 52.04)
    url = reverse(url_name, kwargs={"town": "oskemen"})
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    record(76.94, 52.05)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_api_districts_answer_304(client, town):
    url = reverse("api:town-districts", kwargs={"slug": town.slug})
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    district = town.districts.first()
    district.name_en = "Westside"
    district.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
