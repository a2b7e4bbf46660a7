"""Design sessions and concepts: palette, clipping, overlaps, versions, measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import role_grant
from codesign import selectors, services
from codesign.errors import ActionRefused
from codesign.models import Concept, ConceptElement, PaletteEntry
from tests.codesign.sketching import UTM, drawn, metric  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept(session, resident):
    return services.concept_create(session=session, author=resident, title="Shady park")


def test_a_session_gets_the_whole_palette_in_three_languages(session):
    entries = PaletteEntry.objects.filter(session=session)
    assert entries.count() == 15
    green = entries.get(kind="green")
    assert (green.name_kk, green.name_ru, green.name_en) == (
        "Көгал",
        "Озеленение",
        "Green space",
    )
    assert entries.get(kind="bench").unit_cost == 120_000


def test_a_concept_is_clipped_to_the_site_and_measured(concept, resident, aksu):
    version = services.concept_save(
        concept=concept,
        author=resident,
        elements=[
            # 20 x 20 m playground, half of it outside the park's west edge.
            drawn(
                aksu, "playground", "POLYGON((-10 10, 10 10, 10 30, -10 30, -10 10))"
            ),
            drawn(aksu, "footpath", "LINESTRING(20 20, 120 20)"),
            drawn(aksu, "bench", "POINT(30 25)"),
            drawn(aksu, "bench", "POINT(40 25)"),
        ],
    )
    measures = {m["kind"]: m for m in selectors.concept_measures(version.pk)}
    # About half of the 400 m² is inside (the park's edges are not quite
    # north-south in UTM metres), and only that half is kept and costed.
    playground = measures["playground"]
    assert 0.4 * 400 < playground["amount"] < 0.6 * 400
    assert playground["cost"] == pytest.approx(playground["amount"] * 40_000, rel=1e-3)
    element = ConceptElement.objects.get(kind="playground")
    assert element.geometry.within(aksu.sites.get().boundary.buffer(1e-9))
    assert measures["footpath"]["amount"] == pytest.approx(100, rel=0.01)
    assert measures["bench"]["amount"] == 2
    assert measures["bench"]["cost"] == 240_000


def test_overlapping_zones_of_different_kinds_are_refused_by_name(
    concept, resident, aksu
):
    with pytest.raises(ActionRefused) as refused:
        services.concept_save(
            concept=concept,
            author=resident,
            elements=[
                drawn(aksu, "green", "POLYGON((10 10, 60 10, 60 60, 10 60, 10 10))"),
                drawn(aksu, "sport", "POLYGON((50 50, 90 50, 90 90, 50 90, 50 50))"),
            ],
        )
    assert refused.value.code == "zones_overlap"
    assert (
        "Element 1 (Green space) and element 2 (Sports ground) overlap by 100 m²"
        in (str(refused.value))
    )
    assert not ConceptElement.objects.exists()


def test_zones_of_one_kind_may_touch_and_overlap(concept, resident, aksu):
    services.concept_save(
        concept=concept,
        author=resident,
        elements=[
            drawn(aksu, "green", "POLYGON((10 10, 60 10, 60 60, 10 60, 10 10))"),
            drawn(aksu, "green", "POLYGON((50 50, 90 50, 90 90, 50 90, 50 50))"),
            drawn(aksu, "plaza", "POLYGON((60 10, 90 10, 90 40, 60 40, 60 10))"),
        ],
    )
    assert ConceptElement.objects.count() == 3


@pytest.mark.parametrize(
    ("kind", "wkt", "code"),
    [
        ("green", "POINT(20 20)", "wrong_shape"),
        ("bench", "LINESTRING(20 20, 30 30)", "wrong_shape"),
        ("footpath", "LINESTRING(500 500, 600 600)", "outside_site"),
    ],
)
def test_wrong_shapes_and_places_are_refused(concept, resident, aksu, kind, wkt, code):
    with pytest.raises(ActionRefused) as refused:
        services.concept_save(
            concept=concept, author=resident, elements=[drawn(aksu, kind, wkt)]
        )
    assert refused.value.code == code
    assert refused.value.details["element"] == 0


def test_submitted_versions_stay_as_they_were(concept, resident, aksu):
    first = services.concept_save(
        concept=concept,
        author=resident,
        elements=[drawn(aksu, "tree", "POINT(20 20)")],
    )
    services.concept_submit(concept=concept, author=resident)
    second = services.concept_save(
        concept=concept,
        author=resident,
        elements=[
            drawn(aksu, "lamp", "POINT(20 20)"),
            drawn(aksu, "tree", "POINT(30 30)"),
        ],
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.submitted_at is not None
    assert list(first.elements.values_list("kind", flat=True)) == ["tree"]
    assert list(second.elements.values_list("kind", flat=True)) == ["lamp", "tree"]
    with pytest.raises(ActionRefused) as refused:
        services.concept_submit(concept=concept, author=resident)
        services.concept_submit(concept=concept, author=resident)
    assert refused.value.code == "nothing_to_submit"


def test_drawing_outside_the_session_dates_is_refused(session, resident):
    session.ends = timezone.localdate() - dt.timedelta(days=1)
    session.starts = session.ends - dt.timedelta(days=10)
    session.save()
    with pytest.raises(ActionRefused) as refused:
        services.concept_create(session=session, author=resident, title="Late")
    assert refused.value.code == "session_closed"
    assert "closed on" in str(refused.value)


def test_one_official_plan_per_session(session, django_user_model):
    architect = django_user_model.objects.create_user(username="arch")
    role_grant(actor=None, user=architect, role=Role.ARCHITECT, session=session)
    services.concept_create(
        session=session, author=architect, title="Akimat", official=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Concept.objects.create(session=session, title="Second", official=True)


def test_only_architects_and_the_akimat_add_the_official_plan(session, resident):
    with pytest.raises(ActionRefused) as refused:
        services.concept_create(
            session=session, author=resident, title="Mine", official=True
        )
    assert refused.value.status == 403


def test_only_the_author_edits_a_concept(concept, aksu, django_user_model):
    other = django_user_model.objects.create_user(username="other")
    with pytest.raises(ActionRefused) as refused:
        services.concept_save(
            concept=concept,
            author=other,
            elements=[drawn(aksu, "tree", "POINT(20 20)")],
        )
    assert refused.value.status == 404


def test_palette_fill_adds_only_what_is_missing(session):
    PaletteEntry.objects.filter(session=session, kind="art").delete()
    assert services.palette_fill(session=session) == 1
    assert services.palette_fill(session=session) == 0
    assert session.palette.count() == 15
