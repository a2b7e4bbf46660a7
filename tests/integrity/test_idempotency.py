"""A retried submission creates nothing twice; its retry gets the first answer."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.models import Proposal
from integrity.idempotency import purge_expired
from integrity.models import IdempotencyKey
from mapping.models import Site
from tests.codesign.test_pages import form, url

pytestmark = pytest.mark.django_db

REPLAYED = "Idempotent-Replayed"
KEY = "3f1c2b9e-6a57-4d0e-9d51-0c3b6f2a7e11"


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def propose(client, campaign, key=KEY, **fields):
    return client.post(
        url("codesign:propose", campaign), {**form(**fields), "idempotency_key": key}
    )


def test_a_form_sent_twice_creates_one_proposal(signed_in, campaign):
    first = propose(signed_in, campaign)
    again = propose(signed_in, campaign)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert again[REPLAYED] == "true" and REPLAYED not in first
    assert Proposal.objects.filter(campaign=campaign).count() == 1
    # The retry lands on the proposal it made, like the first send did.
    assert signed_in.get(again["Location"]).status_code == 200


def test_every_page_render_carries_a_fresh_key(signed_in, campaign):
    keys = [
        re.search(
            r'name="idempotency_key" value="([^"]+)"',
            signed_in.get(url("codesign:propose", campaign)).content.decode(),
        ).group(1)
        for _ in range(2)
    ]
    assert keys[0] != keys[1]
    assert all(uuid.UUID(k).version == 4 for k in keys)


def test_the_same_key_with_other_content_is_refused(signed_in, campaign):
    propose(signed_in, campaign)
    changed = propose(signed_in, campaign, title="Another idea altogether")
    assert changed.status_code == 422
    assert "already sent once with different content" in changed.content.decode()
    assert Proposal.objects.filter(campaign=campaign).count() == 1


def test_a_refused_send_gives_its_key_back(signed_in, campaign):
    refused = propose(signed_in, campaign, title="")
    assert refused.status_code == 400
    fixed = propose(signed_in, campaign)
    assert fixed.status_code == 302 and REPLAYED not in fixed
    assert Proposal.objects.filter(campaign=campaign).count() == 1


def test_a_failed_request_keeps_nothing(signed_in, campaign, monkeypatch):
    """A 500 rolls back the view's writes and the key: the retry runs afresh."""
    create = services.proposal_create

    def create_then_fail(**kwargs):
        create(**kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "proposal_create", create_then_fail)
    signed_in.raise_request_exception = False
    assert propose(signed_in, campaign).status_code == 500
    assert not Proposal.objects.exists() and not IdempotencyKey.objects.exists()
    monkeypatch.undo()
    retried = propose(signed_in, campaign)
    assert retried.status_code == 302 and REPLAYED not in retried
    assert Proposal.objects.count() == 1


def test_keys_expire_after_a_day_and_are_purged(signed_in, campaign):
    propose(signed_in, campaign)
    IdempotencyKey.objects.update(created=timezone.now() - dt.timedelta(hours=25))
    later = propose(signed_in, campaign)
    assert later.status_code == 302 and REPLAYED not in later
    assert Proposal.objects.filter(campaign=campaign).count() == 2
    # The expired key was claimed afresh: one row, from now.
    (row,) = IdempotencyKey.objects.all()
    assert row.created > timezone.now() - dt.timedelta(minutes=5)
    propose(signed_in, campaign, key="another-key")
    IdempotencyKey.objects.filter(key="another-key").update(
        created=timezone.now() - dt.timedelta(days=2)
    )
    assert purge_expired() == 1
    call_command("purge_idempotency_keys", stdout=io.StringIO())
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == [KEY]


def test_one_persons_key_is_not_anothers(signed_in, campaign, expert):
    propose(signed_in, campaign)
    other = Client()
    other.force_login(expert)
    theirs = propose(other, campaign)
    assert theirs.status_code == 302 and REPLAYED not in theirs
    assert Proposal.objects.filter(campaign=campaign).count() == 2


def test_a_send_without_a_key_is_not_touched(signed_in, campaign):
    signed_in.post(url("codesign:propose", campaign), form())
    signed_in.post(url("codesign:propose", campaign), form())
    assert Proposal.objects.filter(campaign=campaign).count() == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("bad", ["", " ", "x" * 256, "ключ", "a b"])
def test_a_key_that_cannot_be_one_is_refused(signed_in, campaign, bad):
    response = signed_in.post(
        url("codesign:propose", campaign),
        form(),
        HTTP_IDEMPOTENCY_KEY=bad,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_invalid"
    assert not Proposal.objects.exists()


# --- The API: the header, JSON answers, anonymous clients -----------------------


CHECK = "/api/v1/towns/aksu/geometry/check/"
POINT = {"type": "Point", "coordinates": [76.93, 52.04]}


def post_json(client, path, body, key=KEY, address="10.0.0.1"):
    return client.post(
        path,
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        REMOTE_ADDR=address,
    )


def test_an_api_retry_gets_the_same_answer(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="architect")
    role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
    api = APIClient()
    api.force_login(user)
    body = {
        "name_kk": "Аула",
        "name_ru": "Двор",
        "name_en": "Courtyard",
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[76.94, 52.05], [76.942, 52.05], [76.942, 52.052], [76.94, 52.05]]
            ],
        },
    }
    first = post_json(api, "/api/v1/towns/aksu/sites/", body)
    again = post_json(api, "/api/v1/towns/aksu/sites/", body)
    assert first.status_code == again.status_code == 201, first.content
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/geo+json"
    assert again[REPLAYED] == "true"
    assert Site.objects.filter(town=aksu).count() == 2  # the fixture's park, and one
    changed = post_json(api, "/api/v1/towns/aksu/sites/", {**body, "name_en": "Yard"})
    assert changed.status_code == 422
    assert changed.json()["error"]["code"] == "idempotency_key_reused"


def test_anonymous_keys_belong_to_their_address(aksu):
    api = APIClient()
    first = post_json(api, CHECK, POINT)
    same = post_json(api, CHECK, POINT)
    elsewhere = post_json(api, CHECK, POINT, address="10.0.0.2")
    assert first.status_code == same.status_code == elsewhere.status_code == 200
    assert same[REPLAYED] == "true" and REPLAYED not in elsewhere
    assert set(IdempotencyKey.objects.values_list("owner", flat=True)) == {
        "address:10.0.0.1",
        "address:10.0.0.2",
    }


def test_anonymous_keys_with_a_session_belong_to_the_session(aksu):
    api = APIClient()
    session = api.session
    session["seen"] = True
    session.save()
    api.cookies["sessionid"] = session.session_key
    post_json(api, CHECK, POINT)
    assert IdempotencyKey.objects.get().owner == f"session:{session.session_key}"


def test_the_schema_documents_the_header_on_every_api_post(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", [])]
            assert ("Idempotency-Key" in names) == (method == "post"), (path, method)
            if method == "post":
                assert "422" in operation["responses"]
