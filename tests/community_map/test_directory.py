"""The directory of a town's communities: filters, list, and the map's GeoJSON."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from community_map.models import CommunityLink
from community_map.services.communities import meeting_place_add
from tests.community_map.conftest import community_in, rectangle
from tests.factories import accepted_in

pytestmark = pytest.mark.django_db

SECRET = "Chair: Pyotr, flat 14, +7 700 000 55 55"


def url(name: str, town, lang: str = "en", query: str = "") -> str:
    with translation.override(lang):
        path = reverse(f"community_map:{name}", kwargs={"town": town.slug})
    return f"{path}?{query}" if query else path


@pytest.fixture
def network(town, ngo, mapper):
    """Three communities: two with places, one with an area only; two links."""
    ngo.name_kk, ngo.name_en, ngo.private_contacts = "Береке қоры", "Bereke", SECRET
    ngo.save()
    cyclists = community_in(
        town,
        "velo",
        name_en="Irtysh Velo",
        name_ru="Велоклуб «Иртыш»",
        kind="club",
        topics=["sport"],
        private_contacts=SECRET,
    )
    yard = community_in(
        town,
        "yard",
        name_en="",
        name_ru="Двор на Бажова",
        kind="initiative",
        topics=["yards"],
        work_area=accepted_in(
            town, rectangle(76.94, 52.05, 76.945, 52.055), ("Polygon",)
        ).as_multi(),
    )
    for community, lon in ((ngo, 76.91), (cyclists, 76.925)):
        meeting_place_add(
            actor=_staff(town),
            community=community,
            names={"en": f"Place of {community.slug}"},
            kind="park",
            location=accepted_in(
                town, {"type": "Point", "coordinates": [lon, 52.045]}, ("Point",)
            ),
            activities={"en": "Rides"},
            schedules={"en": "Sundays"},
        )
    CommunityLink.objects.create(source=ngo, target=cyclists, kind="partnership")
    CommunityLink.objects.create(source=ngo, target=yard, kind="umbrella")
    return {"ngo": ngo, "velo": cyclists, "yard": yard}


def _staff(town):
    """A moderator of the town, who may edit any of its communities."""
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import role_grant

    user = User.objects.get_or_create(username="boss")[0]
    role_grant(actor=None, user=user, role=Role.MODERATOR, town=town)
    return user


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_directory_lists_every_community_in_each_language(client, network, lang):
    response = client.get(url("directory", network["ngo"].town, lang))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Двор на Бажова" in page  # named only in Russian: shown anyway
    assert network["velo"].get_absolute_url().replace("/en/", f"/{lang}/") in page
    assert 'id="map-config"' in page
    assert SECRET not in page


def test_filters_narrow_the_list_and_the_map(client, town, network):
    page = client.get(url("directory", town, query="kind=club")).content.decode()
    assert "Irtysh Velo" in page
    assert "Bereke" not in page
    page = client.get(url("directory", town, query="topic=yards")).content.decode()
    assert "Двор на Бажова" in page
    assert "Irtysh Velo" not in page
    # The text search looks at the names in every language.
    page = client.get(url("directory", town, query="q=иртыш")).content.decode()
    assert "Irtysh Velo" in page
    assert "Bereke" not in page
    # The map's data follows the same filter (a shareable URL).
    assert "map.geojson?q=%D0%B8" in page or "map.geojson?q=" in page


def test_unknown_filter_values_are_ignored(client, town, network):
    response = client.get(url("directory", town, query="kind=sect&topic=pizza"))
    assert response.status_code == 200
    assert "Irtysh Velo" in response.content.decode()


def test_the_list_counts_places_and_concerns(client, town, network, record):
    record()
    record()
    page = client.get(url("directory", town)).content.decode()
    assert "1 meeting place · 2 concerns" in page


def test_the_map_has_areas_places_and_link_lines(client, town, network):
    response = client.get(url("directory-geojson", town))
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    layers = [f["properties"]["layer"] for f in collection["features"]]
    assert layers.count("area") == 1
    assert layers.count("place") == 2
    lines = [f for f in collection["features"] if f["properties"]["layer"] == "link"]
    assert sorted(f["properties"]["link_kind"] for f in lines) == [
        "partnership",
        "umbrella",
    ]
    # A link ends at a meeting place, or at a point on the area of work.
    partnership = next(
        f for f in lines if f["properties"]["link_kind"] == "partnership"
    )
    assert partnership["geometry"]["coordinates"] == [[76.91, 52.045], [76.925, 52.045]]
    umbrella = next(f for f in lines if f["properties"]["link_kind"] == "umbrella")
    lon, lat = umbrella["geometry"]["coordinates"][1]
    assert 76.94 < lon < 76.945 and 52.05 < lat < 52.055


def test_the_map_never_carries_private_contacts_or_members(client, town, network):
    body = client.get(url("directory-geojson", town)).content.decode()
    assert SECRET not in body
    assert "mapper" not in body
    assert "private" not in body


def test_the_map_filtered_by_kind_drops_links_to_the_others(client, town, network):
    collection = json.loads(
        client.get(url("directory-geojson", town, query="kind=club")).content
    )
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"place"}


def test_the_map_speaks_the_page_language(client, town, network):
    collection = json.loads(client.get(url("directory-geojson", town, "ru")).content)
    names = {f["properties"].get("community") for f in collection["features"]}
    assert "Велоклуб «Иртыш»" in names


def test_a_community_page_map_shows_its_partners(client, town, network):
    page = client.get(network["yard"].get_absolute_url()).content.decode()
    config = json.loads(
        page.split('id="map-config" type="application/json">')[1].split("</script>")[0]
    )
    layers = [f["properties"]["layer"] for f in config["communities"]["features"]]
    assert sorted(layers) == ["area", "link", "partner"]
    assert SECRET not in page
