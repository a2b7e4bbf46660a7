"""An NGO mapper types in hotline calls quickly; nobody else may."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community_map.forms import parse_lat_lon
from community_map.models import Concern, ConcernSource


def record_url(town) -> str:
    return reverse("community_map:record", kwargs={"town": town.slug})


def call(ngo, **fields) -> dict:
    return {
        "category": "heating",
        "source": "hotline",
        "reported_on": timezone.localdate().isoformat(),
        "coordinates": "52.04561, 76.91537",
        "precision_m": "100",
        "text": "Radiators cold in the whole entrance.",
        "reporter_name": "Aigerim",
        "reporter_contact": "+7 705 111 22 33",
        "private": "on",
        "community": str(ngo.pk),
        **fields,
    }


@pytest.fixture
def desk(client, mapper):
    client.force_login(mapper)
    return client


@pytest.mark.django_db
def test_the_form_starts_with_the_hotline_today_private_and_the_only_community(
    desk, town, ngo
):
    form = desk.get(record_url(town)).context["form"]
    assert form["source"].value() == ConcernSource.HOTLINE
    assert form["reported_on"].value() == timezone.localdate()
    assert form["private"].value() is True
    assert form["community"].value() == ngo.pk
    assert "autofocus" in str(form["category"])


@pytest.mark.django_db
def test_a_mapper_saves_a_hotline_call_and_the_next_form_keeps_the_defaults(
    desk, town, ngo, mapper
):
    response = desk.post(record_url(town), call(ngo, source="whatsapp"))

    assert response.status_code == 302
    assert response["Location"] == record_url(town)
    concern = Concern.objects.get()
    assert concern.source == "whatsapp"
    assert concern.community == ngo
    assert concern.recorded_by == mapper
    assert concern.private is True
    assert concern.reporter_name == "Aigerim"
    assert concern.reporter_contact == "+7 705 111 22 33"
    assert concern.location.coords == pytest.approx((76.91537, 52.04561))

    page = desk.get(record_url(town))
    assert page.context["form"]["source"].value() == "whatsapp"
    assert page.context["form"]["category"].value() is None
    assert [c.pk for c in page.context["recent"]] == [concern.pk]
    assert f"Saved as concern #{concern.pk}" in page.content.decode()


@pytest.mark.django_db
def test_the_session_lists_the_last_ten_entries(desk, town, ngo):
    for n in range(12):
        desk.post(record_url(town), call(ngo, text=f"Call {n}"))
    recent = desk.get(record_url(town)).context["recent"]
    assert [c.text for c in recent] == [f"Call {n}" for n in range(11, 1, -1)]


@pytest.mark.django_db
def test_a_place_clicked_on_the_map_is_used_without_coordinates(desk, town, ngo):
    response = desk.post(
        record_url(town),
        call(
            ngo,
            coordinates="",
            geometry='{"type": "Point", "coordinates": [76.95, 52.06]}',
            place_note="Abay 12, entrance 3",
        ),
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.district.slug == "east"
    assert concern.text.endswith("Place: Abay 12, entrance 3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("49.95, 82.61", (49.95, 82.61)),
        ("49,95 82,61", (49.95, 82.61)),
        ("49.95 82.61", (49.95, 82.61)),
        ("49,95; 82,61", (49.95, 82.61)),
        ("  N49.95°, E82.61° ", (49.95, 82.61)),
        ("-33.9,18.4", (-33.9, 18.4)),
    ],
)
def test_coordinates_are_read_as_people_paste_them(text, expected):
    assert parse_lat_lon(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["Abay 12", "49.95", "49.95, 82.61, 3", "1.2.3 4"])
def test_unreadable_coordinates_say_how_to_write_them(text):
    from django import forms

    with pytest.raises(forms.ValidationError, match="latitude, longitude"):
        parse_lat_lon(text)


@pytest.mark.django_db
def test_decimal_commas_are_accepted_on_the_form(desk, town, ngo):
    response = desk.post(record_url(town), call(ngo, coordinates="52,04561 76,91537"))
    assert response.status_code == 302
    assert Concern.objects.get().location.coords == pytest.approx((76.91537, 52.04561))


@pytest.mark.django_db
def test_swapped_coordinates_are_refused_with_a_clear_message(desk, town, ngo):
    response = desk.post(record_url(town), call(ngo, coordinates="76.91537, 52.04561"))

    assert response.status_code == 400
    assert Concern.objects.count() == 0
    [message] = response.context["form"].errors["coordinates"]
    assert "swapped" in message
    assert "latitude comes first (about 52.05 here" in message


@pytest.mark.django_db
def test_coordinates_far_away_get_the_intakes_message(desk, town, ngo):
    response = desk.post(record_url(town), call(ngo, coordinates="49.95, 82.61"))
    assert response.status_code == 400
    [message] = response.context["form"].errors["coordinates"]
    assert "outside" in message and "swapped" not in message
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_an_address_alone_cannot_be_placed(desk, town, ngo):
    response = desk.post(
        record_url(town), call(ngo, coordinates="", place_note="Abay 12")
    )
    assert response.status_code == 400
    assert "address alone" in response.context["form"].errors["coordinates"][0]


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused_on_its_field(desk, town, ngo):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = desk.post(record_url(town), call(ngo, reported_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert response.context["form"].errors["reported_on"]
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_a_mapper_cannot_record_for_another_ngo(desk, town, ngo):
    from tests.community_map.conftest import community_in

    other = community_in(town, "other-ngo")
    response = desk.post(record_url(town), call(ngo, community=str(other.pk)))
    assert response.status_code == 400
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_people_who_do_not_map_get_not_found(client, town, ngo, resident):
    client.force_login(resident)
    assert client.get(record_url(town)).status_code == 404
    assert client.post(record_url(town), call(ngo)).status_code == 404
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_visitors_sign_in_first(client, town, ngo):
    response = client.get(record_url(town))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
