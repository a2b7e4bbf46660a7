"""The query of an OGC API request: ``bbox``, ``limit``, ``offset``, ``after``,
``before``, ``f``.

Anything the API does not define is refused with 400 (the spec allows it, and a
misspelt ``bbox`` silently ignored would hand back the whole layer). Messages are
sentences for the person who typed the URL, in the request's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
MAX_OFFSET = 10**12  # far past any layer; keeps the number inside a bigint
MAX_ID = 2**63 - 1  # PostgreSQL's bigint, the widest id a layer has

DOCUMENT_PARAMETERS = ("f",)
ITEMS_PARAMETERS = ("bbox", "bbox-crs", "limit", "offset", "after", "before", "f")

_DIGITS = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


class InvalidParameter(Exception):
    """A query the API cannot answer; ``message`` tells the client why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BBox:
    """A box in longitude and latitude (CRS84), west <= east, south <= north."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Page:
    """Which features of a collection a request asks for.

    ``after``: only features whose id is greater (keyset paging: the ``next``
    link carries the last id of its page, so a page deep in a layer costs what
    the first does, and a write between two pages neither skips nor repeats a
    feature). ``offset`` then skips from there.

    ``before``: the ``limit`` features just before this id (the ``prev`` link
    of a page reached by key carries its first id). Alone: not with ``after``
    or ``offset``.
    """

    bbox: BBox | None
    limit: int
    offset: int
    after: int | None = None
    before: int | None = None

    @property
    def first(self) -> bool:
        """Whether this is the layer's first page (no key, no offset)."""
        return self.offset == 0 and self.after is None and self.before is None


def _single(query: QueryDict, name: str) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise InvalidParameter(
            _("Give the query parameter “%(name)s” only once.") % {"name": name}
        )
    return values[0] if values else None


def check_query(query: QueryDict, known: tuple[str, ...]) -> None:
    """Refuse parameters the API does not define, and any format but JSON."""
    for name in query:
        if name == "datetime" and "bbox" in known:
            raise InvalidParameter(
                _(
                    "Birge's collections have no time to filter by: leave out “datetime”."
                )
            )
        if name not in known:
            raise InvalidParameter(
                _(
                    "The query parameter “%(name)s” is not known here; "
                    "this address accepts: %(known)s."
                )
                % {"name": name, "known": ", ".join(known)}
            )
    fmt = _single(query, "f")
    if fmt is not None and fmt != "json":
        raise InvalidParameter(
            _("Birge's OGC API answers in JSON only: leave out “f” or use f=json.")
        )


def _bbox(value: str) -> BBox:
    parts = value.split(",")
    if len(parts) not in (4, 6):
        raise InvalidParameter(
            _(
                "“bbox” takes four numbers separated by commas: west,south,east,north "
                "(longitude and latitude in degrees)."
            )
        )
    for part in parts:
        if not _NUMBER.fullmatch(part):
            raise InvalidParameter(
                _("Every value of “bbox” must be a number; “%(value)s” is not.")
                % {"value": part}
            )
    numbers = [float(part) for part in parts]
    if len(numbers) == 6:  # west,south,bottom,east,north,top: heights are ignored
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    west, south, east, north = numbers
    if not (
        -180 <= west <= 180
        and -180 <= east <= 180
        and -90 <= south <= 90
        and -90 <= north <= 90
    ):
        raise InvalidParameter(
            _(
                "Longitudes in “bbox” must lie between -180 and 180, "
                "latitudes between -90 and 90."
            )
        )
    if west > east or south > north:
        raise InvalidParameter(
            _(
                "In “bbox” the west edge must not lie east of the east edge, "
                "nor the south edge north of the north edge."
            )
        )
    return BBox(west, south, east, north)


def _whole(value: str) -> int | None:
    """The number a string of ASCII digits names (None if it is not one)."""
    if not _DIGITS.fullmatch(value):
        return None
    digits = value.lstrip("0")
    # Exact up to a bigint's 19 digits; past them only the size matters (and
    # int() of a huge string is slow): any such number is above every bound.
    return int(digits or "0") if len(digits) <= 19 else 10**19


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    number = _whole(value)
    if number is None or number < 1:
        raise InvalidParameter(
            _(
                "“limit” must be a whole number of 1 or more "
                "(at most %(max)s features come in one response)."
            )
            % {"max": MAX_LIMIT}
        )
    return min(number, MAX_LIMIT)  # the spec: a larger limit gets the maximum


def _offset(value: str | None) -> int:
    if value is None:
        return 0
    number = _whole(value)
    if number is None or number > MAX_OFFSET:
        raise InvalidParameter(
            _("“offset” must be a whole number from 0 to %(max)s.")
            % {"max": MAX_OFFSET}
        )
    return number


def _key(value: str | None, refusal: Callable[[], str]) -> int | None:
    """An id of ``after`` or ``before``; ``refusal`` says what it should be."""
    if value is None:
        return None
    number = _whole(value)
    if number is None or number > MAX_ID:
        raise InvalidParameter(refusal() % {"max": MAX_ID})
    return number


def _after(value: str | None) -> int | None:
    return _key(
        value,
        lambda: _(
            "“after” must be a whole number from 0 to %(max)s: the id of the "
            "last feature of the previous page."
        ),
    )


def _before(value: str | None) -> int | None:
    return _key(
        value,
        lambda: _(
            "“before” must be a whole number from 0 to %(max)s: the id of the "
            "first feature of the next page."
        ),
    )


def items_page(query: QueryDict) -> Page:
    """The page of features the items request asks for; InvalidParameter if bad."""
    check_query(query, ITEMS_PARAMETERS)
    crs = _single(query, "bbox-crs")
    if crs is not None and crs != CRS84:
        raise InvalidParameter(
            _(
                "“bbox-crs” can only be %(crs)s: Birge's coordinates are longitude "
                "and latitude (WGS 84)."
            )
            % {"crs": CRS84}
        )
    bbox = _single(query, "bbox")
    page = Page(
        bbox=_bbox(bbox) if bbox is not None else None,
        limit=_limit(_single(query, "limit")),
        offset=_offset(_single(query, "offset")),
        after=_after(_single(query, "after")),
        before=_before(_single(query, "before")),
    )
    if page.before is not None and (page.after is not None or "offset" in query):
        raise InvalidParameter(
            _(
                "“before” goes alone: leave out “after” and “offset”, or follow "
                "the page's prev and next links."
            )
        )
    return page
