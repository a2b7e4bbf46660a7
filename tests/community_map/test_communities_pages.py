"""The community page and the create/edit pages, as people use them."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from community_map.models import Community, CommunityLink, MeetingPlace
from community_map.services.communities import meeting_place_add
from tests.community_map.conftest import community_in, rectangle
from tests.factories import accepted_in

pytestmark = pytest.mark.django_db

SECRET = "Director: Aigul, +7 700 000 12 34"


def url(name: str, town, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"community_map:{name}", kwargs={"town": town.slug, **kwargs})


@pytest.fixture
def trinta(town, mapper, ngo):
    """The fixture's NGO, named in three languages, with a place and a secret."""
    for field, value in {
        "name_kk": "«ТРИНТА» қоры",
        "name_ru": "Фонд «ТРИНТА»",
        "name_en": "TRINTA foundation",
        "description_ru": "Горячая линия 21-10-98.",
        "public_phone": "21-10-98",
        "private_contacts": SECRET,
        "work_area": accepted_in(
            town, rectangle(76.91, 52.03, 76.92, 52.04), ("Polygon",)
        ).as_multi(),
    }.items():
        setattr(ngo, field, value)
    ngo.save()
    meeting_place_add(
        actor=mapper,
        community=ngo,
        names={"ru": "Библиотека", "en": "Library"},
        kind="library",
        location=accepted_in(
            town, {"type": "Point", "coordinates": [76.915, 52.045]}, ("Point",)
        ),
        activities={"ru": "Мозговые штурмы", "en": "Brainstorms"},
        schedules={"en": "Saturdays, 10:00"},
    )
    return ngo


@pytest.mark.parametrize(
    ("lang", "name", "label"),
    [
        # kk has no name for the place: the fallback (Russian first) is shown.
        ("kk", "«ТРИНТА» қоры", "Библиотека"),
        ("ru", "Фонд «ТРИНТА»", "Библиотека"),
        ("en", "TRINTA foundation", "Library"),
    ],
)
def test_the_community_page_speaks_each_language(client, trinta, lang, name, label):
    response = client.get(url("community", trinta.town, lang, slug=trinta.slug))
    page = response.content.decode()
    assert response.status_code == 200
    assert name in page
    assert label in page
    assert "21-10-98" in page
    assert SECRET not in page


def test_a_missing_description_says_which_language_it_falls_back_to(client, trinta):
    page = client.get(url("community", trinta.town, "en", slug=trinta.slug))
    assert "Горячая линия 21-10-98." in page.content.decode()
    assert "The description is given in Russian" in page.content.decode()


def test_private_contacts_only_for_its_mappers_and_staff(
    client, trinta, mapper, staff, resident
):
    page_url = url("community", trinta.town, slug=trinta.slug)
    client.force_login(resident)
    assert SECRET not in client.get(page_url).content.decode()
    for person in (mapper, staff):
        client.force_login(person)
        page = client.get(page_url).content.decode()
        assert SECRET in page
        assert "private-box" in page


def test_the_page_lists_links_and_concern_counts(client, town, trinta, record):
    partner = community_in(town, "ulba", name_en="Ulba yard committee")
    CommunityLink.objects.create(source=partner, target=trinta, kind="umbrella")
    record(category="heating", reported_on=datetime.date(2024, 12, 1))
    record(category="heating")
    record(category="roads")
    page = client.get(url("community", town, slug=trinta.slug)).content.decode()
    assert "Under the umbrella of" in page
    assert partner.get_absolute_url() in page
    assert "The community carries 3 concerns" in page
    assert "No heating in the flat" not in page  # counts only, never the texts


def test_unknown_community_is_404(client, town):
    assert client.get(url("community", town, slug="nobody")).status_code == 404


# --- Create and edit -------------------------------------------------------------


def test_edit_pages_are_404_for_people_who_do_not_map_the_community(
    client, town, trinta, resident
):
    other = community_in(town, "ulba")
    client.force_login(resident)
    assert client.get(url("community-new", town)).status_code == 404
    assert client.get(url("community-edit", town, slug=trinta.slug)).status_code == 404
    assert (
        client.get(url("community-place-new", town, slug=trinta.slug)).status_code
        == 404
    )
    response = client.post(
        url("community-link-add", town, slug=trinta.slug),
        {"relation": "partnership", "other": other.pk},
    )
    assert response.status_code == 404
    assert not CommunityLink.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client, town, trinta):
    response = client.get(url("community-edit", town, slug=trinta.slug))
    assert response.status_code == 302


def form_data(**fields) -> dict:
    data = {"name_ru": "Совет дома на Тургенева", "kind": "initiative"}
    data.update(fields)
    return data


def test_a_mapper_adds_a_community_with_a_drawn_area(client, town, mapper):
    client.force_login(mapper)
    drawn = json.dumps(rectangle(76.935, 52.03, 76.94, 52.035))
    response = client.post(
        url("community-new", town, "ru"),
        form_data(topics=["yards", "snow"], work_area=drawn, founded="2022"),
    )
    assert response.status_code == 302
    created = Community.objects.get(slug="sovet-doma-na-turgeneva")
    assert created.topics == ["yards", "snow"]
    assert created.work_area.num_geom == 1
    assert response["Location"].endswith(f"/communities/{created.slug}/edit/")
    assert client.get(response["Location"]).status_code == 200


def test_a_bad_area_is_refused_on_the_form_and_nothing_is_stored(client, town, mapper):
    client.force_login(mapper)
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [
                [76.91, 52.03],
                [76.92, 52.04],
                [76.92, 52.03],
                [76.91, 52.04],
                [76.91, 52.03],
            ]
        ],
    }
    before = Community.objects.count()
    for bad in (json.dumps(bowtie), "{not json", json.dumps(rectangle(10, 10, 11, 11))):
        response = client.post(url("community-new", town), form_data(work_area=bad))
        assert response.status_code == 400
        assert 'class="field-error"' in response.content.decode()
    assert Community.objects.count() == before


def test_an_uploaded_geojson_file_is_the_area(client, town, mapper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(mapper)
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": rectangle(76.935, 52.03, 76.94, 52.035),
    }
    upload = SimpleUploadedFile(
        "area.geojson", json.dumps(feature).encode(), "application/geo+json"
    )
    response = client.post(url("community-new", town), form_data(work_area_file=upload))
    assert response.status_code == 302
    assert Community.objects.get(slug="sovet-doma-na-turgeneva").work_area


def test_a_community_without_a_name_is_400(client, town, mapper):
    client.force_login(mapper)
    response = client.post(url("community-new", town), {"kind": "ngo"})
    assert response.status_code == 400
    assert "at least one language" in response.content.decode()


def test_the_edit_page_saves_and_keeps_the_address(client, town, trinta, mapper):
    client.force_login(mapper)
    edit = url("community-edit", town, slug=trinta.slug)
    page = client.get(edit)
    assert page.status_code == 200
    assert SECRET in page.content.decode()
    response = client.post(edit, form_data(name_en="TRINTA", private_contacts="x"))
    assert response.status_code == 302
    trinta.refresh_from_db()
    assert (trinta.slug, trinta.name_en, trinta.work_area) == ("bereke", "TRINTA", None)


def test_a_meeting_place_is_added_by_clicking_the_map(client, town, trinta, mapper):
    client.force_login(mapper)
    response = client.post(
        url("community-place-new", town, slug=trinta.slug),
        {
            "name_ru": "Набережная",
            "kind": "embankment",
            "activity_ru": "Субботник",
            "location": json.dumps({"type": "Point", "coordinates": [76.93, 52.05]}),
            "is_open_space": "on",
        },
    )
    assert response.status_code == 302
    assert trinta.meeting_places.filter(name_ru="Набережная").exists()


def test_a_meeting_place_outside_the_town_is_400(client, town, trinta, mapper):
    client.force_login(mapper)
    response = client.post(
        url("community-place-new", town, slug=trinta.slug),
        {
            "name_ru": "Далеко",
            "kind": "other",
            "location": json.dumps({"type": "Point", "coordinates": [70.0, 45.0]}),
        },
    )
    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()
    assert not MeetingPlace.objects.filter(name_ru="Далеко").exists()


def test_links_are_added_from_the_edit_page_and_refused_to_itself(
    client, town, trinta, mapper
):
    other = community_in(town, "ulba", name_en="Ulba")
    client.force_login(mapper)
    add = url("community-link-add", town, slug=trinta.slug)
    response = client.post(add, {"relation": "under_umbrella", "other": other.pk})
    assert response.status_code == 302
    link = CommunityLink.objects.get()
    assert (link.source, link.target, link.kind) == (other, trinta, "umbrella")
    response = client.post(add, {"relation": "partnership", "other": trinta.pk})
    assert response.status_code == 400
    assert "cannot be linked to itself" in response.content.decode()
    response = client.post(add, {"relation": "umbrella_of", "other": other.pk})
    assert response.status_code == 409
    assert "already linked" in response.content.decode()
    assert CommunityLink.objects.count() == 1
