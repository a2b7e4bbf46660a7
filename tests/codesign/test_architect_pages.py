"""The architect's comparison page, its agreement grid and the printable report."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from tests.codesign.sketching import drawn

pytestmark = pytest.mark.django_db

WEST = "POLYGON((0 0, 100 0, 100 200, 0 200, 0 0))"
EAST = "POLYGON((110 0, 200 0, 200 200, 110 200, 110 0))"


@pytest.fixture
def architect(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="architect", password="x")
    role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
    return user


def submit(session, person, title, elements, *, official=False):
    concept = services.concept_create(
        session=session, author=person, title=title, official=official
    )
    services.concept_save(concept=concept, author=person, elements=elements)
    services.concept_submit(concept=concept, author=person)
    return concept


@pytest.fixture
def compared(session, resident, architect, aksu, django_user_model):
    """The plan (a plaza west), two green-west concepts and one sport-east concept."""
    plan = submit(
        session,
        architect,
        "Akimat plan",
        [
            drawn(aksu, "plaza", WEST),
            drawn(aksu, "footpath", "LINESTRING(0 100, 200 100)"),
        ],
        official=True,
    )
    others = [
        django_user_model.objects.create_user(username=f"r{i}", password="x")
        for i in range(2)
    ]
    green = [
        submit(session, person, f"Green {i}", [drawn(aksu, "green", WEST)])
        for i, person in enumerate([resident, others[0]])
    ]
    sport = submit(session, others[1], "Sport", [drawn(aksu, "sport", EAST)])
    return plan, green, sport


def url(name, session, **extra):
    kwargs = {"town": "aksu", "site": "neglected-park", "session": session.slug}
    return reverse(f"codesign:{name}", kwargs={**kwargs, **extra})


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_comparison_page_shows_metrics_families_and_the_pair(
    client, session, compared, language
):
    plan, green, sport = compared
    with translation.override(language):
        page = client.get(url("compare", session), {"a": plan.pk, "b": green[0].pk})
    assert page.status_code == 200
    html = page.content.decode()
    for concept in (*green, sport):
        assert f'data-concept="{concept.pk}"' in html
    families = page.context["families"]
    assert [len(f["members"]) for f in families] == [2, 1]  # the greens, the sport
    rows = {row["id"]: row for row in page.context["rows"]}
    assert rows[green[0].pk]["family"] == rows[green[1].pk]["family"] == 1
    assert rows[sport.pk]["overall"] < rows[green[0].pk]["overall"]
    assert page.context["pair"].zones["plaza"].share_a > 0.4
    # Two of three residents chose green in the west: agreed, and the plan differs.
    # The park is 143 m wide and 226 m tall: the west 100 x 200 m is 66 % of it.
    summary = page.context["agreement"]
    assert summary["plan_differs"] == pytest.approx(20_000 / 30_527, abs=0.02)
    assert 'id="map-agreement"' in html and 'id="twin-maps"' in html


def test_a_pair_outside_the_session_falls_back_to_the_first_two(
    client, session, compared
):
    plan, green, _sport = compared
    page = client.get(url("compare", session), {"a": "999999", "b": "x"})
    assert page.status_code == 200
    assert (page.context["a"]["id"], page.context["b"]["id"]) == (plan.pk, green[0].pk)


def test_drafts_are_not_compared(client, session, compared, resident, aksu):
    draft = services.concept_create(session=session, author=resident, title="Secret")
    services.concept_save(
        concept=draft, author=resident, elements=[drawn(aksu, "water", EAST)]
    )
    page = client.get(url("compare", session))
    assert "Secret" not in page.content.decode()
    assert draft.pk not in [c["id"] for c in page.context["concepts"]]


def test_an_empty_session_says_nothing_is_submitted(client, session):
    page = client.get(url("compare", session))
    assert page.status_code == 200
    assert "No concept has been submitted yet" in page.content.decode()


def test_the_agreement_grid_is_geojson_with_shares(client, session, compared):
    data = json.loads(client.get(url("agreement", session)).content)
    cells = data["features"]
    assert cells
    west = [c for c in cells if c["properties"]["leading"] == "green"]
    assert west and all(c["properties"]["plan"] == "plaza" for c in west)
    assert all(c["properties"]["plan_differs"] for c in west)
    assert {round(c["properties"]["share_green"], 3) for c in west} == {0.667}


def test_the_report_prints_tables_and_a_local_folium_map(client, session, compared):
    page = client.get(url("report", session))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="report-chart"' in html and 'id="report-composition"' in html
    assert "Green 0" in html and "Sport" in html
    frame = client.get(url("report-map", session))
    document = frame.content.decode()
    assert frame.status_code == 200
    assert "L.map(" in document or "L.map (" in document
    assert "/static/vendor/leaflet/leaflet.js" in document
    # No CDN: an akimat office may be offline.
    assert "cdn" not in document.lower() and "https://" not in document


def test_an_unknown_session_is_404(client, session):
    page = client.get(
        reverse(
            "codesign:compare",
            kwargs={"town": "aksu", "site": "neglected-park", "session": "nope"},
        )
    )
    assert page.status_code == 404
