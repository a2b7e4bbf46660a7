"""Concerns coming in and being handled: the resident's report, the NGO's desk.

Thin: reads come from ``selectors.dashboard``, writes go through
``services.concerns``. The NGO pages answer 404 to anyone who does not map in
the town (never 403: nobody learns what is there); anonymous visitors are sent
to sign in first.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mapping.intake import form_status
from mapping.mapconfig import town_map_config
from mapping.models import Town
from mapping.refusals import ActionRefused, person, refused
from mapping.selectors import town_by_slug

from ..filters import ConcernFilter
from ..forms import (
    ConcernFilterForm,
    ConcernRecordForm,
    ConcernReportForm,
    StatusForm,
)
from ..models import Concern, ConcernSource, ConcernStatus
from ..privacy import PUBLIC_GRID_M, maps_in_town
from ..selectors import dashboard as selectors
from ..services.concerns import concern_record, concern_report, concern_set_status

PAGE_SIZE = 50
RECORD_MEMORY = "community_map.record.{town}"


def _map_config(town: Town, **extra: Any) -> dict[str, Any]:
    config = town_map_config(town)
    config["labels"].update(
        {
            "nothing_drawn": _("Nothing marked yet."),
            "drawn_point": _("A point is marked."),
            "drawn_area": _("An area is marked."),
            "locating": _("Finding where you are…"),
            "located": _("Your location is marked (accurate to about %(m)s m)."),
            "location_failed": _(
                "Your location could not be found. Tap the place on the map instead."
            ),
            "exact": _("Exact place (NGO only)"),
            "public": _("What the public map shows"),
            "cell": _("The %(m)s m square it is shown in") % {"m": PUBLIC_GRID_M},
            "map_failed": _(
                "The map could not be shown in this browser. Paste coordinates or "
                "describe the place in the text."
            ),
        }
    )
    config.update(extra)
    return config


def _mapper_town(request: HttpRequest, slug: str) -> Town:
    """The town, if this person maps in it; otherwise the page does not exist."""
    town = town_by_slug(slug)
    if not maps_in_town(request.user, town.pk):
        raise Http404(_("There is no such page."))
    return town


def _optional_url(name: str, **kwargs: Any) -> str:
    """A link to a page another part of Birge may not have yet ("" until it does)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _ngo_links(town: Town, query: str = "") -> dict[str, str]:
    """The desk's links; pages other parts of Birge have not built yet are left out.

    The concerns map and "Export" (the exact table of the NGO's own rows) carry
    the desk's filter, so they show what the desk shows.
    """
    export = _optional_url("community_map:concerns-export", town=town.slug, fmt="xlsx")
    if export:
        export += "?exact=1" + (f"&{query}" if query else "")
    concerns_map = _optional_url("community_map:concerns", town=town.slug)
    if concerns_map and query:
        concerns_map += f"?{query}"
    return {
        "dashboard": reverse("community_map:dashboard", kwargs={"town": town.slug}),
        "record": reverse("community_map:record", kwargs={"town": town.slug}),
        "import": _optional_url("community_map:import-new", town=town.slug),
        "map": concerns_map,
        "export": export,
    }


# --- A resident's report ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, town: str) -> HttpResponse:
    """A resident marks a place, says what is wrong, and sends it to an NGO."""
    place = town_by_slug(town)
    form = ConcernReportForm(
        request.POST or None,
        town=place,
        communities=selectors.communities_taking_concerns(place),
    )
    status = 200
    if request.method == "POST":
        status = form_status(form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = concern_report(
                    town=place,
                    reporter=person(request),
                    category=data["category"],
                    location=data["geometry"],
                    text=data["text"],
                    precision_m=data["precision_m"],
                    contact=data["contact"],
                    community=data.get("community"),
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
            else:
                return redirect(
                    "community_map:report-thanks", town=place.slug, pk=concern.pk
                )
    return render(
        request,
        "community_map/report.html",
        {
            "town": place,
            "form": form,
            "grid_m": PUBLIC_GRID_M,
            "map_config": _map_config(place, draw=True),
        },
        status=status,
    )


@login_required
@require_GET
def report_thanks(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    """What happens next, and how the concern looks on public maps."""
    place = town_by_slug(town)
    concern = selectors.reported_by(request.user, place, pk)
    cell = selectors.public_cell(concern, place)
    marks = [
        {"role": "cell", "geometry": selectors.geojson(cell)},
        {"role": "public", "geometry": selectors.geojson(concern.public_point)},
    ]
    return render(
        request,
        "community_map/report_thanks.html",
        {
            "town": place,
            "concern": concern,
            "grid_m": PUBLIC_GRID_M,
            "map_config": _map_config(place, marks=[m for m in marks if m["geometry"]]),
        },
    )


# --- The NGO's quick entry ---------------------------------------------------------


def _remembered(request: HttpRequest, town: Town) -> dict[str, Any]:
    return dict(request.session.get(RECORD_MEMORY.format(town=town.pk), {}))


def _record_initial(memory: dict[str, Any], communities: Any) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "source": memory.get("source", ConcernSource.HOTLINE),
        "reported_on": today,
        "precision_m": memory.get("precision_m", 100),
        "private": memory.get("private", True),
    }
    # A date typed for a batch of yesterday's calls holds for the rest of the day.
    if memory.get("day") == today.isoformat() and memory.get("reported_on"):
        initial["reported_on"] = datetime.date.fromisoformat(memory["reported_on"])
    if memory.get("community") in {c.pk for c in communities}:
        initial["community"] = memory["community"]
    elif len(communities) == 1:
        initial["community"] = communities[0].pk
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, town: str) -> HttpResponse:
    """A hotline call typed in as it comes; "Save and next" keeps the defaults."""
    place = _mapper_town(request, town)
    communities = list(selectors.communities_mapped_by(request.user, place))
    memory = _remembered(request, place)
    form = ConcernRecordForm(
        request.POST or None,
        town=place,
        communities=selectors.communities_mapped_by(request.user, place),
        initial=_record_initial(memory, communities),
    )
    status = 200
    if request.method == "POST":
        status = form_status(form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = concern_record(
                    recorder=person(request),
                    community=data["community"],
                    category=data["category"],
                    source=data["source"],
                    reported_on=data["reported_on"],
                    location=data["location"],
                    text=form.location_text(),
                    precision_m=data["precision_m"],
                    private=data["private"],
                    reporter_name=data["reporter_name"],
                    reporter_contact=data["reporter_contact"],
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
            else:
                memory.update(
                    source=concern.source,
                    community=concern.community_id,
                    precision_m=concern.precision_m,
                    private=concern.private,
                    reported_on=concern.reported_on.isoformat(),
                    day=timezone.localdate().isoformat(),
                    recent=[concern.pk, *memory.get("recent", [])][
                        : selectors.RECENT_ENTRIES
                    ],
                )
                request.session[RECORD_MEMORY.format(town=place.pk)] = memory
                messages.success(
                    request,
                    _("Saved as concern #%(number)s. Next call.")
                    % {"number": concern.pk},
                )
                return redirect("community_map:record", town=place.slug)
    return render(
        request,
        "community_map/record.html",
        {
            "town": place,
            "form": form,
            "recent": selectors.concerns_recorded(
                request.user, place, memory.get("recent", [])
            ),
            "desk_links": _ngo_links(place),
            "map_config": _map_config(place, pick=True),
        },
        status=status,
    )


# --- The NGO's dashboard and one concern ---------------------------------------------


def _query_with(chosen: ConcernFilter, **changes: Any) -> str:
    return dataclasses.replace(chosen, **changes).to_query()


@login_required
@require_GET
def dashboard(request: HttpRequest, town: str) -> HttpResponse:
    """The concerns of the person's communities: counts, a filtered table, paging."""
    place = _mapper_town(request, town)
    status = 200
    try:
        chosen = ConcernFilter.from_query(request.GET)
    except ActionRefused as refusal:
        status = refused(request, refusal)
        chosen = ConcernFilter()
    concerns = chosen.apply(selectors.concerns_handled_by(request.user, place))
    counts = selectors.concern_counts(concerns)
    for field in ("status", "category"):
        for row in counts[field]:
            row["query"] = _query_with(chosen, **{field: (row["value"],)})
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    communities = selectors.communities_mapped_by(request.user, place)
    filter_form = ConcernFilterForm(
        communities=communities,
        initial={
            "status": chosen.status,
            "category": chosen.category,
            "source": chosen.source,
            "community": chosen.community,
            "from": chosen.date_from,
            "to": chosen.date_to,
        },
    )
    return render(
        request,
        "community_map/dashboard.html",
        {
            "town": place,
            "page": page,
            "counts": counts,
            "filter": chosen,
            "filter_query": chosen.to_query(),
            "filter_form": filter_form,
            "statuses": ConcernStatus.choices,
            "desk_links": _ngo_links(place, chosen.to_query()),
            "here": request.get_full_path(),
        },
        status=status,
    )


def _concern_page(
    request: HttpRequest, town: Town, concern: Concern, *, status: int = 200
) -> HttpResponse:
    cell = selectors.public_cell(concern, town)
    marks = [
        {"role": "exact", "geometry": selectors.geojson(concern.location)},
        {"role": "cell", "geometry": selectors.geojson(cell)},
        {"role": "public", "geometry": selectors.geojson(concern.public_point)},
    ]
    return render(
        request,
        "community_map/concern.html",
        {
            "town": town,
            "concern": concern,
            "statuses": ConcernStatus.choices,
            "desk_links": _ngo_links(town),
            "grid_m": PUBLIC_GRID_M,
            "map_config": _map_config(town, marks=[m for m in marks if m["geometry"]]),
        },
        status=status,
    )


@login_required
@require_GET
def concern(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    """One concern as its NGO sees it: the exact place, the reporter, the record."""
    place = _mapper_town(request, town)
    return _concern_page(
        request, place, selectors.concern_handled_by(request.user, place, pk)
    )


@login_required
@require_POST
def concern_status(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    """A quick status change; if the concern changed meanwhile, say so, change nothing."""
    place = _mapper_town(request, town)
    item = selectors.concern_handled_by(request.user, place, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses."))
        return _concern_page(request, place, item, status=400)
    try:
        changed = concern_set_status(
            actor=person(request),
            concern=item,
            status=form.cleaned_data["status"],
            seen=form.cleaned_data["seen"],
        )
    except ActionRefused as refusal:
        status = refused(request, refusal)
        item.refresh_from_db()
        return _concern_page(request, place, item, status=status)
    messages.success(
        request,
        _("Concern #%(number)s is now “%(status)s”.")
        % {"number": changed.pk, "status": changed.get_status_display()},
    )
    after = form.cleaned_data["next"]
    if not after or not url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        after = reverse("community_map:concern", kwargs={"town": town, "pk": pk})
    return redirect(after)


urlpatterns: list[URLPattern] = [
    path("towns/<slug:town>/concerns/report/", report, name="report"),
    path(
        "towns/<slug:town>/concerns/report/<int:pk>/thanks/",
        report_thanks,
        name="report-thanks",
    ),
    path("towns/<slug:town>/ngo/", dashboard, name="dashboard"),
    path("towns/<slug:town>/ngo/record/", record, name="record"),
    path("towns/<slug:town>/ngo/concerns/<int:pk>/", concern, name="concern"),
    path(
        "towns/<slug:town>/ngo/concerns/<int:pk>/status/",
        concern_status,
        name="concern-status",
    ),
]
