"""OGC API – Features at /ogc/: the documents, paging, privacy, caching, errors,
and GDAL's OAPIF driver reading Birge as QGIS would."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import translation

from codesign.models import Phase, ProposalStatus
from community_map.models import CommunityMember, MemberRole
from community_map.services.concerns import concern_record
from mapping.ogc import items
from mapping.ogc.params import MAX_LIMIT, items_page
from mapping.tiles import registry
from tests.codesign.conftest import make_campaign, propose
from tests.community_map.conftest import community_in
from tests.factories import accepted_in

GEOJSON = "application/geo+json"
# South-west corners of the public proposals' 0.002° squares, west to east.
CORNERS = [(76.905 + 0.01 * i, 52.03) for i in range(5)]


def get(client: Client, path: str, **headers):
    return client.get(path, **{f"HTTP_{k.upper()}": v for k, v in headers.items()})


@pytest.fixture
def client():
    """A reader in English (without Accept-Language, Birge answers in Kazakh)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def campaign(aksu):
    return make_campaign(aksu, Phase.SUBMISSION)


@pytest.fixture
def resident(db, django_user_model):
    return django_user_model.objects.create_user(username="aigerim", password="x")


@pytest.fixture
def proposals(campaign, resident):
    """Five submitted proposals across Aksu, and one draft."""
    public = [
        propose(campaign, resident, lon=lon, lat=lat, title=f"Bench {i}")
        for i, (lon, lat) in enumerate(CORNERS)
    ]
    draft = propose(campaign, resident, lon=76.95, lat=52.05, submit=False)
    return public, draft


@pytest.fixture
def concerns(aksu, django_user_model):
    """A private person's concern and an organisation's, recorded by a mapper."""
    ngo = community_in(aksu, "bereke", name_ru="Береке")
    mapper = django_user_model.objects.create_user(username="mapper", password="x")
    CommunityMember.objects.create(community=ngo, user=mapper, role=MemberRole.MAPPER)

    def record(lon, lat, text, private):
        concern = concern_record(
            recorder=mapper,
            community=ngo,
            category="heating",
            source="hotline",
            reported_on=datetime.date(2025, 1, 15),
            location=accepted_in(
                aksu, {"type": "Point", "coordinates": [lon, lat]}, ("Point",)
            ),
            text=text,
            private=private,
        )
        concern.refresh_from_db()
        return concern

    return (
        record(76.91537, 52.04471, "No heating at flat 12, Abai 5.", True),
        record(76.92, 52.05, "The school boiler is broken.", False),
    )


def features(client, path, **headers):
    response = get(client, path, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == GEOJSON
    return response.json()


def link(document, rel):
    found = [item["href"] for item in document["links"] if item["rel"] == rel]
    return found[0] if found else None


# The documents


def test_landing_page_leads_to_the_api_conformance_and_collections(client):
    landing = get(client, "/ogc/").json()
    rels = {item["rel"]: item for item in landing["links"]}
    assert (
        rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    )
    assert rels["data"]["href"] == "http://testserver/ogc/collections"
    assert rels["conformance"]["href"] == "http://testserver/ogc/conformance"
    api = get(client, "/ogc/api")
    assert api["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    paths = api.json()["paths"]
    assert {f"/collections/{layer.name}/items" for layer in registry.layers()} <= set(
        paths
    )
    limit = api.json()["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (100, MAX_LIMIT)


def test_conformance_names_core_geojson_and_openapi(client):
    classes = get(client, "/ogc/conformance").json()["conformsTo"]
    assert {c.rsplit("/", 1)[1] for c in classes} == {"core", "geojson", "oas30"}


def test_every_public_layer_is_a_collection_with_items(client, proposals, concerns):
    listed = get(client, "/ogc/collections").json()["collections"]
    assert [c["id"] for c in listed] == [layer.name for layer in registry.layers()]
    for described in listed:
        assert described["itemType"] == "feature"
        assert len(described["extent"]["spatial"]["bbox"][0]) == 4
        one = get(client, f"/ogc/collections/{described['id']}").json()
        assert one["id"] == described["id"]
        items = features(client, link(one, "items"))
        assert items["type"] == "FeatureCollection"
    extent = next(c for c in listed if c["id"] == "proposals")["extent"]
    west, south, east, north = extent["spatial"]["bbox"][0]
    assert (west, south) == (76.905, 52.03)
    assert (east, north) == pytest.approx((76.947, 52.032))


# Items: bbox, limit and paging


def test_paging_yields_every_public_feature_once(client, proposals):
    public, draft = proposals
    page = features(client, "/ogc/collections/proposals/items?limit=2")
    assert link(page, "prev") is None
    seen, pages = [], []
    assert page["numberMatched"] == 5  # counted on the first page only
    while True:
        pages.append(page)
        assert page["numberReturned"] == len(page["features"])
        seen += [feature["id"] for feature in page["features"]]
        following = link(page, "next")
        if following is None:
            break
        page = features(client, following)
    assert seen == sorted(p.pk for p in public)
    assert [p["numberReturned"] for p in pages] == [2, 2, 1]
    assert "numberMatched" not in pages[1]
    # "next" goes by key: the features after the last id of its page.
    first, second = pages[0], pages[1]
    assert parse_qs(urlparse(link(first, "next")).query) == {
        "limit": ["2"],
        "after": [str(first["features"][-1]["id"])],
    }
    assert parse_qs(urlparse(link(second, "next")).query)["after"] == [
        str(second["features"][-1]["id"])
    ]
    # "prev" of a page reached by key goes back by key: before its first id.
    assert parse_qs(urlparse(link(second, "prev")).query) == {
        "limit": ["2"],
        "before": [str(second["features"][0]["id"])],
    }
    assert draft.pk not in seen


def test_prev_links_lead_back_through_every_page(client, proposals):
    """From the last page, prev after prev: the same pages in reverse, and the
    first page reached that way has no prev but a next."""
    public, _draft = proposals
    ids = sorted(p.pk for p in public)
    page = features(client, "/ogc/collections/proposals/items?limit=2")
    while link(page, "next"):
        page = features(client, link(page, "next"))
    pages = [[f["id"] for f in page["features"]]]
    while link(page, "prev"):
        page = features(client, link(page, "prev"))
        assert "numberMatched" not in page
        assert page["numberReturned"] == len(page["features"])
        pages.append([f["id"] for f in page["features"]])
    assert pages == [ids[4:], ids[2:4], ids[:2]]
    # The first page, reached by "before", leads forward by key again.
    assert parse_qs(urlparse(link(page, "next")).query) == {
        "limit": ["2"],
        "after": [str(ids[1])],
    }
    # Before the first feature there is nothing, and no link either way.
    nothing = features(client, f"/ogc/collections/proposals/items?before={ids[0]}")
    assert nothing["features"] == []
    assert link(nothing, "prev") is None
    assert link(nothing, "next") is None


def test_prev_and_next_by_key_keep_to_the_bbox(client, proposals):
    public, _draft = proposals
    box = "bbox=76.91,52.02,76.93,52.04"
    second = features(
        client, f"/ogc/collections/proposals/items?{box}&limit=1&after={public[1].pk}"
    )
    assert [f["id"] for f in second["features"]] == [public[2].pk]
    assert box in link(second, "prev")
    first = features(client, link(second, "prev"))
    assert [f["id"] for f in first["features"]] == [public[1].pk]
    assert link(first, "prev") is None  # outside the box only
    assert [f["id"] for f in features(client, link(first, "next"))["features"]] == [
        public[2].pk
    ]


def test_offset_pages_still_work_and_lead_back(client, proposals):
    public, _draft = proposals
    ids = sorted(p.pk for p in public)
    page = features(client, "/ogc/collections/proposals/items?limit=2&offset=2")
    assert [f["id"] for f in page["features"]] == ids[2:4]
    assert "numberMatched" not in page
    assert parse_qs(urlparse(link(page, "prev")).query) == {
        "limit": ["2"],
        "offset": ["0"],
    }
    following = features(client, link(page, "next"))
    assert [f["id"] for f in following["features"]] == ids[4:]
    # after and offset together: skip from the key on.
    both = features(
        client, f"/ogc/collections/proposals/items?limit=1&after={ids[0]}&offset=1"
    )
    assert [f["id"] for f in both["features"]] == [ids[2]]
    assert parse_qs(urlparse(link(both, "prev")).query) == {
        "limit": ["1"],
        "after": [str(ids[0])],
    }
    past_the_end = features(client, f"/ogc/collections/proposals/items?after={ids[-1]}")
    assert past_the_end["features"] == []
    assert link(past_the_end, "next") is None


def test_a_write_between_pages_neither_skips_nor_repeats(client, proposals):
    """GDAL and QGIS page through a layer while residents keep proposing: a
    feature withdrawn from the first page must not push one of the second
    page's off it (an offset would skip it), and a new one comes last."""
    public, _draft = proposals
    ids = sorted(p.pk for p in public)
    first = features(client, "/ogc/collections/proposals/items?limit=2")
    Proposal = type(public[0])
    Proposal.objects.filter(pk=ids[0]).update(status=ProposalStatus.DRAFT)
    second = features(client, link(first, "next"))
    assert [f["id"] for f in second["features"]] == ids[2:4]
    rest = features(client, link(second, "next"))
    assert [f["id"] for f in rest["features"]] == ids[4:]


def test_bbox_selects_the_features_it_touches(client, proposals):
    public, _draft = proposals
    page = features(
        client, "/ogc/collections/proposals/items?bbox=76.91,52.02,76.93,52.04&limit=1"
    )
    assert page["numberMatched"] == 2
    assert [f["id"] for f in page["features"]] == [public[1].pk]
    following = features(client, link(page, "next"))
    assert [f["id"] for f in following["features"]] == [public[2].pk]
    assert "bbox=76.91,52.02,76.93,52.04" in link(page, "next")
    assert link(following, "next") is None


def test_a_bbox_is_counted_up_to_the_cap(client, proposals, monkeypatch):
    path = "/ogc/collections/proposals/items?bbox=76.91,52.02,76.93,52.04"
    monkeypatch.setattr(items, "COUNT_CAP", 2)
    assert features(client, path)["numberMatched"] == 2
    monkeypatch.setattr(items, "COUNT_CAP", 1)
    page = features(client, path + "&limit=1")
    assert "numberMatched" not in page
    assert page["numberReturned"] == 1
    assert features(client, "/ogc/collections/proposals/items")["numberMatched"] == 5


def test_a_large_limit_gets_the_maximum():
    assert items_page(QueryDict("limit=999999999999999999999999")).limit == MAX_LIMIT
    assert items_page(QueryDict("")).limit == 100


def test_a_feature_has_its_labels_and_page(client, proposals):
    public, _draft = proposals
    feature = features(client, f"/ogc/collections/proposals/items/{public[0].pk}")
    properties = feature["properties"]
    assert properties["status"] == "submitted"
    assert properties["status_label"] == str(ProposalStatus.SUBMITTED.label)
    assert properties["title"] == "Bench 0"
    assert properties["district"] == "Central"
    page = reverse(
        "codesign:proposal",
        kwargs={
            "town": "aksu",
            "slug": public[0].campaign.slug,
            "number": public[0].number,
        },
    )
    assert page.startswith("/en/")
    rels = {item["rel"]: item["href"] for item in feature["links"]}
    assert rels["alternate"] == f"http://testserver{page}"
    assert rels["collection"] == "http://testserver/ogc/collections/proposals"
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == [76.905, 52.03]


# Privacy


def test_a_draft_is_never_served(client, proposals):
    _public, draft = proposals
    page = features(client, f"/ogc/collections/proposals/items?limit={MAX_LIMIT}")
    assert draft.pk not in [f["id"] for f in page["features"]]
    missing = get(client, f"/ogc/collections/proposals/items/{draft.pk}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NotFound"


def test_a_private_persons_concern_is_coarse_and_silent(client, concerns):
    private, organisation = concerns
    assert private.public_point.coords != private.location.coords
    page = features(client, "/ogc/collections/concerns/items")
    served = {f["id"]: f for f in page["features"]}
    coarse = served[private.pk]
    assert coarse["geometry"]["coordinates"] == pytest.approx(
        list(private.public_point.coords), abs=1e-6
    )
    exact = [round(value, 6) for value in private.location.coords]
    assert coarse["geometry"]["coordinates"] != exact
    assert coarse["properties"]["text"] == ""
    assert "Abai" not in json.dumps(page, ensure_ascii=False)
    single = features(client, f"/ogc/collections/concerns/items/{private.pk}")
    assert single["geometry"] == coarse["geometry"]
    assert single["properties"]["text"] == ""
    assert (
        served[organisation.pk]["properties"]["text"] == "The school boiler is broken."
    )
    assert served[organisation.pk]["properties"]["category_label"]


# Caching


def test_a_copy_stays_current_until_a_write(client, campaign, resident, proposals):
    path = "/ogc/collections/proposals/items"
    first = get(client, path)
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    again = get(client, path, if_none_match=etag)
    assert again.status_code == 304
    added = propose(campaign, resident, lon=76.91, lat=52.06)
    after = get(client, path, if_none_match=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert added.pk in [f["id"] for f in after.json()["features"]]
    collection = get(client, "/ogc/collections/proposals")
    assert (
        get(
            client, "/ogc/collections/proposals", if_none_match=collection["ETag"]
        ).status_code
        == 304
    )


# Errors


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("bbox=1,2,3", "four numbers"),
        ("bbox=a,52,77,53", "must be a number"),
        ("bbox=77,52,76,53", "west edge"),
        ("bbox=76,52,200,53", "between -180 and 180"),
        (
            "bbox=76,52,77,53&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857",
            "bbox-crs",
        ),
        ("limit=0", "“limit”"),
        ("limit=-5", "“limit”"),
        ("limit=ten", "“limit”"),
        ("offset=-1", "“offset”"),
        ("offset=1.5", "“offset”"),
        ("after=-1", "“after”"),
        ("after=last", "“after”"),
        ("after=9223372036854775808", "“after”"),
        ("after=1&after=2", "only once"),
        ("before=-1", "“before”"),
        ("before=first", "“before”"),
        ("before=9223372036854775808", "“before”"),
        ("before=5&after=1", "“before” goes alone"),
        ("before=5&offset=0", "“before” goes alone"),
        ("colour=red", "“colour” is not known"),
        ("limit=5&limit=6", "only once"),
        ("datetime=2025-01-01", "no time"),
        ("f=html", "JSON only"),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_why(client, db, query, message):
    response = get(client, f"/ogc/collections/towns/items?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert message in body["description"]


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/collections/parks",
        "/ogc/collections/parks/items",
        "/ogc/collections/towns/items/abc",
        "/ogc/collections/towns/items/99999999999999999999999",
        "/ogc/collections/towns/items/0",
        "/ogc/collections/",
        "/ogc/tiles",
    ],
)
def test_what_is_not_there_is_a_json_404(client, db, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


def test_only_json_is_spoken(client, db):
    assert get(client, "/ogc/?f=json").status_code == 200
    assert get(client, "/ogc/collections?f=html").status_code == 400
    assert get(client, "/ogc/conformance?f=xml").status_code == 400


# Languages


def test_russian_readers_get_russian_titles_and_names(client, aksu, proposals):
    with translation.override("ru"):
        russian = str(registry.get("towns").title)
        submitted = str(ProposalStatus.SUBMITTED.label)
    assert russian != str(registry.get("towns").title)  # the catalog has it
    listed = get(client, "/ogc/collections", accept_language="ru").json()
    assert listed["collections"][0]["title"] == russian
    towns = features(client, "/ogc/collections/towns/items", accept_language="ru")
    assert towns["features"][0]["properties"]["name"] == "Аксу"
    english = features(client, "/ogc/collections/towns/items", accept_language="en")
    assert english["features"][0]["properties"]["name"] == "Aksu"
    page = features(client, "/ogc/collections/proposals/items", accept_language="ru")
    first = page["features"][0]
    assert first["properties"]["status_label"] == submitted
    assert first["properties"]["district"] == "Центральный"
    assert "/ru/" in link(first, "alternate")


# GDAL's OGC API driver, against a running server


def _gdal(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["GDAL_HTTP_TIMEOUT"] = "20"
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL is not installed")
@pytest.mark.django_db(transaction=True)
def test_gdal_lists_the_collections_and_reads_every_page(
    live_server, proposals, tmp_path
):
    public, _draft = proposals
    source = f"OAPIF:{live_server.url}/ogc/"
    listing = _gdal("ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=2", source)
    for layer in registry.layers():
        assert f": {layer.name} (" in listing
    summary = _gdal("ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=2", source, "proposals")
    assert "Feature Count: 5" in summary
    assert "status_label" in summary
    copy = tmp_path / "proposals.geojson"
    _gdal(
        "ogr2ogr", "-f", "GeoJSON", "-oo", "PAGE_SIZE=2", str(copy), source, "proposals"
    )
    read = json.loads(copy.read_text())
    assert sorted(f["properties"]["title"] for f in read["features"]) == [
        f"Bench {i}" for i in range(5)
    ]
    near = tmp_path / "near.geojson"
    _gdal(
        "ogr2ogr", "-f", "GeoJSON", "-oo", "PAGE_SIZE=2", "-spat", "76.91", "52.02",
        "76.93", "52.04", str(near), source, "proposals",
    )  # fmt: skip
    titles = sorted(
        f["properties"]["title"] for f in json.loads(near.read_text())["features"]
    )
    assert titles == ["Bench 1", "Bench 2"]
    one = _gdal("ogrinfo", "-ro", "-q", source, "proposals", "-fid", str(public[3].pk))
    assert "Bench 3" in one
