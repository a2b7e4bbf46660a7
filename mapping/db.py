"""PostGIS functions for constraints and queries that GeoDjango does not name."""

from __future__ import annotations

from django.db import models
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
