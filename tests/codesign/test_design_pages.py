"""Site co-design pages through the Django client: sessions, concepts, drawing, saving."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.models import Concept, ConceptElement, ConceptVersion
from codesign.services import DrawnElement
from tests.factories import accepted_in

pytestmark = pytest.mark.django_db

# The test park is the square SiteFactory puts at (76.93, 52.04), 0.002° a side.
W, S = 76.93, 52.04


def box(dx: float, dy: float, size: float) -> dict:
    """A square inside the park, its corner (dx, dy) thousandths of a degree in."""
    lon, lat, side = W + dx / 1000, S + dy / 1000, size / 1000
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + side, lat],
                [lon + side, lat + side],
                [lon, lat + side],
                [lon, lat],
            ]
        ],
    }


def line(*points: tuple[float, float]) -> dict:
    return {
        "type": "LineString",
        "coordinates": [[W + x / 1000, S + y / 1000] for x, y in points],
    }


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [W + x / 1000, S + y / 1000]}


def feature(kind: str, geometry: dict, label: str = "") -> dict:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"kind": kind, "label": label},
    }


def collection(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


# The outline crosses itself: a bow tie inside the park.
BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [
            [W + 0.0002, S + 0.0002],
            [W + 0.0012, S + 0.0012],
            [W + 0.0012, S + 0.0002],
            [W + 0.0002, S + 0.0012],
            [W + 0.0002, S + 0.0002],
        ]
    ],
}
A_GOOD_DRAWING = (
    feature("green", box(0.2, 0.2, 0.8), "Birch grove"),
    feature("footpath", line((0.1, 1.1), (1.9, 1.1))),
    feature("bench", point(0.5, 1.2)),
    feature("bench", point(1.0, 1.2)),
)


@pytest.fixture
def park(aksu):
    return aksu.sites.get(slug="neglected-park")


@pytest.fixture
def design(park):
    today = timezone.localdate()
    return services.design_session_create(
        site=park,
        slug="spring",
        titles={"kk": "Саябақ жобасы", "ru": "Проект парка", "en": "The park plan"},
        briefs={
            "kk": "Ескі саябақты бірге жобалайық.",
            "ru": "Спроектируем старый парк вместе.",
            "en": "Let us design the old park together.",
        },
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
        unit_costs={"green": 5_000, "footpath": 15_000, "bench": 120_000},
    )


@pytest.fixture
def neighbour(django_user_model):
    return django_user_model.objects.create_user(username="bolat", password="x")


@pytest.fixture
def concept(design, resident):
    return services.concept_create(session=design, author=resident, title="Shady park")


def kwargs_of(design) -> dict:
    return {"town": "aksu", "site": design.site.slug, "session": design.slug}


def concept_url(name: str, concept: Concept, version: int | None = None) -> str:
    url = reverse(
        f"codesign:{name}", kwargs={**kwargs_of(concept.session), "pk": concept.pk}
    )
    return url if version is None else f"{url}?version={version}"


def save(client, concept, body: str):
    return client.post(
        concept_url("concept-save", concept), data=body, content_type="application/json"
    )


def drawn(concept, *features: dict):
    """Save elements through the service, as the save endpoint does."""
    town = concept.session.site.town
    return services.concept_save(
        concept=concept,
        author=concept.author,
        elements=[
            DrawnElement(
                f["properties"]["kind"],
                accepted_in(town, f["geometry"], ("Point", "LineString", "Polygon")),
                f["properties"].get("label", ""),
            )
            for f in features
        ],
    )


def submitted(concept, *features: dict) -> ConceptVersion:
    drawn(concept, *features)
    return services.concept_submit(concept=concept, author=concept.author)


# --- Pages in three languages ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "green", "brief"),
    [
        ("kk", "Саябақ жобасы", "Көгал", "Ескі саябақты бірге жобалайық."),
        ("ru", "Проект парка", "Озеленение", "Спроектируем старый парк вместе."),
        ("en", "The park plan", "Green space", "Let us design the old park together."),
    ],
)
def test_the_pages_render_in_each_language(
    client, design, concept, resident, language, title, green, brief
):
    submitted(concept, *A_GOOD_DRAWING)
    client.force_login(resident)
    with translation.override(language):
        pages = {
            "list": reverse("codesign:sessions", kwargs={"town": "aksu"}),
            "session": reverse("codesign:session", kwargs=kwargs_of(design)),
            "concept": concept_url("concept", concept),
            "draw": concept_url("concept-draw", concept),
        }
    for name, path in pages.items():
        assert path.startswith(f"/{language}/")
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert title in html, name
        if name != "list":
            assert green in html, name  # the palette in the page's language
    session_html = client.get(pages["session"]).content.decode()
    assert brief in session_html
    assert "Shady park" in session_html


def test_the_town_page_links_to_site_co_design(client, design):
    html = client.get(reverse("mapping:town", kwargs={"slug": "aksu"})).content.decode()
    assert reverse("codesign:sessions", kwargs={"town": "aksu"}) in html
    assert "Site co-design" in html


def test_the_session_page_shows_the_palette_and_links_to_the_comparison(client, design):
    response = client.get(reverse("codesign:session", kwargs=kwargs_of(design)))
    html = response.content.decode()
    # The legend: each kind with its colour, symbol and cost in tenge.
    assert 'data-colour="#4caf50"' in html
    assert 'href="#symbol-bench"' in html
    assert "5,000 ₸ per m²" in html
    assert "15,000 ₸ per m" in html
    assert "120,000 ₸ each" in html
    assert reverse("codesign:compare", kwargs=kwargs_of(design)) in html
    # Anyone may look; drawing needs an account.
    assert "Sign in to draw" in html


def test_the_session_page_lists_submitted_concepts_and_the_official_plan(
    client, design, concept, neighbour, django_user_model
):
    submitted(concept, *A_GOOD_DRAWING)
    services.concept_create(session=design, author=neighbour, title="Bolat's draft")
    architect = django_user_model.objects.create_user(username="arch")
    role_grant(actor=None, user=architect, role=Role.ARCHITECT, town=design.site.town)
    plan = services.concept_create(
        session=design, author=architect, title="Akimat plan", official=True
    )
    drawn(plan, feature("plaza", box(0.5, 0.5, 1)))
    html = client.get(reverse("codesign:session", kwargs=kwargs_of(design))).content
    text = html.decode()
    assert "Shady park" in text and "version 1" in text and "submitted" in text
    assert "Akimat plan" in text and "the akimat's plan" in text
    assert "Bolat" not in text  # someone else's draft is not listed
    config = json.loads(
        text.split('<script id="map-config" type="application/json">')[1].split(
            "</script>"
        )[0]
    )
    kinds = sorted(f["properties"]["kind"] for f in config["concepts"]["features"])
    assert kinds == ["bench", "bench", "footpath", "green", "plaza"]
    assert [f["properties"]["kind"] for f in config["official"]["features"]] == [
        "plaza"
    ]


def test_the_author_sees_their_own_draft_listed(client, design, concept, resident):
    client.force_login(resident)
    text = client.get(reverse("codesign:session", kwargs=kwargs_of(design))).content
    assert "draft: only you can see it" in text.decode()


# --- Starting a concept ---------------------------------------------------------------


def test_a_resident_starts_a_concept_and_lands_on_the_drawing_page(
    client, design, resident
):
    client.force_login(resident)
    response = client.post(
        reverse("codesign:concept-new", kwargs=kwargs_of(design)),
        {"title": "Birch grove", "team": "School 3"},
    )
    concept = Concept.objects.get(title="Birch grove")
    assert (concept.author, concept.team) == (resident, "School 3")
    assert response.status_code == 302
    assert response["Location"] == concept_url("concept-draw", concept)


def test_starting_a_concept_needs_an_account(client, design):
    response = client.post(
        reverse("codesign:concept-new", kwargs=kwargs_of(design)), {"title": "X"}
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Concept.objects.exists()


def test_a_closed_session_says_why_and_starts_nothing(client, design, resident):
    design.starts = timezone.localdate() - dt.timedelta(days=20)
    design.ends = timezone.localdate() - dt.timedelta(days=2)
    design.save()
    client.force_login(resident)
    page = client.get(reverse("codesign:session", kwargs=kwargs_of(design)))
    assert "closed on" in page.content.decode()
    assert 'id="id_title"' not in page.content.decode()
    response = client.post(
        reverse("codesign:concept-new", kwargs=kwargs_of(design)), {"title": "Late"}
    )
    assert response.status_code == 409
    assert "closed on" in response.content.decode()
    assert not Concept.objects.exists()


# --- Who sees what ------------------------------------------------------------------


def test_a_draft_is_not_found_for_anyone_but_its_author(
    client, concept, resident, neighbour
):
    drawn(concept, *A_GOOD_DRAWING)
    pages = [
        concept_url("concept", concept),
        concept_url("concept-geojson", concept),
        concept_url("concept-draw", concept),
    ]
    client.force_login(neighbour)
    for path in pages:
        assert client.get(path).status_code == 404, path
    assert save(client, concept, collection()).status_code == 404
    assert client.post(concept_url("concept-submit", concept)).status_code == 404
    client.logout()
    assert client.get(pages[0]).status_code == 404
    assert client.get(pages[1]).status_code == 404
    client.force_login(resident)
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_the_geojson_has_kind_label_and_colour(client, concept, resident):
    submitted(concept, *A_GOOD_DRAWING)
    body = client.get(concept_url("concept-geojson", concept)).json()
    assert body["type"] == "FeatureCollection"
    first = body["features"][0]
    assert first["geometry"]["type"] == "Polygon"
    assert first["properties"]["kind"] == "green"
    assert first["properties"]["label"] == "Birch grove"
    assert first["properties"]["colour"] == "#4caf50"
    assert [f["properties"]["kind"] for f in body["features"]] == [
        "green",
        "footpath",
        "bench",
        "bench",
    ]


def test_the_concept_page_shows_its_measures_and_cost(client, concept):
    submitted(concept, *A_GOOD_DRAWING)
    html = client.get(concept_url("concept", concept)).content.decode()
    table = html.split('id="measures-table"')[1].split("</table>")[0]
    # About 55 x 89 m of green (0.0008° each way at 52° N), a 123 m path, 2 benches.
    assert "Green space" in table and " ha" in table and "m²" in table
    assert "2 pcs" in table
    assert "240,000 ₸" in table  # two benches at 120 000 ₸
    total = html.split('id="measures-total">')[1].split("<")[0]
    amount = int(total.replace(",", "").replace("₸", "").strip())
    assert 25_000_000 < amount < 28_000_000


# --- Saving -------------------------------------------------------------------------


def test_a_valid_drawing_is_saved_as_the_draft(client, concept, resident):
    client.force_login(resident)
    response = save(client, concept, collection(*A_GOOD_DRAWING))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 1
    assert "version 1" in body["message"]
    assert len(body["elements"]["features"]) == 4
    stored = ConceptElement.objects.filter(version__concept=concept)
    assert list(stored.values_list("kind", flat=True)) == [
        "green",
        "footpath",
        "bench",
        "bench",
    ]
    assert stored.get(kind="green").label == "Birch grove"


def test_a_self_intersecting_zone_is_refused_naming_it_and_nothing_is_stored(
    client, concept, resident
):
    client.force_login(resident)
    response = save(
        client,
        concept,
        collection(feature("bench", point(1, 1)), feature("green", BOWTIE)),
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["element"] == 1
    assert error["code"] == "invalid_geometry"
    assert error["message"].startswith("Element 2:")
    assert "crosses itself" in error["message"]
    assert not ConceptElement.objects.exists()


def test_overlapping_zones_of_different_kinds_are_refused(client, concept, resident):
    drawn(concept, feature("tree", point(1, 1)))
    client.force_login(resident)
    response = save(
        client,
        concept,
        collection(
            feature("green", box(0.2, 0.2, 0.8)),
            feature("sport", box(0.6, 0.6, 0.8)),
        ),
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["element"], error["elements"]) == (
        "zones_overlap",
        0,
        [0, 1],
    )
    assert "Element 1 (Green space) and element 2 (Sports ground)" in error["message"]
    # The draft keeps what it had.
    assert list(ConceptElement.objects.values_list("kind", flat=True)) == ["tree"]


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (feature("fountain", point(1, 1)), "unknown_kind"),
        (
            {"type": "Feature", "geometry": point(1, 1), "properties": {}},
            "unknown_kind",
        ),
        # Inside the town, a kilometre from the park.
        (feature("footpath", line((10, 10), (12, 12))), "outside_site"),
        (feature("green", point(1, 1)), "wrong_shape"),
    ],
)
def test_a_bad_element_is_refused_by_its_number(client, concept, resident, bad, code):
    client.force_login(resident)
    response = save(client, concept, collection(*A_GOOD_DRAWING, bad))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["element"]) == (code, 4)
    assert "5" in error["message"]
    assert not ConceptElement.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", '{"type": "Feature"}', "[1, 2]", '{"type": "FeatureCollection"}'],
)
def test_a_body_that_is_no_feature_collection_is_refused(
    client, concept, resident, body
):
    client.force_login(resident)
    response = save(client, concept, body)
    assert response.status_code == 400
    assert response.json()["error"]["element"] is None


def test_saving_signed_out_says_so(client, concept):
    response = save(client, concept, collection(*A_GOOD_DRAWING))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signed_out"


# --- Submitting and versions ----------------------------------------------------------


def test_submit_then_change_makes_version_2_and_version_1_stays_viewable(
    client, concept, resident, neighbour
):
    client.force_login(resident)
    assert save(client, concept, collection(*A_GOOD_DRAWING)).status_code == 200
    response = client.post(concept_url("concept-submit", concept))
    assert response.status_code == 302
    assert response["Location"] == concept_url("concept", concept, 1)
    first = concept.versions.get(number=1)
    assert first.submitted_at is not None

    changed = collection(feature("tree", point(1, 1)), *A_GOOD_DRAWING[:1])
    response = save(client, concept, changed)
    assert response.json()["version"] == 2
    assert [(v.number, v.submitted_at is None) for v in concept.versions.all()] == [
        (1, False),
        (2, True),
    ]

    # The author sees both versions and can switch between them.
    page = client.get(concept_url("concept", concept)).content.decode()
    assert "?version=1" in page and "?version=2" in page
    assert "is a draft" in page
    v1 = client.get(concept_url("concept", concept, 1)).content.decode()
    assert "submitted on" in v1 and "2 pcs" in v1

    # Others see version 1 as it was submitted, and not the new draft.
    client.force_login(neighbour)
    v1 = client.get(concept_url("concept", concept))
    assert v1.status_code == 200
    assert "?version=2" not in v1.content.decode()
    assert client.get(concept_url("concept", concept, 2)).status_code == 404
    kinds = [
        f["properties"]["kind"]
        for f in client.get(concept_url("concept-geojson", concept, 1)).json()[
            "features"
        ]
    ]
    assert kinds == ["green", "footpath", "bench", "bench"]
    assert client.get(concept_url("concept-geojson", concept, 2)).status_code == 404


def test_submitting_an_empty_concept_is_refused_with_the_reason(
    client, concept, resident
):
    client.force_login(resident)
    response = client.post(concept_url("concept-submit", concept), follow=True)
    assert "Draw at least one element" in response.content.decode()
    assert not concept.versions.filter(submitted_at__isnull=False).exists()
