"""Concepts, communities, meeting places and drawings: hidden means hidden."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.urls import reverse

from codesign import services as codesign
from community_map.models import Community, MeetingPlace
from contest import services as contest_services
from contest.models import Drawing
from moderation import services
from tests.codesign.conftest import park, session  # noqa: F401 (fixtures)
from tests.codesign.sketching import drawn
from tests.contest.conftest import in_town, make_contest, send
from tests.moderation.conftest import hide, signed_in
from tests.tiles.conftest import decode, tile_of

pytestmark = pytest.mark.django_db

REASON = "A private phone number is written on it."


# --- Concepts -----------------------------------------------------------------------


@pytest.fixture
def concept(session, author):  # noqa: F811 (the imported fixture)
    made = codesign.concept_create(session=session, author=author, title="Shady park")
    codesign.concept_save(
        concept=made,
        author=author,
        elements=[
            drawn(
                session.site.town,
                "playground",
                "POLYGON((10 10, 60 10, 60 60, 10 60, 10 10))",
            )
        ],
    )
    codesign.concept_submit(concept=made, author=author)
    return made


def concept_urls(concept) -> dict[str, str]:
    session = concept.session  # noqa: F811
    keys = {
        "town": session.site.town.slug,
        "site": session.site.slug,
        "session": session.slug,
    }
    return {
        "page": reverse("codesign:concept", kwargs={**keys, "pk": concept.pk}),
        "geojson": reverse(
            "codesign:concept-geojson", kwargs={**keys, "pk": concept.pk}
        ),
        "session": reverse("codesign:session", kwargs=keys),
        "sessions": reverse("codesign:sessions", kwargs={"town": keys["town"]}),
    }


def test_a_hidden_concept_leaves_the_session_and_its_page(
    client, concept, moderator, author, reader
):
    urls = concept_urls(concept)
    assert "Shady park" in client.get(urls["session"]).content.decode()
    signed_in(client, reader)
    assert "/moderation/report/concept/" in client.get(urls["page"]).content.decode()
    client.logout()

    hide(moderator, concept, REASON)

    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["geojson"]).status_code == 404
    session_page = client.get(urls["session"]).content.decode()
    assert "Shady park" not in session_page
    assert f'"concept": {concept.pk}' not in session_page  # the map's elements
    mine = signed_in(client, author).get(urls["page"])
    assert mine.status_code == 200
    assert REASON in mine.content.decode()
    assert signed_in(client, moderator).get(urls["page"]).status_code == 200
    assert signed_in(client, reader).get(urls["page"]).status_code == 404


# --- Communities and their meeting places -------------------------------------------


@pytest.fixture
def community(aksu, author):
    made = Community(
        town=aksu,
        slug="bereke",
        name_en="Bereke neighbours",
        kind="initiative",
        created_by=author,
        work_area=MultiPolygon(
            Polygon.from_bbox((76.92, 52.03, 76.94, 52.05)), srid=4326
        ),
    )
    made.full_clean()
    made.save()
    return made


@pytest.fixture
def place(community):
    made = MeetingPlace(
        community=community,
        name_en="Yard of house 12",
        kind="yard",
        location=Point(76.931, 52.041, srid=4326),
    )
    made.full_clean()
    made.save()
    return made


def community_urls(community) -> dict[str, str]:
    town = community.town.slug
    return {
        "page": community.get_absolute_url(),
        "directory": reverse("community_map:directory", kwargs={"town": town}),
        "geojson": reverse("community_map:directory-geojson", kwargs={"town": town}),
    }


def layer_ids(client, layer: str, lon: float, lat: float) -> set[int]:
    z, x, y = tile_of(lon, lat, 15)
    return {
        f["id"]
        for f in decode(client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt").content, layer)
    }


def ogc_ids(client, layer: str) -> set[int]:
    body = client.get(f"/ogc/collections/{layer}/items?limit=1000").json()
    return {feature["id"] for feature in body["features"]}


def test_a_hidden_community_is_gone_from_directory_map_tiles_and_ogc(
    client, community, place, moderator, author, reader
):
    urls = community_urls(community)
    assert "Bereke neighbours" in client.get(urls["directory"]).content.decode()
    assert community.pk in layer_ids(client, "communities", 76.931, 52.041)
    assert place.pk in layer_ids(client, "places", 76.931, 52.041)

    hide(moderator, community, REASON)

    assert client.get(urls["page"]).status_code == 404
    assert "Bereke neighbours" not in client.get(urls["directory"]).content.decode()
    assert "Bereke" not in client.get(urls["geojson"]).content.decode()
    assert layer_ids(client, "communities", 76.931, 52.041) == set()
    assert layer_ids(client, "places", 76.931, 52.041) == set()
    assert community.pk not in ogc_ids(client, "communities")
    assert place.pk not in ogc_ids(client, "places")
    page = signed_in(client, author).get(urls["page"])
    assert page.status_code == 200
    assert REASON in page.content.decode()
    assert signed_in(client, reader).get(urls["page"]).status_code == 404

    services.content_restore(moderator=moderator, target=community, reason="Fixed.")
    client.logout()
    assert client.get(urls["page"]).status_code == 200
    assert community.pk in layer_ids(client, "communities", 76.931, 52.041)


def test_a_hidden_meeting_place_leaves_the_page_and_map_but_not_the_community(
    client, community, place, moderator, author
):
    hide(moderator, place, REASON)

    page = client.get(community.get_absolute_url()).content.decode()
    assert "Bereke neighbours" in page
    assert "Yard of house 12" not in page
    assert (
        "Yard of house 12"
        not in client.get(community_urls(community)["geojson"]).content.decode()
    )
    assert layer_ids(client, "places", 76.931, 52.041) == set()
    # Its editors see it on the page, with the reason.
    mine = signed_in(client, author).get(community.get_absolute_url()).content.decode()
    assert "Yard of house 12" in mine and REASON in mine


# --- Drawings -----------------------------------------------------------------------


@pytest.fixture
def chair(django_user_model):
    return django_user_model.objects.create_user(username="chair", password="x")


@pytest.fixture
def drawing(aksu, chair, author):
    contest = make_contest(aksu)
    contest_services.jury_member_add(contest=contest, user=chair, is_chair=True)
    sent = send(contest, author, place=in_town(contest), title="My dream park")
    return contest_services.drawing_accept(drawing=sent, by=chair)


def test_a_hidden_drawing_leaves_the_gallery_its_map_and_its_picture(
    client, drawing, moderator, author, reader, chair
):
    contest = drawing.contest
    keys = {"town": contest.town.slug, "slug": contest.slug, "number": drawing.number}
    picture = reverse("contest:image", kwargs={**keys, "size": "thumb"})
    geojson = reverse(
        "contest:drawings-geojson", kwargs={"town": keys["town"], "slug": keys["slug"]}
    )
    assert "My dream park" in client.get(contest.get_absolute_url()).content.decode()

    hide(moderator, drawing, REASON)

    assert (
        "My dream park" not in client.get(contest.get_absolute_url()).content.decode()
    )
    assert client.get(geojson).json()["features"] == []
    assert client.get(drawing.get_absolute_url()).status_code == 404
    assert client.get(picture).status_code == 404
    assert signed_in(client, reader).get(drawing.get_absolute_url()).status_code == 404
    sender = signed_in(client, author).get(drawing.get_absolute_url())
    assert sender.status_code == 200
    assert REASON in sender.content.decode()
    own_picture = client.get(picture)
    assert own_picture.status_code == 200
    assert own_picture["Cache-Control"] == "private, no-store"
    assert Drawing.objects.get(pk=drawing.pk).title == "My dream park"
    # The jury keeps judging it: its sheet still shows the picture.
    assert signed_in(client, chair).get(picture).status_code == 200
