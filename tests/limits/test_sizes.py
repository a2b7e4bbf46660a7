"""Too large is 413 with the limit named: bodies, chunked bodies, files, geometry."""

from __future__ import annotations

import io
import json
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from codesign.models import ConceptElement, Proposal
from mapping.models import Site
from tests.codesign.test_design_pages import collection, feature, line, save

from .conftest import CHECK, SITES, site_body

POINT = json.dumps({"type": "Point", "coordinates": [76.93, 52.04]})


def test_a_json_body_over_the_limit_is_413_before_it_is_read(settings, architects):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = site_body(1)
    body["description_ru"] = "д" * 10_000  # 20 000 bytes of UTF-8
    response = architects[0].post(
        SITES,
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert error["limit"] == 10_000 and error["size"] > 20_000
    assert "at most 9.8\xa0KB" in error["message"]
    assert Site.objects.count() == 1


def test_a_form_over_the_limit_is_a_413_page_in_the_site_template(settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client().post(
        "/ru/accounts/signup/",
        {"email": "a@example.kz", "username": "a", "about": "x" * 20_000},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "9,8\xa0КБ" in page  # the limit, written the Russian way
    assert not get_user_model().objects.exists()


def test_multipart_fields_over_the_limit_are_413_not_400(settings, db):
    # The whole body is within the cap for files, but its text fields are not.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client().post(
        "/en/accounts/signup/",
        {
            "email": "a@example.kz",
            "username": "a",
            "about": "x" * 20_000,
            "file": SimpleUploadedFile("a.txt", b"x"),
        },
    )
    assert response.status_code == 413
    assert "larger than 9.8\xa0KB" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_body_with_files_over_the_cap_is_413(settings, db):
    settings.BIRGE_MAX_BODY_BYTES = 50_000
    settings.BIRGE_PHOTO_MAX_BYTES = 40_000
    settings.BIRGE_PLAN_MAX_BYTES = 40_000
    settings.BIRGE_IMPORT_MAX_BYTES = 40_000
    big = SimpleUploadedFile("scan.png", b"\x89PNG" + b"x" * 60_000)
    response = Client().post("/en/accounts/signup/", {"photo": big})
    assert response.status_code == 413
    assert not get_user_model().objects.exists()


def chunked(client: Client, url: str, body: bytes, **extra: Any):
    """A POST as a server hands on a chunked body: no Content-Length at all."""
    environ: dict[str, Any] = {
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
        **extra,
    }
    return client.generic("POST", url, **environ)


def test_a_chunked_body_within_the_limit_is_read_whole(aksu):
    response = chunked(Client(), CHECK, POINT.encode())
    assert response.status_code == 200
    assert response.json()["geometry"]["type"] == "Point"


def test_a_chunked_body_over_the_limit_is_413(settings, architects):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = site_body(1)
    body["description_ru"] = "д" * 10_000
    response = chunked(
        architects[0], SITES, json.dumps(body).encode(), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and "size" not in error
    assert "larger than 9.8\xa0KB" in error["message"]
    assert Site.objects.count() == 1


def test_too_many_vertices_are_413_with_the_intakes_words(settings, architects):
    settings.BIRGE_INTAKE_MAX_VERTICES = 50
    ring = [[76.93 + i * 1e-5, 52.04 + (i % 2) * 1e-5] for i in range(60)]
    body = site_body(1)
    body["geometry"] = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    response = architects[0].post(
        SITES,
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_many_vertices"
    assert "more than 50 positions; simplify it" in error["message"]
    assert Site.objects.count() == 1


def test_too_many_parts_and_rings_are_413_too(settings, aksu):
    settings.BIRGE_INTAKE_MAX_PARTS = 3
    settings.BIRGE_INTAKE_MAX_RINGS = 3
    points = {"type": "MultiPoint", "coordinates": [[76.93, 52.04]] * 4}
    square = [[76.93, 52.04], [76.931, 52.04], [76.931, 52.041], [76.93, 52.04]]
    rings = {"type": "Polygon", "coordinates": [square] * 4}
    for shape, code in ((points, "too_many_parts"), (rings, "too_many_rings")):
        response = Client().post(
            CHECK, json.dumps(shape), content_type="application/json"
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == code


def jpeg(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), "green").save(out, "JPEG")
    return out.getvalue()


def proposal_form(**extra) -> dict:
    polygon = {
        "type": "Polygon",
        "coordinates": [
            [[76.93, 52.04], [76.94, 52.04], [76.94, 52.05], [76.93, 52.04]]
        ],
    }
    return {
        "title": "Skate park by the Palace of Culture",
        "description": "A concrete bowl and two ramps.",
        "cost_estimate": "7000000",
        "language": "ru",
        "geometry": json.dumps(polygon),
        "submit": "submit",
        **extra,
    }


def propose_url(campaign) -> str:
    return reverse(
        "codesign:propose", kwargs={"town": campaign.town.slug, "slug": campaign.slug}
    )


def test_a_photo_over_its_own_limit_is_413_and_nothing_is_kept(
    settings, campaign, resident, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.BIRGE_PHOTO_MAX_BYTES = 1024 * 1024
    client = Client()
    client.force_login(resident)
    noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")  # noise does not compress: about 1.5 MB
    photo = SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")
    assert photo.size > settings.BIRGE_PHOTO_MAX_BYTES
    response = client.post(propose_url(campaign), proposal_form(photo=photo))
    assert response.status_code == 413
    assert "This photo is larger than 1 MB." in response.content.decode()
    assert not Proposal.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_uploads_have_their_own_stricter_rate(
    limits_on, settings, campaign, resident, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    limits_on.BIRGE_RATE_LIMITS = {**limits_on.BIRGE_RATE_LIMITS, "write": "100/h"}
    client = Client()
    client.force_login(resident)
    for n in range(2):
        photo = SimpleUploadedFile("a.jpg", jpeg(40), content_type="image/jpeg")
        response = client.post(
            propose_url(campaign), proposal_form(title=f"Idea {n}", photo=photo)
        )
        assert response.status_code == 302
    photo = SimpleUploadedFile("a.jpg", jpeg(40), content_type="image/jpeg")
    refused = client.post(propose_url(campaign), proposal_form(photo=photo))
    assert refused.status_code == 429
    assert Proposal.objects.count() == 2


def test_a_concepts_shape_with_too_many_positions_is_413_naming_it(
    settings, client, concept, resident
):
    settings.BIRGE_INTAKE_MAX_VERTICES = 20
    client.force_login(resident)
    path = line(*[(0.1 + i * 0.05, 1.1 + (i % 2) * 0.02) for i in range(30)])
    response = save(client, concept, collection(feature("footpath", path)))
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_many_vertices" and error["element"] == 0
    assert error["message"].startswith("Element 1: The geometry has more than 20")
    assert not ConceptElement.objects.exists()
