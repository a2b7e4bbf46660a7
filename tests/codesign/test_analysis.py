"""Agreement grid, families and the stored session analysis, by hand-computable shapes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import box

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.analysis import agreement_cells, session_analysis
from codesign.comparison import Concept, Element
from codesign.comparison.agreement import agreement
from codesign.comparison.families import families
from codesign.models import SessionAnalysis
from tests.codesign.sketching import drawn

SITE = box(0, 0, 100, 100)
LEFT = box(0, 0, 50, 100)


def sketch(*elements: tuple[str, object], official: bool = False) -> Concept:
    return Concept(
        site=SITE,
        elements=[Element(k, g) for k, g in elements],
        official=official,
    )


def test_two_of_three_choosing_green_agree_and_the_plan_differs():
    residents = [
        sketch(("green", LEFT)),
        sketch(("green", LEFT)),
        sketch(("sport", LEFT)),
    ]
    grid = agreement(SITE, residents, official=sketch(("plaza", LEFT)), cell_m=5)
    assert grid.cells == 400
    summary = grid.summary()
    assert summary["agreed"] == 1.0  # left: 2/3 green, right: all unassigned
    assert summary["split"] == 0.0
    assert summary["plan_differs"] == 0.5  # the left half is a plaza in the plan
    left = grid.centres()[:, 0] < 50
    expected = -(2 / 3 * math.log2(2 / 3) + 1 / 3 * math.log2(1 / 3)) / math.log2(3)
    assert np.allclose(grid.entropy[left], expected)
    assert np.allclose(grid.entropy[~left], 0.0)


def test_three_different_uses_are_as_split_as_three_concepts_can_be():
    residents = [sketch((k, LEFT)) for k in ("green", "sport", "water")]
    grid = agreement(SITE, residents, cell_m=5)
    left = grid.centres()[:, 0] < 50
    assert np.allclose(grid.entropy[left], 1.0)
    assert grid.split[left].all() and not grid.agreed[left].any()
    assert grid.summary()["plan_differs"] == 0.0  # no plan, nothing differs


def test_families_keep_similar_concepts_together():
    d = np.array(
        [
            [0.0, 0.1, 0.2, 0.9, 0.8],
            [0.1, 0.0, 0.15, 0.85, 0.9],
            [0.2, 0.15, 0.0, 0.9, 0.9],
            [0.9, 0.85, 0.9, 0.0, 0.3],
            [0.8, 0.9, 0.9, 0.3, 0.0],
        ]
    )
    found = families(d, cut=0.4)
    assert [f.members for f in found] == [(0, 1, 2), (3, 4)]
    assert found[0].medoid == 1  # the closest to the others
    assert found[0].cohesion == pytest.approx(1 - (0.1 + 0.2 + 0.15) / 3)
    assert found[1].cohesion == pytest.approx(0.7)
    # A strict cut leaves everyone alone.
    assert len(families(d, cut=0.05)) == 5


def _submit(session, person, title, elements, *, official=False):
    concept = services.concept_create(
        session=session, author=person, title=title, official=official
    )
    services.concept_save(concept=concept, author=person, elements=elements)
    services.concept_submit(concept=concept, author=person)
    return concept


@pytest.fixture
def architect(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="architect", password="x")
    role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
    return user


def test_the_analysis_is_stored_and_renewed_on_a_new_submission(
    session, resident, architect, aksu
):
    west = "POLYGON((0 0, 100 0, 100 200, 0 200, 0 0))"
    plan = _submit(
        session, architect, "Akimat", [drawn(aksu, "plaza", west)], official=True
    )
    one = _submit(session, resident, "Green", [drawn(aksu, "green", west)])
    analysis = session_analysis(session)
    result = analysis.result
    assert result["official"]["id"] == plan.pk
    assert [c["id"] for c in result["concepts"]] == [one.pk]
    assert result["vs_official"][str(one.pk)]["zones"]["green"]["share_b"] > 0.3
    assert result["similarity"][0][0] == 1.0
    cells = agreement_cells(session)
    assert cells and all(g.srid == 4326 for g, _ in cells)
    assert {p["leading"] for _, p in cells} == {"green", "unassigned"}
    stamp = analysis.computed
    assert session_analysis(session).computed == stamp  # nothing new: kept
    services.concept_save(
        concept=one, author=resident, elements=[drawn(aksu, "plaza", west)]
    )
    assert session_analysis(session).computed == stamp  # a draft changes nothing
    services.concept_submit(concept=one, author=resident)
    renewed = session_analysis(session)
    assert renewed.computed > stamp
    assert renewed.result["concepts"][0]["version"] == 2
    assert SessionAnalysis.objects.count() == 1
    plaza = renewed.result["vs_official"][str(one.pk)]["zones"]["plaza"]
    assert plaza["iou"] == pytest.approx(1.0)
