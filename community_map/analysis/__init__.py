"""Counts and statistics of concerns for the public concerns map.

Every function here takes an already filtered queryset of concerns and reads only
their ``public_point`` (never ``location``): the privacy rule of
``community_map/privacy.py``. Map collections are built by PostGIS.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from mapping.db import fetch_rows as fetch_all
from mapping.db import fetch_value as fetch_one

from ..models import Concern

__all__ = ["concerns_sql", "fetch_all", "fetch_one", "ids_sql"]


def ids_sql(concerns: QuerySet[Concern]) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) selecting the ids of a filtered queryset."""
    try:
        sql, params = concerns.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: Django will not write it
        return "SELECT NULL::bigint WHERE false", []
    return sql, list(params)


def concerns_sql(
    concerns: QuerySet[Concern], fields: tuple[str, ...] = ("id", "public_point")
) -> tuple[str, list[Any]]:
    """A filtered queryset as SQL with ``fields`` as its columns, to use as
    ``FROM (…) c``: PostgreSQL pulls such a subquery up into the outer query, so
    the GiST index on ``public_point`` and the filters' indexes stay usable.
    """
    try:
        sql, params = concerns.order_by().values(*fields).query.sql_with_params()
    except EmptyResultSet:
        columns = ", ".join(f"NULL AS {f}" for f in fields)
        return f"SELECT {columns} WHERE false", []
    return sql, list(params)
