"""The architect's pages: concepts side by side, metrics, agreement, families, report.

Public, like the concepts they compare: only submitted versions are read.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mapping.mapconfig import town_map_config

from .. import comparison_tables as tables
from .. import selectors
from ..analysis import pair, session_analysis
from ..comparison_tables import kind_name
from ..models import DesignSession
from ..report_map import content_security_policy, report_map


def _chosen(request: HttpRequest, name: str, ids: list[int], default: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return value if value in ids else default


def _geojson_url(session: DesignSession, concept: dict[str, Any]) -> str:
    url = reverse(
        "codesign:concept-geojson",
        kwargs={
            "town": session.site.town.slug,
            "site": session.site.slug,
            "session": session.slug,
            "pk": concept["id"],
        },
    )
    return f"{url}?version={concept['version']}"


def _context(request: HttpRequest, session: DesignSession) -> dict[str, Any]:
    result = session_analysis(session).result
    described = [c for c in [result.get("official"), *result["concepts"]] if c]
    ids = [c["id"] for c in described]
    context: dict[str, Any] = {
        "session": session,
        "site": session.site,
        "town": session.site.town,
        "result": result,
        "official": result.get("official"),
        "rows": tables.metrics_rows(result),
        "families": tables.family_rows(result),
        "composition": tables.composition_rows(result),
        "matrix": tables.similarity_matrix(result),
        "agreement": result.get("agreement"),
        "concepts": described,
        "now": timezone.now(),
    }
    if len(ids) >= 2:
        first = _chosen(request, "a", ids, ids[0])
        second = _chosen(request, "b", ids, ids[1] if ids[1] != first else ids[0])
        by_id = {c["id"]: c for c in described}
        context.update(
            a=by_id[first],
            b=by_id[second],
            pair=pair(session, first, second),
        )
        context["pair_rows"] = (
            tables.pair_rows(context["pair"]) if context["pair"] else None
        )
    return context


def _map_config(session: DesignSession, context: dict[str, Any]) -> dict[str, Any]:
    config = town_map_config(session.site.town)
    kwargs = {
        "town": session.site.town.slug,
        "site": session.site.slug,
        "session": session.slug,
    }
    config.update(
        site=json.loads(session.site.boundary.geojson),
        agreement=reverse("codesign:agreement", kwargs=kwargs),
        kinds={
            entry["kind"]: {"colour": entry["colour"], "name": entry["name"]}
            for entry in selectors.palette_of(session)
        },
        unassigned=kind_name("unassigned"),
    )
    if "a" in context:
        config["a"] = {
            "title": context["a"]["title"],
            "url": _geojson_url(session, context["a"]),
        }
        config["b"] = {
            "title": context["b"]["title"],
            "url": _geojson_url(session, context["b"]),
        }
    return config


@require_GET
def compare(request: HttpRequest, town: str, site: str, session: str) -> HttpResponse:
    """Two concepts side by side, the metrics table, the agreement map, families."""
    found = selectors.design_session_by_slugs(town, site, session)
    context = _context(request, found)
    context["map_config"] = _map_config(found, context)
    return render(request, "codesign/architect/compare.html", context)


@require_GET
def report(request: HttpRequest, town: str, site: str, session: str) -> HttpResponse:
    """The printable report for the akimat: the map, the tables and a chart."""
    found = selectors.design_session_by_slugs(town, site, session)
    context = _context(request, found)
    return render(request, "codesign/architect/report.html", context)


@require_GET
def report_map_page(
    request: HttpRequest, town: str, site: str, session: str
) -> HttpResponse:
    """The report's folium map as a document of its own (shown in a frame)."""
    found = selectors.design_session_by_slugs(town, site, session)
    html = report_map(found, session_analysis(found))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["X-Frame-Options"] = "SAMEORIGIN"
    # folium's inline scripts run by their hashes; the middleware keeps this header.
    response["Content-Security-Policy"] = content_security_policy(html)
    return response


@require_GET
def agreement_geojson(
    request: HttpRequest, town: str, site: str, session: str
) -> HttpResponse:
    """The agreement grid: per cell the share of each use, entropy, the plan's use."""
    found = selectors.design_session_by_slugs(town, site, session)
    text = session_analysis(found).agreement_geojson
    return HttpResponse(
        text or '{"type":"FeatureCollection","features":[]}',
        content_type="application/geo+json",
    )
