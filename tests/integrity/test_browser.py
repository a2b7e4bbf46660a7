"""Two windows drawing one concept in Chromium: the second save is told, not lost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from codesign import services
from codesign.models import Concept, ConceptElement
from tests.browser.test_budget_story import wait_for_map
from tests.browser.test_concept_drawing import BENCHES, choose, click_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draw_path(concept) -> str:
    session = concept.session
    return reverse(
        "codesign:concept-draw",
        kwargs={
            "town": "aksu",
            "site": session.site.slug,
            "session": session.slug,
            "pk": concept.pk,
        },
    )


def open_drawing(browsing, path):
    page = browsing.sign_in("aigerim", path)
    assert wait_for_map(page) == "ready", browsing.errors
    page.wait_for_selector("#map[data-draw=ready]", timeout=10_000)
    page.locator("#map").scroll_into_view_if_needed()
    return page


def test_a_second_window_is_told_and_saves_only_when_asked(browsing, design, people):
    concept = services.concept_create(
        session=design, author=people["aigerim"], title="Benches"
    )
    path = draw_path(concept)
    first = open_drawing(browsing, path)
    second = open_drawing(browsing, path)
    keys = []
    second.on(
        "request",
        lambda r: (
            keys.append(r.headers.get("idempotency-key"))
            if r.url.endswith("/save")
            else None
        ),
    )

    choose(first, "Bench")
    click_map(first, *BENCHES[0])
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator("#save-message")).to_contain_text("Saved as version 1")

    choose(second, "Bench")
    click_map(second, *BENCHES[1])
    click_map(second, BENCHES[1][0], BENCHES[1][1] - 0.0004)
    second.get_by_role("button", name="Save", exact=True).click()
    message = second.locator("#save-message")
    expect(message).to_contain_text("saved elsewhere after you opened it")
    expect(message).to_contain_text("Saved now: 1 object. Yours: 2 objects.")
    assert ConceptElement.objects.filter(version__concept=concept).count() == 1

    # Submitting would save over the other window's drawing: held until Save.
    second.get_by_role("button", name="Submit the concept").click()
    expect(message).to_contain_text("Save first to replace that drawing")
    assert second.url.endswith("/draw/")

    second.get_by_role("button", name="Save", exact=True).click()
    expect(message).to_contain_text("Saved as version 1")
    assert ConceptElement.objects.filter(version__concept=concept).count() == 2
    assert Concept.objects.get(pk=concept.pk).revision == 3
    assert len(keys) == 2 and all(keys) and keys[0] != keys[1]
    assert browsing.errors == []
