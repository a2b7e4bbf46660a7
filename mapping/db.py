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


class GeometryCheck(models.CheckConstraint):
    """A CHECK on one geometry column that a missing shape passes in Python too.

    PostgreSQL passes a NULL shape (the CHECK is unknown, not false), but Django's
    ``validate()`` builds ``ST_IsValid(NULL)`` and GeoDjango raises TypeError for a
    function without a geometry, so ``full_clean()`` of a row without the optional
    shape (a community without a work area, in the admin) answered 500. Migrations
    see a plain CheckConstraint: the SQL is the same.
    """

    def __init__(self, *args: Any, geometry_field: str, **kwargs: Any) -> None:
        self.geometry_field = geometry_field
        super().__init__(*args, **kwargs)

    def validate(self, model: Any, instance: Any, *args: Any, **kwargs: Any) -> None:
        if getattr(instance, self.geometry_field, None) is None:
            return
        super().validate(model, instance, *args, **kwargs)  # type: ignore[misc]

    def deconstruct(self) -> Any:
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self) -> GeometryCheck:
        _path, args, kwargs = self.deconstruct()
        return GeometryCheck(*args, geometry_field=self.geometry_field, **kwargs)


def geometry_constraints(field: str) -> list[models.CheckConstraint]:
    """The database's last line behind the intake: valid, not empty, not huge."""
    return [
        GeometryCheck(
            condition=Q(**{f"{field}__isvalid": True}),
            name=f"%(app_label)s_%(class)s_{field}_valid",
            violation_error_message="The %(name)s shape is not valid.",
            geometry_field=field,
        ),
        GeometryCheck(
            condition=Q(Exact(IsEmpty(field), False)),
            name=f"%(app_label)s_%(class)s_{field}_not_empty",
            geometry_field=field,
        ),
        GeometryCheck(
            condition=Q(LessThanOrEqual(NPoints(field), STORED_MAX_POINTS)),
            name=f"%(app_label)s_%(class)s_{field}_max_points",
            geometry_field=field,
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
