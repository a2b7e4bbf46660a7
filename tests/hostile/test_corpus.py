"""Every payload of the hostile corpus, through the real endpoint it targets.

Each must be refused with a 4xx (never a 500), say what is wrong (and, for the
geometry intake, where), and leave no row and no file behind. The corpus and its
manifest are written by build_corpus.py; see docs/reliability.md.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from mapping.intake import GeometryRejected, accept_geometry
from tests.contest.conftest import picture
from tests.factories import square

from .conftest import World, stored_files, stored_rows

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
PAYLOADS: list[dict[str, Any]] = MANIFEST["payloads"]
IN_PARK = '{"type": "Point", "coordinates": [76.931, 52.041]}'
SITE_FIELDS = b'{"name_kk": "Sayabaq", "name_ru": "Park", "name_en": "Park", '
DRAWING_FIELDS = {
    "title": "My dream park",
    "description": "",
    "language": "en",
    "child_first_name": "Aylin",
    "child_age": "8",
    "child_full_name": "Aylin Seitkyzy",
    "guardian_contact": "+7 700 555 0101",
    "consent": "on",
}


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _file(entry: dict[str, Any], payload: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(entry["filename"], payload)


# --- How each endpoint is reached ------------------------------------------------------


def posted(client: Any, address: str, body: bytes, content_type: str) -> Any:
    """A raw body, sent as it is (post() would re-encode it to a declared charset)."""
    return client.generic("POST", address, data=body, content_type=content_type)


def geometry_check(world: World, entry: dict, payload: bytes) -> Any:
    return posted(
        world.anonymous,
        url("api:geometry-check", slug=world.town.slug),
        payload,
        entry.get("content_type", "application/json"),
    )


def site_create(world: World, entry: dict, payload: bytes) -> Any:
    body = payload
    if entry["kind"] == "geometry":  # the shape is the site's outline
        body = SITE_FIELDS + b'"slug": "hostile", "geometry": ' + payload + b"}"
    return posted(
        world.architect_client,
        url("api:town-sites", slug=world.town.slug),
        body,
        entry.get("content_type", "application/json"),
    )


def concept_save(world: World, entry: dict, payload: bytes) -> Any:
    body = payload
    if entry["kind"] == "geometry":  # the shape is a playground in a drawing
        body = (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
            b'"properties": {"kind": "playground"}, "geometry": ' + payload + b"}]}"
        )
    concept = world.concept
    session = concept.session
    return posted(
        world.resident_client,
        url(
            "codesign:concept-save",
            town=world.town.slug,
            site=session.site.slug,
            session=session.slug,
            pk=concept.pk,
        ),
        body,
        "application/json",
    )


def proposal_create(world: World, entry: dict, payload: bytes) -> Any:
    campaign = world.campaign
    return world.resident_client.post(
        url("codesign:propose", town=world.town.slug, slug=campaign.slug),
        {
            "title": "A playground",
            "description": "Swings for the yard.",
            "cost_estimate": "1000000",
            "language": "en",
            "geometry": payload.decode(),
            "submit": "submit",
        },
    )


def propose_with_photo(world: World, entry: dict, payload: bytes) -> Any:
    campaign = world.campaign
    return world.resident_client.post(
        url("codesign:propose", town=world.town.slug, slug=campaign.slug),
        {
            "title": "A playground",
            "description": "Swings for the yard.",
            "cost_estimate": "1000000",
            "language": "en",
            "geometry": json.dumps(square(76.93, 52.04)),
            "photo": _file(entry, payload),
            "submit": "submit",
        },
    )


def proposal_photo(world: World, entry: dict, payload: bytes) -> Any:
    draft = world.draft
    return world.resident_client.post(
        url(
            "codesign:proposal",
            town=world.town.slug,
            slug=draft.campaign.slug,
            number=draft.number,
        ),
        {"action": "photo", "photo": _file(entry, payload), "caption": "The pond"},
    )


def concern_report(world: World, entry: dict, payload: bytes) -> Any:
    world.ngo  # noqa: B018 (a community that takes concerns)
    return world.resident_client.post(
        url("community_map:report", town=world.town.slug),
        {
            "category": "lighting",
            "geometry": payload.decode(),
            "precision_m": "100",
            "text": "The lamp at the bus stop is dark.",
            "contact": "",
        },
    )


def drawing(world: World, fields: dict[str, Any]) -> Any:
    contest = world.contest
    return world.resident_client.post(
        url("contest:submit", town=world.town.slug, slug=contest.slug),
        {**DRAWING_FIELDS, **fields},
    )


def drawing_place(world: World, entry: dict, payload: bytes) -> Any:
    return drawing(world, {"image": picture(), "place": payload.decode()})


def drawing_image(world: World, entry: dict, payload: bytes) -> Any:
    return drawing(world, {"image": _file(entry, payload), "place": IN_PARK})


def official_plan(world: World, entry: dict, payload: bytes) -> Any:
    session = world.session
    return world.architect_client.post(
        url(
            "codesign:official-upload",
            town=world.town.slug,
            site=session.site.slug,
            session=session.slug,
        ),
        {"plan": _file(entry, payload), "title": ""},
    )


def concern_import(world: World, entry: dict, payload: bytes) -> Any:
    world.mapper  # noqa: B018 (the NGO's mapper is the one who imports)
    return world.mapper_client.post(
        url("community_map:import-new", town=world.town.slug),
        {"file": _file(entry, payload), "community": world.ngo.pk},
    )


def request(world: World, entry: dict, payload: bytes) -> Any:
    address = entry["url"].replace("{town}", world.town.slug)
    if entry.get("method") == "POST":
        return world.anonymous.post(
            address, data=entry.get("body", ""), content_type="application/json"
        )
    return world.anonymous.get(address)


ENDPOINTS = {
    "geometry-check": geometry_check,
    "site-create": site_create,
    "concept-save": concept_save,
    "proposal-create": proposal_create,
    "propose-with-photo": propose_with_photo,
    "proposal-photo": proposal_photo,
    "concern-report": concern_report,
    "drawing-place": drawing_place,
    "drawing-image": drawing_image,
    "official-plan": official_plan,
    "concern-import": concern_import,
    "request": request,
}
# Where the answer is JSON with the intake's location (not a page with a form).
JSON_ENDPOINTS = {"geometry-check", "site-create", "concept-save", "request"}


# --- What the answer must say ------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def said(response: Any) -> tuple[str, str | None]:
    """The refusal's words (and its location, if it names one) as a person sees them."""
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        body = json.loads(response.content)
        error = body.get("error", body)
        text = error.get("message") or error.get("description") or ""
        return text, error.get("location")
    page = response.content.decode()
    context = getattr(response, "context", None)
    form = None
    if context is not None:
        form = next(
            (context[k] for k in ("form", "identity_form") if k in context), None
        )
    text = html.unescape(_TAGS.sub(" ", page))
    if form is not None and form.errors:
        words = " ".join(str(e) for errors in form.errors.values() for e in errors)
        # What the form says must be on the page the person sees.
        assert words[:40] in text
        return words, None
    return text, None


def expected(entry: dict, endpoint: str, key: str, default: Any) -> Any:
    value = entry.get(key, default)
    return value.get(endpoint, default) if isinstance(value, dict) else value


CASES = [
    pytest.param(entry, endpoint, id=f"{entry['name']}-to-{endpoint}")
    for entry in PAYLOADS
    for endpoint in entry["endpoints"]
]


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "endpoint"), CASES)
def test_a_hostile_payload_is_refused_clearly_and_stores_nothing(
    world, settings, _media, entry, endpoint
):
    for name, value in entry.get("settings", {}).items():
        setattr(settings, name, value)
    payload = (CORPUS / entry["file"]).read_bytes() if "file" in entry else b""
    send = ENDPOINTS[endpoint]
    # Build what the endpoint needs first, so that only the payload can store.
    _prepare(world, endpoint)
    rows, files = stored_rows(), stored_files(_media)

    response = send(world, entry, payload)

    statuses = expected(entry, endpoint, "status", [400])
    assert response.status_code in statuses, response.content[:500]
    text, location = said(response)
    mentions = expected(entry, endpoint, "mentions", [])
    missing = [words for words in mentions if words not in text]
    assert not missing, f"{missing} not in: {text[:500]}"
    if entry.get("too_long_to_echo"):
        assert len(text) < 1_000
    names_its_place = endpoint == "geometry-check" or len(entry["endpoints"]) == 1
    if "location" in entry and names_its_place and endpoint in JSON_ENDPOINTS:
        assert (location or "") == entry["location"]
    assert stored_rows() == rows
    assert stored_files(_media) == files


def _prepare(world: World, endpoint: str) -> None:
    """Make the rows an endpoint works on before counting what is stored."""
    needs = {
        "site-create": ["architect_client"],
        "concept-save": ["concept", "resident_client"],
        "proposal-create": ["campaign", "resident_client"],
        "propose-with-photo": ["campaign", "resident_client"],
        "proposal-photo": ["draft", "resident_client"],
        "concern-report": ["ngo", "resident_client"],
        "drawing-place": ["contest", "resident_client"],
        "drawing-image": ["contest", "resident_client"],
        "official-plan": ["session", "architect_client"],
        "concern-import": ["mapper", "mapper_client"],
        "geometry-check": ["anonymous"],
        "request": ["anonymous"],
    }
    for name in needs[endpoint]:
        getattr(world, name)


def test_the_manifest_names_every_file_and_three_hundred_payloads():
    listed = {entry["file"] for entry in PAYLOADS if "file" in entry}
    on_disk = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert listed == on_disk
    assert len({entry["name"] for entry in PAYLOADS}) == len(PAYLOADS) >= 300
    for entry in PAYLOADS:
        assert entry["mentions"], entry["name"]
        assert set(entry["endpoints"]) <= set(ENDPOINTS), entry["name"]
        if isinstance(entry["mentions"], dict):  # words for each endpoint, then
            assert set(entry["mentions"]) == set(entry["endpoints"]), entry["name"]
    kinds = Counter(entry["kind"] for entry in PAYLOADS)
    assert set(kinds) == {"geometry", "json", "files", "query"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_refusal_speaks_the_senders_language(world, language):
    payload = (CORPUS / "geometry/bowtie.json").read_bytes()
    response = world.anonymous.generic(
        "POST",
        url("api:geometry-check", slug=world.town.slug),
        data=payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    with translation.override(language), pytest.raises(GeometryRejected) as intake:
        accept_geometry(payload, place=world.town)
    with translation.override("en"), pytest.raises(GeometryRejected) as english:
        accept_geometry(payload, place=world.town)
    message = json.loads(response.content)["error"]["message"]
    assert response.status_code == 400
    assert message == str(intake.value.message) != str(english.value.message)
