"""Sending a drawing: the picture is cleaned, bad files and places are refused."""

from __future__ import annotations

import io
import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from codesign.errors import ActionRefused
from contest.models import Drawing, Stage
from contest.stages import move_to
from mapping.intake import accept_geometry
from tests.factories import TownFactory

from .conftest import IN_PARK, OUTSIDE_TOWN, picture, send, stored_files

pytestmark = pytest.mark.django_db


def submit_url(contest):
    return reverse("contest:submit", kwargs={"town": "aksu", "slug": contest.slug})


def form(**overrides):
    data = {
        "title": "Фонтан в новом парке",
        "description": "Фонтан, скамейки и много цветов.",
        "language": "ru",
        "child_first_name": "Софья",
        "child_age": "9",
        "child_full_name": "Софья Ковальчук",
        "guardian_contact": "+7 700 555 0102",
        "place": "",
        "consent": "on",
        "image": picture(),
    }
    data.update(overrides)
    return data


def test_a_drawing_sent_with_gps_in_it_is_stored_without_exif(client, contest, family):
    upload = picture(size=(2400, 1800))
    assert Image.open(upload).getexif().get(0x8825)  # the phone wrote where it was
    upload.seek(0)
    client.force_login(family)
    response = client.post(submit_url(contest), form(image=upload))
    drawing = Drawing.objects.get()
    assert response.status_code == 302
    assert response.url == drawing.get_absolute_url()

    for stored in (drawing.image, drawing.thumbnail):
        with Image.open(stored.path) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert "exif" not in image.info
    assert (drawing.width, drawing.height) == (1600, 1200)
    assert max(drawing.thumb_width, drawing.thumb_height) == 480
    assert "IMG_0042" not in drawing.image.name

    # What the sender downloads is the cleaned file, not the upload.
    served = client.get(drawing.get_absolute_url() + "full.jpg")
    assert served["Content-Type"] == "image/jpeg"
    body = b"".join(served.streaming_content)
    assert b"PhoneMaker" not in body and b"Exif" not in body


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_stored(
    client, contest, family, _media
):
    client.force_login(family)
    fake = SimpleUploadedFile(
        "drawing.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg"
    )
    response = client.post(submit_url(contest), form(image=fake))
    assert response.status_code == 400
    assert "This file is not a picture we can read (JPEG, PNG or WebP)." in (
        response.content.decode()
    )
    assert not Drawing.objects.exists()
    assert stored_files(_media) == []


def test_a_file_too_large_is_refused_with_its_limit(
    client, contest, family, settings, _media
):
    settings.BIRGE_PHOTO_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")  # noise does not compress: about 1.5 MB
    assert len(out.getvalue()) > settings.BIRGE_PHOTO_MAX_BYTES
    big = SimpleUploadedFile("scan.png", out.getvalue(), content_type="image/png")
    client.force_login(family)
    response = client.post(submit_url(contest), form(image=big))
    assert response.status_code == 413
    assert "This photo is larger than 1 MB." in response.content.decode()
    assert not Drawing.objects.exists()
    assert stored_files(_media) == []


def test_a_place_outside_the_town_is_refused_with_the_intakes_reason(
    client, contest, family, _media
):
    client.force_login(family)
    response = client.post(submit_url(contest), form(place=json.dumps(OUTSIDE_TOWN)))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="place"' in page
    assert "outside" in page.lower()
    assert not Drawing.objects.exists()
    assert stored_files(_media) == []


def test_a_place_inside_the_town_is_kept_and_a_line_is_not_a_place(
    client, contest, family
):
    client.force_login(family)
    line = {"type": "LineString", "coordinates": [[76.93, 52.04], [76.94, 52.05]]}
    refused = client.post(submit_url(contest), form(place=json.dumps(line)))
    assert refused.status_code == 400
    assert not Drawing.objects.exists()

    client.post(submit_url(contest), form(place=json.dumps(IN_PARK)))
    drawing = Drawing.objects.get()
    assert drawing.place.coords == pytest.approx((76.931, 52.041))
    assert drawing.status == Drawing.Status.SUBMITTED


def test_the_service_takes_only_places_accepted_for_its_town(contest, family):
    elsewhere = TownFactory(slug="rudny")  # the same square, another town
    accepted_elsewhere = accept_geometry(IN_PARK, allowed=("Point",), place=elsewhere)
    with pytest.raises(ValueError):
        send(contest, family, place=accepted_elsewhere)
    assert not Drawing.objects.exists()


def test_the_agreement_of_a_parent_is_needed(client, contest, family):
    client.force_login(family)
    data = form()
    del data["consent"]
    response = client.post(submit_url(contest), data)
    assert response.status_code == 400
    assert "Your agreement is needed to take part." in response.content.decode()
    assert not Drawing.objects.exists()


def test_a_child_outside_the_contests_ages_is_refused(contest, family):
    with pytest.raises(ActionRefused) as refused:
        send(contest, family, child_age=17)
    assert refused.value.code == "age_outside"
    assert "aged 4 to 15" in str(refused.value)


def test_sending_needs_an_account(client, contest):
    response = client.get(submit_url(contest))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_drawings_are_not_taken_after_the_submission_window(client, contest, family):
    contest = move_to(contest, Stage.JUDGING)
    client.force_login(family)
    page = client.get(submit_url(contest)).content.decode()
    assert "Drawings are not being accepted now." in page
    response = client.post(submit_url(contest), form())
    assert response.status_code == 409
    assert "were accepted until" in response.content.decode()
    assert not Drawing.objects.exists()


def test_drawings_are_numbered_in_order_and_families_send_a_few_at_most(
    contest, family
):
    numbers = [send(contest, family).number for _ in range(5)]
    assert numbers == [1, 2, 3, 4, 5]
    with pytest.raises(ActionRefused) as refused:
        send(contest, family)
    assert refused.value.code == "too_many_drawings"
