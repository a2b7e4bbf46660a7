"""The public gallery: first names and ages, never full names or contacts."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from codesign.errors import ActionRefused
from contest import services
from contest.models import Drawing

from .conftest import in_town, send

pytestmark = pytest.mark.django_db

PRIVATE = ("Сейітқызы", "+7 700 555 0101", "Ковальчук", "+7 700 555 0102")


@pytest.fixture
def shown(contest, family, outsider, jury):
    """Two checked drawings (one with a place) and one still waiting for a check."""
    first = send(contest, family, place=in_town(contest))
    second = send(
        contest,
        outsider,
        title="Аксу будущего",
        language="ru",
        child_first_name="Софья",
        child_full_name="Софья Ковальчук",
        child_age=11,
        guardian_contact="+7 700 555 0102",
    )
    waiting = send(contest, family, title="Ещё не проверен", child_age=6)
    for drawing in (first, second):
        services.drawing_accept(drawing=drawing, by=jury[0])
    return first, second, waiting


def visible_text(html: str) -> str:
    return re.sub(
        r"<[^>]+>", " ", re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    )


def test_the_gallery_shows_first_names_and_ages_and_nothing_private(
    client, contest, shown
):
    html = client.get(contest.get_absolute_url()).content.decode()
    assert "Айлин, 8 years old" in visible_text(html)
    assert "Софья, 11 years old" in visible_text(html)
    assert "2 drawings in the gallery" in html
    for private in PRIVATE:
        assert private not in html
    assert "Ещё не проверен" not in html  # not checked yet: not public


def test_the_map_data_and_the_drawing_page_show_nothing_private(client, contest, shown):
    first, _second, _waiting = shown
    geojson = client.get(
        reverse(
            "contest:drawings-geojson", kwargs={"town": "aksu", "slug": contest.slug}
        )
    )
    collection = json.loads(geojson.content)
    assert [f["properties"]["number"] for f in collection["features"]] == [1]
    assert collection["features"][0]["properties"]["first_name"] == "Айлин"
    for page in (geojson, client.get(first.get_absolute_url())):
        body = page.content.decode()
        for private in PRIVATE:
            assert private not in body


def test_a_signed_in_stranger_sees_no_private_field_either(
    client, contest, shown, django_user_model
):
    stranger = django_user_model.objects.create_user(username="stranger")
    client.force_login(stranger)
    for drawing in shown[:2]:
        body = client.get(drawing.get_absolute_url()).content.decode()
        for private in PRIVATE:
            assert private not in body


def test_the_sender_sees_what_only_they_and_the_organisers_see(
    client, contest, family, shown
):
    client.force_login(family)
    page = client.get(shown[0].get_absolute_url()).content.decode()
    assert "Only you and the organisers see this" in page
    assert "Айлин Сейітқызы" in page and "+7 700 555 0101" in page
    # ...but not the details of another family's drawing.
    other = client.get(shown[1].get_absolute_url()).content.decode()
    assert "Ковальчук" not in other and "Only you and the organisers" not in other


def test_a_drawing_waiting_for_its_check_exists_only_for_its_sender(
    client, contest, family, outsider, shown
):
    waiting = shown[2]
    picture_url = waiting.get_absolute_url() + "thumb.jpg"
    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert client.get(picture_url).status_code == 404
    client.force_login(outsider)
    assert client.get(waiting.get_absolute_url()).status_code == 404
    client.force_login(family)
    assert client.get(waiting.get_absolute_url()).status_code == 200
    response = client.get(picture_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_withdrawn_drawing_leaves_the_gallery_and_its_picture_goes(
    client, contest, family, shown
):
    first = shown[0]
    client.force_login(family)
    response = client.post(first.get_absolute_url(), {"action": "withdraw"})
    assert response.status_code == 302
    client.logout()
    assert "Айлин" not in client.get(contest.get_absolute_url()).content.decode()
    assert client.get(first.get_absolute_url() + "full.jpg").status_code == 404


def test_a_public_picture_is_revalidated_so_a_hidden_one_goes_at_once(
    client, contest, shown, aksu, django_user_model
):
    from accounts.models import RoleGrant
    from accounts.roles import Role
    from moderation import services as moderation

    picture_url = shown[0].get_absolute_url() + "full.jpg"
    first = client.get(picture_url)
    assert first.status_code == 200
    # Caches may keep it, but must ask each time (no max-age to outlive a hide).
    assert first["Cache-Control"] == "public, no-cache"
    etag = first["ETag"]
    assert shown[0].token not in etag  # the file's name is not given away
    again = client.get(picture_url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"
    assert not again.content
    moderator = django_user_model.objects.create_user(username="moderator")
    RoleGrant.objects.create(user=moderator, role=Role.MODERATOR, town=aksu)
    moderation.content_hide(
        moderator=moderator, target=shown[0], reason="A full name in the picture."
    )
    assert client.get(picture_url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert client.get(picture_url).status_code == 404


def test_only_the_sender_or_the_organisers_withdraw(contest, outsider, shown):
    with pytest.raises(ActionRefused) as refused:
        services.drawing_withdraw(drawing=shown[0], by=outsider)
    assert refused.value.status == 404
    assert Drawing.objects.get(pk=shown[0].pk).status == "accepted"


def test_the_gallery_filters_by_age_group(client, contest, shown):
    url = contest.get_absolute_url()
    page = visible_text(client.get(url + "?age=7-10").content.decode())
    assert "Айлин" in page and "Софья" not in page
    html = client.get(url + "?age=11-15").content.decode()
    page = visible_text(html)
    assert "Софья" in page and "Айлин" not in page
    # The contest is for 4 to 15: a last group of one age joins the one before.
    assert 'href="?age=11-15" aria-current="true"' in html
    assert "?age=15-15" not in html


def test_the_town_page_links_the_contests(client, aksu, contest):
    page = client.get(aksu.get_absolute_url()).content.decode()
    contests = reverse("contest:contests", kwargs={"town": "aksu"})
    assert f'href="{contests}"' in page
    assert (
        "Children&#x27;s drawing contest" in page
        or "Children's drawing contest" in page
    )
    listing = client.get(contests).content.decode()
    assert contest.get_absolute_url() in listing


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_gallery_speaks_each_language(client, contest, shown, language):
    html = client.get(f"/{language}/towns/aksu/contests/{contest.slug}/")
    assert html.status_code == 200
    body = html.content.decode()
    assert f'<html lang="{language}">' in body
    title = {
        "kk": "Болашақтағы Ақсуды мен қалай көремін",
        "ru": "Как я вижу Аксу будущего",
        "en": "How I see the Aksu of the future",
    }[language]
    assert f"<h1>{title}</h1>" in body
