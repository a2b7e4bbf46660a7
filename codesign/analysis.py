"""A session's submitted concepts compared: with the plan, with each other, on a grid.

The latest submitted version of every concept is read in the town's UTM metres
and compared by ``codesign.comparison``; a concept a moderator hid is left out
(the page and its exports are public). Submitted versions never change, so the
result is stored with a fingerprint of the versions it came from and recomputed
only when that list changes: someone submits, a moderator hides or restores a
concept (or the method changes: bump ``METHOD``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.db.models import Max

from .comparison import Comparison, Element, compare, compare_many, distance_matrix
from .comparison import Concept as Sketch
from .comparison.agreement import AgreementGrid, agreement
from .comparison.families import families
from .comparison.prepared import CLASSES
from .models import Concept, ConceptVersion, DesignSession, SessionAnalysis

METHOD = "agreement-v2"
DIGITS = 4


@dataclass(frozen=True)
class Entry:
    """A concept as compared: which version, by whom."""

    concept: Concept
    version: ConceptVersion

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.concept.pk,
            "title": self.concept.title,
            "team": self.concept.team,
            "official": self.concept.official,
            "version": self.version.number,
            "version_id": self.version.pk,
            "submitted": self.version.submitted_at.isoformat()
            if self.version.submitted_at
            else None,
        }


def submitted(session: DesignSession) -> list[Entry]:
    """The latest submitted version of each visible concept; the official plan first."""
    latest = (
        ConceptVersion.objects.filter(
            concept__session=session,
            concept__is_hidden=False,
            submitted_at__isnull=False,
        )
        .values("concept_id")
        .annotate(number=Max("number"))
    )
    wanted = {row["concept_id"]: row["number"] for row in latest}
    versions = ConceptVersion.objects.filter(concept_id__in=wanted).select_related(
        "concept"
    )
    entries = [
        Entry(v.concept, v) for v in versions if wanted[v.concept_id] == v.number
    ]
    return sorted(entries, key=lambda e: (not e.concept.official, e.concept.pk))


def _fingerprint(entries: list[Entry]) -> str:
    # Hidden concepts are not among the entries, so hiding or restoring one
    # changes the fingerprint and the stored analysis is computed again.
    text = METHOD + ":" + ",".join(str(e.version.pk) for e in entries)
    return hashlib.sha256(text.encode()).hexdigest()


def _sketches(session: DesignSession, entries: list[Entry]) -> list[Sketch]:
    """Every entry as a comparison concept in the town's UTM metres."""
    srid = session.site.town.utm_srid
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsBinary(ST_Transform(boundary, %s)) FROM mapping_site "
            "WHERE id = %s",
            [srid, session.site_id],
        )
        site = shapely.from_wkb(bytes(cursor.fetchone()[0]))
        cursor.execute(
            "SELECT version_id, kind, ST_AsBinary(ST_Transform(geometry, %s)) "
            "FROM codesign_conceptelement WHERE version_id = ANY(%s) "
            "ORDER BY version_id, position",
            [srid, [e.version.pk for e in entries]],
        )
        rows = cursor.fetchall()
    elements: dict[int, list[Element]] = {e.version.pk: [] for e in entries}
    for version_id, slug, wkb in rows:
        elements[version_id].append(Element(slug, shapely.from_wkb(bytes(wkb))))
    return [
        Sketch(
            site=site,
            elements=elements[e.version.pk],
            name=e.concept.title,
            official=e.concept.official,
        )
        for e in entries
    ]


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def _compute(session: DesignSession, entries: list[Entry]) -> tuple[dict, str]:
    sketches = _sketches(session, entries)
    plan = sketches[0] if entries and entries[0].concept.official else None
    residents = [s for s in sketches if not s.official]
    people = [e for e in entries if not e.concept.official]
    result: dict[str, Any] = {
        "concepts": [e.describe() for e in people],
        "official": entries[0].describe() if plan else None,
    }
    if plan is not None and residents:
        result["vs_official"] = {
            str(e.concept.pk): _rounded(c.to_dict())
            for e, c in zip(people, compare_many(plan, residents), strict=True)
        }
    matrix = distance_matrix(sketches) if sketches else np.zeros((0, 0))
    result["order"] = [e.concept.pk for e in entries]
    result["similarity"] = _rounded((1.0 - matrix).tolist())
    offset = 1 if plan is not None else 0
    resident_matrix = matrix[offset:, offset:]
    result["families"] = [
        {
            "members": [people[i].concept.pk for i in f.members],
            "medoid": people[f.medoid].concept.pk,
            "cohesion": round(f.cohesion, DIGITS),
            "vs_official": round(
                float(np.mean([1.0 - matrix[0, i + offset] for i in f.members])),
                DIGITS,
            )
            if plan is not None
            else None,
        }
        for f in families(resident_matrix)
    ]
    grid = (
        agreement(sketches[0].site if sketches else None, residents, official=plan)
        if residents
        else None
    )
    result["agreement"] = _rounded(grid.summary()) if grid else None
    result["composition"] = _composition(grid) if grid else None
    cells = _cells_geojson(grid, session.site.town.utm_srid) if grid else ""
    return result, cells


def _composition(grid: AgreementGrid) -> list[dict[str, Any]]:
    """Per use: its mean share of the site among residents, and the plan's share."""
    rows = []
    for index, slug in enumerate(CLASSES):
        residents = float(grid.shares[index].mean()) if grid.cells else 0.0
        plan = (
            float((grid.official == index).mean())
            if grid.official is not None and grid.cells
            else None
        )
        if residents > 0 or plan:
            rows.append(
                {"kind": slug, "residents": round(residents, DIGITS), "plan": plan}
            )
    return _rounded(rows)


def _cells_geojson(grid: AgreementGrid, srid: int) -> str:
    """The grid's cells as a lon/lat FeatureCollection (one transform for all)."""
    squares = grid.squares()
    if not len(squares):
        return json.dumps({"type": "FeatureCollection", "features": []})
    corners = shapely.get_coordinates(shapely.get_exterior_ring(squares))
    points = GEOSGeometry(memoryview(shapely.to_wkb(shapely.multipoints(corners))))
    points.srid = srid
    points.transform(4326)
    coords = points.coords  # type: ignore[attr-defined]
    lonlat = np.asarray(coords).reshape(len(squares), 5, 2).round(7)
    used = [i for i in range(len(CLASSES)) if grid.shares[i].any()]
    features = []
    for cell in range(grid.cells):
        properties: dict[str, Any] = {
            "leading": CLASSES[grid.leading[cell]],
            "leading_share": round(float(grid.leading_share[cell]), 3),
            "entropy": round(float(grid.entropy[cell]), 3),
            "agreed": bool(grid.agreed[cell]),
            "split": bool(grid.split[cell]),
        }
        if grid.official is not None:
            properties["plan"] = CLASSES[grid.official[cell]]
            properties["plan_differs"] = bool(grid.plan_differs[cell])
        for i in used:
            properties["share_" + CLASSES[i]] = round(float(grid.shares[i, cell]), 3)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [lonlat[cell].tolist()]},
                "properties": properties,
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    )


def session_analysis(session: DesignSession) -> SessionAnalysis:
    """The current analysis of a session, computed when a submission changed it."""
    entries = submitted(session)
    fingerprint = _fingerprint(entries)
    stored = SessionAnalysis.objects.filter(session=session).first()
    if stored is not None and stored.fingerprint == fingerprint:
        return stored
    result, cells = _compute(session, entries)
    with transaction.atomic():
        # Two readers may compute at once; both write the same result.
        analysis, _ = SessionAnalysis.objects.update_or_create(
            session=session,
            defaults={
                "fingerprint": fingerprint,
                "result": result,
                "agreement_geojson": cells,
            },
        )
    return analysis


def agreement_cells(
    session: DesignSession,
) -> list[tuple[GEOSGeometry, dict[str, Any]]]:
    """The agreement grid: each cell (a lon/lat polygon) with its attributes."""
    text = session_analysis(session).agreement_geojson
    if not text:
        return []
    return [
        (GEOSGeometry(json.dumps(f["geometry"]), srid=4326), f["properties"])
        for f in json.loads(text)["features"]
    ]


def pair(session: DesignSession, first: int, second: int) -> Comparison | None:
    """Every metric between two submitted concepts (by id), or None if either is not."""
    entries = {e.concept.pk: e for e in submitted(session)}
    if first not in entries or second not in entries:
        return None
    a, b = _sketches(session, [entries[first], entries[second]])
    return compare(a, b)
