"""Concerns over time: monthly counts per category, and counts per season.

Seasons are the meteorological ones: winter is December to February (a
December concern counts in the winter it starts), spring March to May, summer
June to August, autumn September to November.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Concern, ConcernCategory
from . import concerns_sql, fetch_all

SEASONS = ("winter", "spring", "summer", "autumn")
SEASON_OF_MONTH = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
}


def season_labels() -> dict[str, str]:
    return {
        "winter": _("Winter (Dec–Feb)"),
        "spring": _("Spring (Mar–May)"),
        "summer": _("Summer (Jun–Aug)"),
        "autumn": _("Autumn (Sep–Nov)"),
    }


def _months(first: datetime.date, last: datetime.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _category_counts(
    concerns: QuerySet[Concern], bucket_sql: str
) -> list[tuple[Any, ...]]:
    rows, params = concerns_sql(concerns, ("id", "category", "reported_on"))
    return fetch_all(
        f"""
        SELECT {bucket_sql} AS bucket, c.category, count(*)::int
        FROM ({rows}) c
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        params,
    )


def _series(
    rows: list[tuple[Any, ...]], buckets: list[str], key: Any
) -> list[dict[str, Any]]:
    index = {bucket: n for n, bucket in enumerate(buckets)}
    series: dict[str, list[int]] = {}
    for bucket, category, count in rows:
        series.setdefault(category, [0] * len(buckets))[index[key(bucket)]] += count
    labels = dict(ConcernCategory.choices)
    return [
        {"category": code, "label": str(labels[code]), "counts": series[code]}
        for code in ConcernCategory.values
        if code in series
    ]


def timeline(concerns: QuerySet[Concern]) -> dict[str, Any]:
    """Monthly counts per category, every month from the first to the last."""
    rows = _category_counts(concerns, "date_trunc('month', c.reported_on)::date")
    if not rows:
        return {"months": [], "series": [], "total": 0}
    months = _months(min(r[0] for r in rows), max(r[0] for r in rows))
    return {
        "months": months,
        "series": _series(rows, months, lambda d: f"{d.year:04d}-{d.month:02d}"),
        "total": sum(r[2] for r in rows),
    }


def seasons(concerns: QuerySet[Concern]) -> dict[str, Any]:
    """Counts per category per season, over all the years the filter keeps."""
    rows = _category_counts(concerns, "extract(month FROM c.reported_on)::int")
    labels = season_labels()
    return {
        "seasons": [{"code": s, "label": labels[s]} for s in SEASONS],
        "series": _series(rows, list(SEASONS), lambda m: SEASON_OF_MONTH[m]),
        "total": sum(r[2] for r in rows),
    }
