"""The concerns map page: every language, the URL's state, 400 and 404."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation


def page_url(language: str, query: str = "") -> str:
    with translation.override(language):
        path = reverse("community_map:concerns", args=["oskemen"])
    assert path.startswith(f"/{language}/")
    return path + (f"?{query}" if query else "")


def map_config(response) -> dict:
    match = re.search(
        rb'<script id="map-config" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    assert match
    return json.loads(match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_renders_in_each_language(client, town, record, language):
    record()
    response = client.get(page_url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'id="district-chart"' in html and 'id="time-chart"' in html
    assert 'id="season-chart"' in html and 'id="map-legend"' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert town.name in title
    config = map_config(response)
    endpoints = config["concerns"]["endpoints"]
    assert (
        endpoints["hexagons"] == f"/{language}/towns/oskemen/concerns/hexagons.geojson"
    )
    assert set(config["labels"]["views"]) == {
        "districts",
        "hexagons",
        "heatmap",
        "hotspots",
        "points",
    }
    # No inline script and nothing from another host.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    assert "https://" not in " ".join(re.findall(r'(?:src|href)="([^"]+)"', html))


@pytest.mark.django_db
def test_the_english_page_says_what_it_shows(client, town, record):
    record()
    response = client.get(page_url("en"))
    html = response.content.decode()
    assert "Residents&#x27; concerns in" in html or "Residents' concerns in" in html
    assert "1 concern shown" in html
    assert "Concerns per district" in html


@pytest.mark.django_db
def test_the_url_state_is_restored(client, town, record, ngo):
    record()
    response = client.get(
        page_url(
            "en",
            f"view=hotspots&size=1000&category=heating&community={ngo.slug}&from=2025-01-01",
        )
    )
    html = response.content.decode()
    assert re.search(r'value="hotspots" checked', html)
    assert re.search(r'<option value="1000" selected', html)
    assert re.search(r'name="category" value="heating" checked', html)
    assert re.search(rf'name="community" value="{ngo.slug}" checked', html)
    assert 'value="2025-01-01"' in html
    assert 'data-view="hotspots"' in html and 'data-size="1000"' in html
    # The export links carry the same filter.
    assert (
        f"/en/towns/oskemen/concerns/export.csv?category=heating&amp;community={ngo.slug}&amp;from=2025-01-01"
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["category=volcano", "view=globe", "size=7", "from=2025-13-01"]
)
def test_bad_parameters_answer_400_with_the_message(client, town, query):
    response = client.get(page_url("en", query))
    assert response.status_code == 400
    assert b'role="alert"' in response.content


@pytest.mark.django_db
def test_an_unknown_town_is_404(client, db):
    assert client.get("/en/towns/atlantis/concerns/").status_code == 404


@pytest.mark.django_db
def test_exact_exports_are_offered_to_mappers_only(client, town, record, mapper):
    record()
    assert b"exact=1" not in client.get(page_url("en")).content
    client.force_login(mapper)
    assert b"exact=1" in client.get(page_url("en")).content


@pytest.mark.django_db
def test_the_town_page_links_to_the_concerns_map(client, town):
    response = client.get(reverse("mapping:town", args=["oskemen"]))
    if response.status_code != 200:
        pytest.skip("the town page needs the other sections (another engineer's)")
    assert (
        reverse("community_map:concerns", args=["oskemen"]).encode() in response.content
    )
