"""PostGIS functions for constraints and queries that GeoDjango does not name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.lookups import Exact, LessThanOrEqual

from .intake import STORED_MAX_POINTS


class IsEmpty(models.Func):
    """ST_IsEmpty(geometry)."""

    function = "ST_IsEmpty"
    output_field = models.BooleanField()


class GeometryType(models.Func):
    """GeometryType(geometry): 'POINT', 'POLYGON', 'MULTIPOLYGON'..."""

    function = "GeometryType"
    output_field = models.CharField()


class NPoints(models.Func):
    """ST_NPoints(geometry): how many vertices a geometry has."""

    function = "ST_NPoints"
    output_field = models.IntegerField()


def geometry_constraints(field: str) -> list[models.CheckConstraint]:
    """The database's last line behind the intake: valid, not empty, not huge."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isvalid": True}),
            name=f"%(app_label)s_%(class)s_{field}_valid",
            violation_error_message="The %(name)s shape is not valid.",
        ),
        models.CheckConstraint(
            condition=Q(Exact(IsEmpty(field), False)),
            name=f"%(app_label)s_%(class)s_{field}_not_empty",
        ),
        models.CheckConstraint(
            condition=Q(LessThanOrEqual(NPoints(field), STORED_MAX_POINTS)),
            name=f"%(app_label)s_%(class)s_{field}_max_points",
        ),
    ]


Params = Sequence[Any] | Mapping[str, Any] | None


def fetch_row(sql: str, params: Params = None) -> Any:
    """The first row of a raw SQL read (None when there is none)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def fetch_value(sql: str, params: Params = None) -> Any:
    """The first column of the first row (None when there is none)."""
    row = fetch_row(sql, params)
    return row[0] if row else None


def fetch_rows(sql: str, params: Params = None) -> list[tuple[Any, ...]]:
    """Every row of a raw SQL read."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
