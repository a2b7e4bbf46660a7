"""Writes go through services: intake-accepted geometry, full_clean, slugs."""

from __future__ import annotations

import pytest

from mapping import services
from mapping.intake import accept_geometry
from tests.factories import square


def test_site_slug_comes_from_the_english_name_and_never_collides(aksu):
    boundary = accept_geometry(square(76.935, 52.045), allowed=("Polygon",), place=aksu)
    names = {"kk": "Аула", "ru": "Двор", "en": "Courtyard No 5"}
    first = services.site_create(town=aksu, names=names, boundary=boundary)
    second = services.site_create(town=aksu, names=names, boundary=boundary)
    assert (first.slug, second.slug) == ("courtyard-no-5", "courtyard-no-5-2")


def test_a_service_refuses_geometry_not_accepted_for_its_town(aksu, town_factory):
    elsewhere = town_factory(slug="elsewhere")
    boundary = accept_geometry(square(76.935, 52.045), place=elsewhere)
    with pytest.raises(ValueError):
        services.site_create(town=aksu, names={"en": "x"}, boundary=boundary)
