"""The API: GeoJSON out, clear JSON errors, and bad geometry never stored."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import role_grant
from mapping.models import Site
from tests.factories import square
from tests.mapping.test_intake import REJECTIONS

SITES = "/api/v1/towns/aksu/sites/"


def new_site(geometry) -> dict:
    return {
        "name_kk": "Аула",
        "name_ru": "Двор",
        "name_en": "Courtyard",
        "description_ru": "Двор у школы",
        "geometry": geometry,
    }


@pytest.fixture
def architect_api(aksu, django_user_model):
    """An API client signed in as an architect of Aksu (who may add its sites)."""
    user = django_user_model.objects.create_user(username="architect", password="x")
    role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_raw(client, url: str, body: str | bytes, **headers):
    return client.generic("POST", url, body, content_type="application/json", **headers)


def test_towns_list_is_a_feature_collection_with_boundaries(api, aksu):
    response = api.get("/api/v1/towns/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    (town,) = data["features"]
    assert town["geometry"]["type"] == "MultiPolygon"
    props = town["properties"]
    assert props["slug"] == "aksu"
    assert props["names"] == {"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"}
    assert props["utm_srid"] == 32643
    assert props["district_count"] == 1 and props["site_count"] == 1
    # 0.06° x 0.05° at 52°N, measured in UTM 43N, not in degrees.
    assert 22 < props["area_km2"] < 23


def test_town_detail_and_its_name_in_the_asked_language(api, aksu):
    response = api.get("/api/v1/towns/aksu/", HTTP_ACCEPT_LANGUAGE="ru")
    feature = json.loads(response.content)
    assert feature["type"] == "Feature" and feature["id"] == "aksu"
    assert feature["properties"]["name"] == "Аксу"
    assert feature["bbox"] == [76.9, 52.02, 76.96, 52.07]


def test_unknown_town_is_a_json_404(api, db):
    response = api.get("/api/v1/towns/atlantis/")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "atlantis" in error["message"]


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/nowhere/")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "tried" not in error["message"] and "api/v1" not in error["message"]


def test_districts_and_sites_are_feature_collections(api, aksu):
    api.credentials(HTTP_ACCEPT_LANGUAGE="en")
    districts = json.loads(api.get("/api/v1/towns/aksu/districts/").content)
    assert [f["id"] for f in districts["features"]] == ["central"]
    assert districts["features"][0]["properties"]["area_ha"] > 0
    sites = json.loads(api.get(SITES, HTTP_ACCEPT="application/geo+json").content)
    (site,) = sites["features"]
    assert site["geometry"]["type"] == "Polygon"
    assert site["properties"]["status"] == "neglected"
    assert site["properties"]["status_label"] == "Neglected: waiting for ideas"
    assert site["properties"]["district"] == "Central"


def test_an_architect_of_the_town_adds_a_site(architect_api, aksu):
    response = architect_api.post(
        SITES, new_site(square(76.935, 52.045)), format="json"
    )
    assert response.status_code == 201, response.content
    feature = json.loads(response.content)
    assert feature["id"] == "courtyard"
    assert feature["properties"]["notes"] == []
    site = Site.objects.get(town=aksu, slug="courtyard")
    assert site.name_ru == "Двор" and site.description_ru == "Двор у школы"


def test_a_clockwise_ring_is_stored_anticlockwise_and_the_sender_is_told(
    architect_api, aksu
):
    ring = square(76.935, 52.045)
    ring["coordinates"][0].reverse()
    response = architect_api.post(SITES, new_site(ring), format="json")
    assert response.status_code == 201
    assert (
        json.loads(response.content)["properties"]["notes"][0]["code"]
        == "orientation_normalised"
    )
    assert Site.objects.get(slug="courtyard").boundary.exterior_ring.is_counterclockwise


def test_anonymous_cannot_add_a_site(api, aksu):
    response = api.post(SITES, new_site(square(76.935, 52.045)), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["message"]
    assert Site.objects.count() == 1


def test_missing_fields_are_named(architect_api, aksu):
    response = architect_api.post(
        SITES, {"geometry": square(76.935, 52.045)}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name_kk", "name_ru", "name_en"}


CORPUS = [
    pytest.param(d, c, id=name)
    for name, d, c, _loc, _w in REJECTIONS
    if isinstance(d, dict)
]


@pytest.mark.parametrize(("data", "code"), CORPUS)
def test_the_check_endpoint_refuses_each_bad_geometry_by_name(api, aksu, data, code):
    url = "/api/v1/towns/aksu/geometry/check/"
    response = post_raw(api, url, json.dumps(data))
    assert 400 <= response.status_code < 500
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("data", "code"),
    [
        *CORPUS,
        pytest.param(
            {"type": "Point", "coordinates": [76.935, 52.045]},
            "type_not_allowed",
            id="point for a site",
        ),
        pytest.param(square(76.99, 52.045), "outside_town", id="outside Aksu"),
    ],
)
def test_bad_geometry_is_refused_with_4xx_and_nothing_is_stored(
    architect_api, aksu, data, code
):
    response = post_raw(architect_api, SITES, json.dumps(new_site(data)))
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    # A site is a Polygon: other types may be refused for their type first.
    assert error["code"] in {code, "type_not_allowed"}
    assert error["message"]
    assert Site.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"name_kk": "a", "geometry": ', "invalid_json"),
        (
            '{"name_kk": "a", "name_ru": "a", "name_en": "a", "geometry": '
            '{"type": "Polygon", "coordinates": [[[NaN, 52], [76.9, 52], [76.9, 52.1]]]}}',
            "not_finite",
        ),
        ("[" * 50_000 + "]" * 50_000, "too_deep"),
        (b'{"name_kk": "\xff"}', "invalid_encoding"),
    ],
    ids=["truncated", "NaN", "deep", "latin-1"],
)
def test_bad_json_bodies_are_refused(architect_api, aksu, body, code):
    response = post_raw(architect_api, SITES, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert Site.objects.count() == 1


@override_settings(BIRGE_INTAKE_MAX_BYTES=2_000)
def test_an_oversized_body_is_413(architect_api, aksu):
    ring = [[76.93 + i * 1e-5, 52.04] for i in range(200)]
    body = json.dumps(new_site({"type": "Polygon", "coordinates": [ring]}))
    response = post_raw(architect_api, SITES, body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert Site.objects.count() == 1


def test_geometry_check_answers_the_clean_shape_and_its_measures(api, aksu):
    ring = square(76.935, 52.045, 0.001)
    ring["coordinates"][0].reverse()
    response = post_raw(
        api, "/api/v1/towns/aksu/geometry/check/?types=Polygon", json.dumps(ring)
    )
    assert response.status_code == 200
    data = response.json()
    assert data["notes"][0]["code"] == "orientation_normalised"
    # 0.001° x 0.001° at 52°N is about 68.5 m x 111.3 m.
    assert 7300 < data["measures"]["area_m2"] < 7900
    assert Site.objects.count() == 1


def test_geometry_check_refuses_in_the_users_language(api, aksu):
    body = json.dumps({"type": "Point", "coordinates": [76.935]})
    response = post_raw(
        api, "/api/v1/towns/aksu/geometry/check/", body, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in message), message


def test_geometry_check_names_unknown_types(api, aksu):
    response = post_raw(api, "/api/v1/towns/aksu/geometry/check/?types=Blob", "{}")
    assert response.status_code == 400
    assert "Blob" in response.json()["error"]["message"]


def test_openapi_schema_describes_the_api(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/towns/",
        "/api/v1/towns/{slug}/",
        "/api/v1/towns/{slug}/districts/",
        "/api/v1/towns/{slug}/sites/",
        "/api/v1/towns/{slug}/geometry/check/",
    } <= set(schema["paths"])


def test_browsable_docs_use_local_assets(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "//cdn" not in html and "https://" not in html.replace("https://spec", "")
