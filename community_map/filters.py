"""The filters of the concerns map, read from and written to a shareable URL.

One ``ConcernFilter`` drives the map, every analysis panel, the NGO dashboard and
the exports, so an export is "what is on screen" by construction. Parameters:
``category``, ``source``, ``status`` and ``community`` (repeatable), ``from`` and
``to`` (ISO dates). An unknown value is refused with the parameter it came in.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from mapping.refusals import ActionRefused

from .models import Concern, ConcernCategory, ConcernSource, ConcernStatus

CHOICE_PARAMETERS = {
    "category": ConcernCategory,
    "source": ConcernSource,
    "status": ConcernStatus,
}


@dataclasses.dataclass(frozen=True)
class ConcernFilter:
    """Which concerns a view shows; empty means "all"."""

    category: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    community: tuple[str, ...] = ()  # community slugs
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> ConcernFilter:
        """Read the URL's filter parameters, or refuse the first bad one (400)."""
        values: dict[str, object] = {}
        for name, choices in CHOICE_PARAMETERS.items():
            chosen = _split(query.getlist(name))
            unknown = [v for v in chosen if v not in choices.values]
            if unknown:
                raise ActionRefused(
                    "filter_unknown_value",
                    _("“%(value)s” is not a known %(parameter)s.")
                    % {"value": unknown[0], "parameter": name},
                    status=400,
                    field=name,
                )
            values[name] = chosen
        values["community"] = _split(query.getlist("community"))
        for parameter, attribute in (("from", "date_from"), ("to", "date_to")):
            text = query.get(parameter, "").strip()
            if text:
                try:
                    values[attribute] = datetime.date.fromisoformat(text)
                except ValueError:
                    raise ActionRefused(
                        "filter_bad_date",
                        _("“%(value)s” is not a date like 2025-01-31.")
                        % {"value": text[:40]},
                        status=400,
                        field=parameter,
                    ) from None
        result = cls(**values)  # type: ignore[arg-type]
        if result.date_from and result.date_to and result.date_from > result.date_to:
            raise ActionRefused(
                "filter_dates_reversed",
                _("The start date is after the end date."),
                status=400,
                field="from",
            )
        return result

    def to_query(self) -> str:
        """The filter as URL parameters (without "?"), in a stable order."""
        pairs: list[tuple[str, str]] = []
        for name in ("category", "source", "status", "community"):
            pairs.extend((name, value) for value in getattr(self, name))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        return urlencode(pairs)

    def apply(self, concerns: QuerySet[Concern]) -> QuerySet[Concern]:
        """Narrow a queryset of concerns to this filter."""
        if self.category:
            concerns = concerns.filter(category__in=self.category)
        if self.source:
            concerns = concerns.filter(source__in=self.source)
        if self.status:
            concerns = concerns.filter(status__in=self.status)
        if self.community:
            concerns = concerns.filter(community__slug__in=self.community)
        if self.date_from:
            concerns = concerns.filter(reported_on__gte=self.date_from)
        if self.date_to:
            concerns = concerns.filter(reported_on__lte=self.date_to)
        return concerns

    @property
    def is_empty(self) -> bool:
        return self == ConcernFilter()


def _split(values: Iterable[str]) -> tuple[str, ...]:
    """Accept both ``?category=a&category=b`` and ``?category=a,b``; keep order."""
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                seen[part.strip()] = None
    return tuple(seen)
