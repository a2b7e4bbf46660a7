"""Site co-design pages: sessions, concepts, the drawing page and its JSON endpoint.

Thin: reads come from selectors, writes go through the concept services, and
every drawn shape enters through mapping.intake, one element at a time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integrity.locking import STALE
from mapping.mapconfig import town_map_config
from mapping.models import Town
from mapping.selectors import site_feature, town_by_slug

from .. import selectors, services
from ..comparison.vocabulary import FAMILIES
from ..errors import ActionRefused
from ..forms_design import ConceptStartForm, drawing_from_json, revision_from_json
from ..models import Concept, ConceptVersion, DesignSession
from ..services.concepts import drawing_refused
from .common import person, refused


def _session_kwargs(session: DesignSession) -> dict[str, str]:
    return {
        "town": session.site.town.slug,
        "site": session.site.slug,
        "session": session.slug,
    }


def _concept_url(name: str, concept: Concept, version: int | None = None) -> str:
    url = reverse(
        f"codesign:{name}",
        kwargs={**_session_kwargs(concept.session), "pk": concept.pk},
    )
    return f"{url}?version={version}" if version is not None else url


def _family_names() -> dict[str, str]:
    return {"zone": _("Zones"), "path": _("Paths"), "object": _("Objects")}


def _palette_groups(palette: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The palette in three groups (zones, paths, objects) for buttons and legends."""
    names = _family_names()
    return [
        {
            "family": family,
            "name": names[family],
            "entries": [e for e in palette if e["family"] == family],
        }
        for family in FAMILIES
    ]


def _map_config(
    session: DesignSession, *, labels: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """The town map's JSON plus the site, the palette and the page's layers."""
    town: Town = session.site.town
    config = town_map_config(town)
    config["site"] = json.loads(site_feature(session.site))
    config["palette"] = selectors.palette_of(session)
    official = selectors.official_plan_version(session)
    config["official"] = (
        json.loads(selectors.concept_elements_geojson(official.pk))
        if official
        else None
    )
    config.update(extra)
    config["labels"].update(
        {
            "map_failed": _(
                "The map could not be shown in this browser. The lists on this "
                "page hold the same concepts and measures."
            ),
            **(labels or {}),
        }
    )
    return config


# --- Sessions ---------------------------------------------------------------------


@require_GET
def session_list(request: HttpRequest, town: str) -> HttpResponse:
    """A town's design sessions: which site, when, and how many concepts."""
    place = town_by_slug(town)
    sessions = [
        {"session": s, "refusal": drawing_refused(s)}
        for s in selectors.design_sessions_of(place.pk)
    ]
    return render(
        request,
        "codesign/design/session_list.html",
        {"town": place, "sessions": sessions},
    )


@require_GET
def session(request: HttpRequest, town: str, site: str, session: str) -> HttpResponse:
    """A session: its brief, palette, dates, the concepts on a map and in a list."""
    item = selectors.design_session_by_slugs(town, site, session)
    return _session_page(request, item, ConceptStartForm())


def _session_page(
    request: HttpRequest,
    item: DesignSession,
    form: ConceptStartForm,
    status: int = 200,
) -> HttpResponse:
    concepts = selectors.session_concepts(item, request.user)
    palette = selectors.palette_of(item)
    return render(
        request,
        "codesign/design/session.html",
        {
            "design": item,
            "town": item.site.town,
            "site": item.site,
            "kwargs": _session_kwargs(item),
            "concepts": concepts,
            # The map's filter lists the residents' concepts (the plan has its own look).
            "public_concepts": [
                c for c in concepts if c["public"] and not c["concept"].official
            ],
            "groups": _palette_groups(palette),
            "refusal": drawing_refused(item),
            "form": form,
            "map_config": _map_config(
                item,
                concepts=json.loads(selectors.session_concepts_geojson(item)),
            ),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def concept_new(
    request: HttpRequest, town: str, site: str, session: str
) -> HttpResponse:
    """Start a concept (named, maybe with a team) and go straight to drawing it."""
    item = selectors.design_session_by_slugs(town, site, session)
    if request.method == "GET":
        # The form lives on the session page (a sign-in brings people back here).
        url = reverse("codesign:session", kwargs=_session_kwargs(item))
        return redirect(url + "#start")
    form = ConceptStartForm(request.POST)
    if not form.is_valid():
        return _session_page(request, item, form, status=400)
    try:
        concept = services.concept_create(
            session=item,
            author=person(request),
            title=form.cleaned_data["title"],
            team=form.cleaned_data["team"],
        )
    except ActionRefused as refusal:
        return _session_page(
            request, item, form, status=refused(request, refusal, form)
        )
    return redirect(_concept_url("concept-draw", concept))


# --- A concept ----------------------------------------------------------------------


def _chosen_version(
    request: HttpRequest, versions: Sequence[ConceptVersion]
) -> ConceptVersion:
    """The version asked for with ?version=N (the last visible one by default)."""
    wanted = request.GET.get("version")
    if not wanted:
        return versions[-1]
    for version in versions:
        if str(version.number) == wanted:
            return version
    raise Http404(_("There is no such version."))


def _measure_rows(session: DesignSession, version: ConceptVersion) -> dict[str, Any]:
    """The version's measures per kind, named and coloured by the palette, and totals."""
    palette = {entry["kind"]: entry for entry in selectors.palette_of(session)}
    rows = []
    for measure in selectors.concept_measures(version.pk):
        entry = palette.get(measure["kind"], {})
        rows.append(
            {
                **measure,
                "name": entry.get("name", measure["kind"]),
                "colour": entry.get("colour", "#777777"),
                "symbol": entry.get("symbol", ""),
                "unit_cost": entry.get("unit_cost"),
                "hectares": measure["amount"] / 10_000,
            }
        )
    costs = [row["cost"] for row in rows if row["cost"] is not None]
    return {
        "rows": rows,
        "total": sum(costs),
        "unpriced": len(costs) < len(rows),
    }


@require_GET
def concept(
    request: HttpRequest, town: str, site: str, session: str, pk: int
) -> HttpResponse:
    """A concept on a map over the site, its measures and its versions."""
    item = selectors.design_session_by_slugs(town, site, session)
    found = selectors.concept_for(item, pk, request.user)
    versions = list(selectors.concept_versions_for(found, request.user))
    version = _chosen_version(request, versions)
    mine = request.user.is_authenticated and found.author_id == request.user.pk
    last = versions[-1]
    return render(
        request,
        "codesign/design/concept.html",
        {
            "design": item,
            "town": item.site.town,
            "site": item.site,
            "kwargs": _session_kwargs(item),
            "concept": found,
            "version": version,
            "versions": versions,
            "mine": mine,
            "can_submit": mine and last.submitted_at is None and version == last,
            "refusal": None if found.official else drawing_refused(item),
            "measures": _measure_rows(item, version),
            "map_config": _map_config(
                item,
                elements=json.loads(selectors.concept_elements_geojson(version.pk)),
                # The plan is not drawn faintly under itself.
                **({"official": None} if found.official else {}),
            ),
        },
    )


@require_GET
def concept_geojson(
    request: HttpRequest, town: str, site: str, session: str, pk: int
) -> HttpResponse:
    """A concept version's elements (kind, label, colour), as its page shows them."""
    item = selectors.design_session_by_slugs(town, site, session)
    found = selectors.concept_for(item, pk, request.user)
    version = _chosen_version(
        request, list(selectors.concept_versions_for(found, request.user))
    )
    return HttpResponse(
        selectors.concept_elements_geojson(version.pk),
        content_type="application/geo+json",
    )


# --- Drawing ------------------------------------------------------------------------


@login_required
@require_GET
def concept_draw(
    request: HttpRequest, town: str, site: str, session: str, pk: int
) -> HttpResponse:
    """The drawing page: palette, tools, the map, live measures, save and submit."""
    item = selectors.design_session_by_slugs(town, site, session)
    found = selectors.own_concept(item, pk, request.user)
    version = found.versions.order_by("-number").first()
    palette = selectors.palette_of(item)
    return render(
        request,
        "codesign/design/draw.html",
        {
            "design": item,
            "town": item.site.town,
            "site": item.site,
            "kwargs": _session_kwargs(item),
            "concept": found,
            "version": version,
            "groups": _palette_groups(palette),
            "refusal": None if found.official else drawing_refused(item),
            "map_config": _map_config(
                item,
                draw=True,
                save=_concept_url("concept-save", found),
                revision=found.revision,
                labels=_draw_labels(),
                elements=json.loads(selectors.concept_elements_geojson(version.pk))
                if version
                else None,
            ),
        },
    )


def _draw_labels() -> dict[str, Any]:
    """Every sentence the drawing script shows, in the page's language."""
    return {
        "hint_zone": _(
            "Tap the map at each corner of the %(name)s. Tap the first or the "
            "last corner again to finish it."
        ),
        "hint_path": _(
            "Tap the map along the %(name)s. Tap the last point again to finish it."
        ),
        "hint_object": _("Tap the map wherever a %(name)s should stand."),
        "hint_select": _(
            "Tap an element to select it. Drag its corners or the element "
            "itself; tap a small middle point to add a corner."
        ),
        "hint_start": _("Choose what to draw above, then tap the map."),
        "nothing": _("Nothing drawn yet."),
        "money": _("%(amount)s ₸"),
        "area_value": _("%(m2)s m² · %(ha)s ha"),
        "length_value": _("%(m)s m"),
        "count_value": _("%(n)s pcs"),
        "no_price": _("no price set"),
        "element": _("Element %(n)s"),
        "label": _("Label (optional)"),
        "kind": _("Kind"),
        "select": _("Select"),
        "delete": _("Delete"),
        "unsaved": _("You have changes that are not saved yet."),
        "saved": _("All changes are saved."),
        "saving": _("Saving…"),
        "offline": _(
            "Birge could not be reached. Your drawing is still here: try "
            "saving again in a moment."
        ),
        "finish_first": _(
            "Finish the shape you are drawing first (tap its last point "
            "again), or undo it."
        ),
        "select_first": _("Select an element on the map or in the list first."),
        "conflict_first": _(
            "This concept was saved elsewhere. Save first to replace that drawing "
            "with yours, or reload the page to see it; then submit."
        ),
        "deleted": _("%(name)s deleted. Undo brings it back."),
        "drawn": _("%(name)s added as element %(n)s."),
        "undone": _("Undone."),
        "redone": _("Redone."),
        "clipped": _("Parts outside the site were cut off on saving."),
        "not_editable": _(
            "%(n)s saved elements cannot be changed on this page (an area with "
            "a hole, for example). Saving here would lose them, so saving is "
            "off; the concept's page shows them."
        ),
    }


@require_POST
def concept_save(
    request: HttpRequest, town: str, site: str, session: str, pk: int
) -> JsonResponse:
    """Save the drawing (a FeatureCollection) as the draft, all of it or nothing.

    Answers 400 with {"error": {"code", "message", "element"}} naming the first
    element that cannot be stored; the page highlights it.
    """
    if not request.user.is_authenticated:
        return _json_refusal(
            ActionRefused(
                "signed_out",
                _(
                    "You are signed out. Sign in again in another tab, then save: "
                    "your drawing stays on this page."
                ),
                status=401,
            )
        )
    try:
        item = selectors.design_session_by_slugs(town, site, session)
        found = selectors.own_concept(item, pk, request.user)
    except Http404:
        return _json_refusal(ActionRefused("not_found", _("No such concept."), 404))
    try:
        elements = drawing_from_json(request.body, town=item.site.town)
        draft = services.concept_save(
            concept=found,
            author=person(request),
            elements=elements,
            revision=revision_from_json(request.body),
        )
    except ActionRefused as refusal:
        return _json_refusal(refusal)
    return JsonResponse(
        {
            "version": draft.number,
            "revision": draft.concept.revision,
            "message": _(
                "Saved as version %(n)d. Only you can see it until you submit it."
            )
            % {"n": draft.number},
            "url": _concept_url("concept", found, draft.number),
            "elements": json.loads(selectors.concept_elements_geojson(draft.pk)),
        }
    )


def _json_refusal(refusal: ActionRefused) -> JsonResponse:
    details = refusal.details
    elements = details.get("elements")
    element = details.get("element", elements[0] if elements else None)
    body: dict[str, Any] = {
        "code": refusal.code,
        "message": str(refusal),
        "element": element,
    }
    if elements:
        body["elements"] = elements
    if "location" in details:
        body["location"] = details["location"]
    if refusal.code == STALE:
        # Who saved since, when, and the element counts: the page shows them.
        body["details"] = details
    return JsonResponse({"error": body}, status=refusal.status)


def _posted_revision(request: HttpRequest) -> int | None:
    """The revision the submitting page showed (None when the form had none)."""
    value = request.POST.get("revision", "")
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    return int(value) if 0 < int(value) < 2**31 else None


@login_required
@require_POST
def concept_submit(
    request: HttpRequest, town: str, site: str, session: str, pk: int
) -> HttpResponse:
    """Submit the draft: it becomes public and stays as it is."""
    item = selectors.design_session_by_slugs(town, site, session)
    found = selectors.own_concept(item, pk, request.user)
    try:
        version = services.concept_submit(
            concept=found,
            author=person(request),
            revision=_posted_revision(request),
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(_concept_url("concept-draw", found))
    messages.success(
        request,
        _(
            "Your concept is submitted as version %(n)d. Everyone can see it now; "
            "if you change it later, that becomes version %(next)d."
        )
        % {"n": version.number, "next": version.number + 1},
    )
    return redirect(_concept_url("concept", found, version.number))
