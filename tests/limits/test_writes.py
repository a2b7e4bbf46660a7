"""Writes are limited per account and per address: 429, Retry-After, nothing stored."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mapping.models import Site

from .conftest import CHECK, SITES, site_body


def post_site(client, n: int, address: str):
    return client.post(
        SITES,
        json.dumps(site_body(n)),
        content_type="application/json",
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_account_gets_its_nth_write_and_a_429_after_from_any_address(
    limits_on, architects
):
    asel = architects[0]
    # Three writes, from two addresses: the account's own limit is 3 an hour.
    for n, address in enumerate(["10.0.0.1", "10.0.0.1", "10.0.0.2"]):
        assert post_site(asel, n, address).status_code == 201
    refused = post_site(asel, 9, "10.0.0.3")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You are doing this too often.")
    # One write in three is back after 20 minutes, the time the header says.
    assert error["retry_after"] == int(refused["Retry-After"])
    assert 19 * 60 < error["retry_after"] <= 20 * 60
    assert Site.objects.count() == 1 + 3


def test_accounts_behind_one_address_share_its_limit(limits_on, architects):
    asel, bolat = architects
    for n in range(3):
        assert post_site(asel, n, "10.0.0.7").status_code == 201
    for n in range(3, 5):
        assert post_site(bolat, n, "10.0.0.7").status_code == 201
    # Bolat has written twice of his three, but the address has had its five.
    refused = post_site(bolat, 5, "10.0.0.7")
    assert refused.status_code == 429
    assert "coming from your network" in refused.json()["error"]["message"]
    assert Site.objects.count() == 1 + 5
    # From another address Bolat's own allowance is still there.
    assert post_site(bolat, 6, "10.0.0.8").status_code == 201


def test_ipv6_neighbours_in_one_64_count_as_one_address(limits_on, aksu):
    api = Client()
    body = json.dumps({"type": "Point", "coordinates": [76.93, 52.04]})
    for n in range(5):
        response = api.post(
            CHECK,
            body,
            content_type="application/json",
            REMOTE_ADDR=f"2a02:8a0:1:2::{n + 1}",
        )
        assert response.status_code == 200
    refused = api.post(
        CHECK, body, content_type="application/json", REMOTE_ADDR="2a02:8a0:1:2::99"
    )
    assert refused.status_code == 429
    elsewhere = api.post(
        CHECK, body, content_type="application/json", REMOTE_ADDR="2a02:8a0:1:3::1"
    )
    assert elsewhere.status_code == 200


def test_map_data_reads_are_never_limited(limits_on, aksu):
    api = Client()
    for _ in range(8):
        assert api.get("/api/v1/towns/aksu/").status_code == 200
    # A write to a read-only map path is not a write to limit (and is refused).
    for _ in range(8):
        assert api.post("/ogc/collections/").status_code != 429


def signup_data(n: int) -> dict[str, str]:
    return {
        "email": f"person{n}@example.kz",
        "username": f"person{n}",
        "password1": "a-long-enough-password-7",
        "password2": "a-long-enough-password-7",
        "preferred_language": "kk",
    }


@pytest.mark.parametrize(
    ("language", "hour"),
    [("en", "1 hour"), ("ru", "1 час"), ("kk", "1 сағат")],
)
def test_sign_ups_have_a_stricter_limit_told_in_the_page_language(
    limits_on, db, language, hour
):
    url = f"/{language}/accounts/signup/"
    assert Client().post(url, signup_data(1)).status_code == 302
    refused = Client().post(url, signup_data(2))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert f'<html lang="{language}">' in page  # the site's own template
    assert hour in page  # "in 1 hour", the sign-up limit being one an hour
    assert int(refused["Retry-After"]) > 59 * 60
    assert list(get_user_model().objects.values_list("username", flat=True)) == [
        "person1"
    ]


def test_a_script_asking_for_json_gets_json_outside_the_api(limits_on, resident):
    client = Client()
    client.force_login(resident)
    url = reverse("mapping:home")  # any page: the limit comes before the view
    for _ in range(3):
        client.post(url, HTTP_ACCEPT="application/json")
    refused = client.post(url, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"


def test_a_password_reset_is_limited_per_address_named(limits_on, person):
    url = reverse("account_reset_password")
    first = Client().post(url, {"email": "dana@example.kz"}, REMOTE_ADDR="10.1.0.1")
    assert first.status_code == 302
    # Another address, the same inbox: one reset an hour per account.
    again = Client().post(url, {"email": "Dana@Example.kz"}, REMOTE_ADDR="10.1.0.2")
    assert again.status_code == 429
    other = Client().post(url, {"email": "someone@example.kz"}, REMOTE_ADDR="10.1.0.2")
    assert other.status_code == 302
