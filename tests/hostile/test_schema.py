"""schemathesis against Birge's two OpenAPI documents, through the WSGI app.

The API's schema (drf-spectacular, /api/v1/schema/) and the OGC API's own
definition (/ogc/api) are loaded from the running application; schemathesis
generates requests for every operation, valid and not, for the real town and for
made-up ones, anonymous and as an architect, and checks every answer: no 5xx, a
status and a content type the document lists, a body its schema allows.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WSGIClient

from accounts.models import RoleGrant
from accounts.roles import Role
from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# A value the CSRF middleware takes both as the cookie and as the header.
CSRF = "hostileschemathesiscsrfsecret000"
EXAMPLES = hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _node_id(request):
    """schemathesis 4.32's lazy loader reads ``Node._nodeid``, gone in pytest 9."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def app(aksu) -> Any:
    """The WSGI app, kept from closing the test's connection after each request
    (as Django's test client does): the test's data lives in its transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def birge_api(app) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", app)


@pytest.fixture
def ogc_api(app) -> Any:
    return schemathesis.openapi.from_wsgi("/ogc/api", app)


@pytest.fixture
def architect_cookies(aksu, django_user_model) -> dict[str, str]:
    """The cookies of an architect of the town (staff, with the role)."""
    user = django_user_model.objects.create_user(username="schema", is_staff=True)
    RoleGrant.objects.create(user=user, role=Role.ARCHITECT, town=aksu)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = settings.SESSION_COOKIE_NAME
    return {session: client.cookies[session].value, settings.CSRF_COOKIE_NAME: CSRF}


birge = schemathesis.pytest.from_fixture("birge_api")
ogc = schemathesis.pytest.from_fixture("ogc_api")


def _in_town(case: Any) -> None:
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = "aksu"  # the real town, not a made-up one


@pytest.mark.django_db
@birge.parametrize()
@EXAMPLES
def test_the_api_answers_made_up_requests_as_its_schema_says(case):
    case.call_and_validate(headers={"Accept-Language": "en"}, checks=CHECKS)


@pytest.mark.django_db
@birge.parametrize()
@EXAMPLES
def test_the_api_answers_for_a_real_town_as_its_schema_says(case):
    _in_town(case)
    case.call_and_validate(headers={"Accept-Language": "en"}, checks=CHECKS)


@pytest.mark.django_db
@birge.parametrize()
@EXAMPLES
def test_the_api_answers_an_architect_as_its_schema_says(case, architect_cookies):
    _in_town(case)
    case.call_and_validate(
        headers={"Accept-Language": "en", "X-CSRFToken": CSRF},
        cookies=architect_cookies,
        checks=CHECKS,
    )


@pytest.mark.django_db
@ogc.parametrize()
@EXAMPLES
def test_the_ogc_api_answers_as_its_definition_says(case):
    case.call_and_validate(headers={"Accept-Language": "en"}, checks=CHECKS)


@pytest.mark.django_db
def test_the_architects_cookies_sign_in_through_the_same_app(app, architect_cookies):
    """Else the architect's fuzzing would quietly be an anonymous 403."""
    client = WSGIClient(app)
    for name, value in architect_cookies.items():  # as schemathesis sets them
        client.set_cookie(name, value, domain="localhost")
    corners = [[76.91, 52.03], [76.912, 52.03], [76.912, 52.032], [76.91, 52.03]]
    site = {
        "name_kk": "Аула",
        "name_ru": "Двор",
        "name_en": "Courtyard",
        "geometry": {"type": "Polygon", "coordinates": [corners]},
    }
    response = client.post(
        "/api/v1/towns/aksu/sites/", json=site, headers={"X-CSRFToken": CSRF}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
