"""Pages people see: the list of towns and a town's map, served without a CDN."""

from __future__ import annotations

import json
import re

import pytest

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


def map_config(html: str) -> dict:
    """The JSON the town page hands to its map script."""
    match = re.search(r'id="map-config"[^>]*>(.*?)</script>', html, re.S)
    assert match, "the page has no map configuration"
    return json.loads(match[1])


def test_root_sends_people_to_their_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_home_lists_the_towns(client, aksu):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/en/towns/aksu/">' in html
    assert "1 district" in html and "1 site" in html


def test_town_page_has_the_map_and_its_text_alternative(client, aksu):
    response = client.get("/ru/towns/aksu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert 'id="map"' in html
    assert "<h1>Аксу</h1>" in html
    assert "Центральный" in html  # the district, listed beside the map
    assert 'data-id="neglected-park"' in html
    config = map_config(html)
    assert config["data"]["districts"] == "/api/v1/towns/aksu/districts/"
    assert config["basemap"]["style"] is None  # offline by default
    assert config["worker"].endswith("maplibre-gl-csp-worker.js")


@pytest.mark.parametrize("path", ["/kk/", "/ru/towns/aksu/", "/en/towns/aksu/"])
def test_pages_load_nothing_from_other_hosts(client, aksu, path):
    html = client.get(path).content.decode()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "<script>" not in html  # no inline scripts: only src= and JSON data


def test_unknown_town_is_a_page_in_the_users_language(client, db):
    response = client.get("/ru/towns/atlantis/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "atlantis" in html
    assert '<html lang="ru">' in html


def test_a_configured_base_style_is_used_with_its_attribution(client, aksu, settings):
    settings.BIRGE_BASEMAP_STYLE_URL = "/static/styles/osm-liberty.json"
    settings.BIRGE_BASEMAP_ATTRIBUTION = "© OpenStreetMap contributors"
    html = client.get("/en/towns/aksu/").content.decode()
    config = map_config(html)
    assert config["basemap"] == {
        "style": "/static/styles/osm-liberty.json",
        "attribution": "© OpenStreetMap contributors",
    }


def test_admin_map_widget_is_served_locally(admin_client, aksu):
    response = admin_client.get(f"/en/admin/mapping/site/{aksu.sites.get().pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/ol/ol.js" in html
    assert "js/admin_map_widget.js" in html
    assert "cdn.jsdelivr" not in html and not EXTERNAL.search(html)


def test_admin_refuses_a_self_intersecting_site_and_says_why(admin_client, aksu):
    site = aksu.sites.get()
    url = f"/en/admin/mapping/site/{site.pk}/change/"
    bowtie = json.dumps(
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [76.93, 52.04],
                    [76.932, 52.042],
                    [76.932, 52.04],
                    [76.93, 52.042],
                    [76.93, 52.04],
                ]
            ],
        }
    )
    form = {
        "town": aksu.pk,
        "slug": site.slug,
        "name_kk": "Саябақ",
        "name_ru": "Парк",
        "name_en": "Park",
        "status": "neglected",
        "boundary": bowtie,
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "crosses itself" in response.content.decode()
    site.refresh_from_db()
    assert site.boundary.valid
