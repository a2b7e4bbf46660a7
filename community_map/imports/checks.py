"""One row of an NGO's file checked: what each mapped cell means and what is wrong.

Every problem names the field, the column it came from and what to do, in the
person's language. A row with no problems is ready; its values are what the
import writes, its location went through the geometry intake for the town.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSException, GEOSGeometry, WKTWriter
from django.utils.translation import gettext as _

from mapping.files import is_formula
from mapping.intake import GeometryRejected, accept_geometry
from mapping.models import Town

from ..models import ConcernCategory, ConcernSource, ConcernStatus
from ..models.concerns import PRECISION_RANGE_M
from . import values
from .columns import choice_named, key

SHAPES = ("Point", "Polygon", "MultiPolygon")
MAX_TEXT = 4000
MAX_EXTERNAL_ID = 120
_WKT = WKTWriter(dim=2, trim=True, precision=7)


def _name(slug: str) -> str:
    return {"category": _("category"), "source": _("source"), "status": _("status")}[
        slug
    ]


@dataclass(frozen=True)
class RowPlan:
    """What a job's rows are checked against: its mapping, town and community."""

    town: Town
    columns: Mapping[str, str]  # field slug -> column
    default_source: str
    community_names: frozenset[str] = frozenset()  # normalised by columns.key
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass
class CheckedRow:
    values: dict[str, Any]
    location: GEOSGeometry | None
    problems: list[dict[str, str]]


def check_row(cells: Mapping[str, str], plan: RowPlan) -> CheckedRow:
    """Check one row's cells; problems are listed, never raised."""
    row = _Row(cells, plan)
    location = row.location()
    result: dict[str, Any] = {
        "category": row.choice("category", ConcernCategory, required=True),
        "source": row.choice("source", ConcernSource) or plan.default_source,
        "reported_on": row.reported_on(),
        "text": row.text(),
        "precision_m": row.precision(),
        "private": row.private(),
    }
    if "status" in plan.columns:
        result["status"] = row.choice("status", ConcernStatus) or ConcernStatus.NEW
    row.community()
    for column, cell in cells.items():
        if is_formula(cell) and column in plan.columns.values():
            row.problem(
                "",
                column,
                _("this cell is a spreadsheet formula; write the value instead."),
            )
    result["external_id"] = row.external_id(result, location)
    return CheckedRow(result, location, row.problems)


class _Row:
    def __init__(self, cells: Mapping[str, str], plan: RowPlan) -> None:
        self.cells, self.plan = cells, plan
        self.problems: list[dict[str, str]] = []

    def cell(self, slug: str) -> tuple[str, str]:
        column = self.plan.columns.get(slug, "")
        return column, (self.cells.get(column) or "").strip() if column else ""

    def problem(self, slug: str, column: str, message: str) -> None:
        self.problems.append({"field": slug, "column": column, "message": message})

    # Location: WKT (or the file's own shape) first, else latitude and longitude.
    def location(self) -> GEOSGeometry | None:
        column, wkt = self.cell("wkt")
        if wkt:
            return self._shape(column, wkt)
        if "lat" in self.plan.columns or "lon" in self.plan.columns:
            return self._point()
        self.problem("wkt", column, _("the location is missing."))
        return None

    def _shape(self, column: str, wkt: str) -> GEOSGeometry | None:
        try:
            shape = GEOSGeometry(wkt)
        except (GEOSException, ValueError, TypeError):
            self.problem(
                "wkt",
                column,
                _("“%(value)s” is not a shape in WKT, like POINT (76.93 52.04).")
                % {"value": wkt[:40]},
            )
            return None
        if shape.srid is None:
            shape.srid = 4326
        return self._accepted("wkt", column, shape)

    def _point(self) -> GEOSGeometry | None:
        lat_column, lat_text = self.cell("lat")
        lon_column, lon_text = self.cell("lon")
        lat = self._coordinate("lat", lat_column, lat_text, 90, _("latitude"))
        lon = self._coordinate("lon", lon_column, lon_text, 180, _("longitude"))
        if lat is None or lon is None:
            return None
        point = {"type": "Point", "coordinates": [lon, lat]}
        try:
            return accept_geometry(point, allowed=SHAPES, place=self.plan.town).geometry
        except GeometryRejected as rejection:
            message = str(rejection)
            if (
                rejection.code == "outside_town"
                and abs(lon) <= 90
                and self._fits(lat, lon)
            ):
                message = _(
                    "the point is outside the town, but would be inside with "
                    "latitude and longitude swapped: check which column is which."
                )
            self.problem("location", lat_column, message)
            return None

    def _fits(self, lat: float, lon: float) -> bool:
        swapped = {"type": "Point", "coordinates": [lat, lon]}
        try:
            accept_geometry(swapped, allowed=SHAPES, place=self.plan.town)
        except GeometryRejected:
            return False
        return True

    def _coordinate(
        self, slug: str, column: str, text: str, limit: int, name: str
    ) -> float | None:
        if not text:
            self.problem(
                slug, column, _("%(name)s is missing.") % {"name": name.capitalize()}
            )
            return None
        value = values.number(text)
        if value is None or abs(value) > limit:
            self.problem(
                slug,
                column,
                _("“%(value)s” is not a %(name)s: write degrees like 52.045.")
                % {"value": text[:40], "name": name},
            )
            return None
        return value

    def _accepted(
        self, slug: str, column: str, shape: GEOSGeometry
    ) -> GEOSGeometry | None:
        try:
            return accept_geometry(shape, allowed=SHAPES, place=self.plan.town).geometry
        except GeometryRejected as rejection:
            self.problem(slug, column, str(rejection))
        except (GEOSException, ValueError):
            self.problem(slug, column, _("the shape cannot be read."))
        return None

    def choice(self, slug: str, choices: Any, *, required: bool = False) -> str:
        column, text = self.cell(slug)
        if not text:
            if required:
                self.problem(
                    slug,
                    column,
                    _("the %(field)s is missing.") % {"field": _name(slug)},
                )
            return ""
        value = choice_named(slug, text)
        if value is None:
            self.problem(
                slug,
                column,
                _("“%(value)s” is not a %(field)s Birge knows: use one of %(codes)s.")
                % {
                    "value": text[:40],
                    "field": _name(slug),
                    "codes": ", ".join(choices.values),
                },
            )
            return ""
        return value

    def reported_on(self) -> str:
        column, text = self.cell("date")
        if not text:
            self.problem("date", column, _("the date is missing."))
            return ""
        day = values.date(text)
        if day is None:
            self.problem(
                "date",
                column,
                _("“%(value)s” is not a date: write it like 2025-01-31 or 31.01.2025.")
                % {"value": text[:40]},
            )
            return ""
        if day > self.plan.today:
            self.problem(
                "date",
                column,
                _("the date %(date)s is in the future.") % {"date": day.isoformat()},
            )
            return ""
        return day.isoformat()

    def text(self) -> str:
        column, text = self.cell("text")
        if not text:
            self.problem(
                "text", column, _("the text is empty: say what the concern is.")
            )
        elif len(text) > MAX_TEXT:
            self.problem(
                "text",
                column,
                _("the text has %(count)d characters; at most %(limit)d fit.")
                % {"count": len(text), "limit": MAX_TEXT},
            )
        return text

    def precision(self) -> int:
        column, text = self.cell("precision")
        if not text:
            return 25
        value = values.whole_number(text)
        low, high = PRECISION_RANGE_M
        if value is None or not low <= value <= high:
            self.problem(
                "precision",
                column,
                _(
                    "“%(value)s” is not a precision in whole metres from %(low)d to %(high)d."
                )
                % {"value": text[:40], "low": low, "high": high},
            )
            return 25
        return value

    def private(self) -> bool:
        column, text = self.cell("private")
        if not text:
            return True
        flag = values.flag(text)
        if flag is None:
            self.problem(
                "private",
                column,
                _("“%(value)s” is neither yes nor no.") % {"value": text[:40]},
            )
            return True
        return flag

    def community(self) -> None:
        column, text = self.cell("community")
        if text and key(text) not in self.plan.community_names:
            self.problem(
                "community",
                column,
                _("“%(value)s” is not the community this file is imported for.")
                % {"value": text[:40]},
            )

    def external_id(
        self, result: Mapping[str, Any], location: GEOSGeometry | None
    ) -> str:
        column, text = self.cell("external_id")
        if len(text) > MAX_EXTERNAL_ID:
            self.problem(
                "external_id",
                column,
                _("the id is longer than %(limit)d characters.")
                % {"limit": MAX_EXTERNAL_ID},
            )
            return ""
        return text or stable_id(result, location)


def stable_id(result: Mapping[str, Any], location: GEOSGeometry | None) -> str:
    """An id for a row without one: the same values always give the same id."""
    shape = _WKT.write(location).decode() if location is not None else ""
    described = [
        result.get("category"),
        result.get("source"),
        result.get("reported_on"),
        shape,
        " ".join(str(result.get("text", "")).split()),
    ]
    digest = hashlib.sha1(json.dumps(described, ensure_ascii=False).encode())
    return "sha1:" + digest.hexdigest()
