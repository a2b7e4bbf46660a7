"""Features of a public layer as GeoJSON, each answer built by one SQL statement.

The rows come from the layer's ``source()``, the same SELECT the tiles draw, so
the privacy rules are the tiles' own (drafts left out, private people's concerns
at their coarse public point and without their words). PostgreSQL writes the
whole document (``json_build_object`` + ``json_agg`` + ``ST_AsGeoJSON``); Python
only passes it on.

A page is found in two steps inside that statement: first the ids of the page
(``ORDER BY id``, ``LIMIT``/``OFFSET``, with the bbox through the GiST index of
``geom``), which reads only the layer's own table because PostgreSQL drops the
joins that only the properties need; then the properties of just those rows.

The ``next`` link pages by key: it asks for the features after the last id of
its page (``after``), which the primary key's index finds at once however deep
the page is. A deep ``offset`` has to skip every index entry before it: the
ids of the page after the 500,000th proposal took 562 ms by ``offset`` and 11
ms by ``after`` (with an Almaty-wide bbox, past the 400,000th: 620 and 32 ms).
The ``prev`` link of a page reached by key goes back the same way: the
features before its first id (``before``), read down the same index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mapping.db import fetch_value
from mapping.selectors import COORDINATE_DECIMALS
from mapping.tiles.registry import TileLayer

from .params import Page

# A token stands for a column in the URL of a feature's HTML page. Digits pass
# every URL converter (<int:>, <slug:>, <str:>); they are all the same length, so
# none is part of another.
_TOKEN = "731{:09d}"

# With a bbox, numberMatched is given up to this many features (see counts).
COUNT_CAP = 50_000

_ENVELOPE = "ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326)"

# The hrefs of a page's ``next`` and ``prev`` links end in ``after=`` or
# ``before=`` and one of these tokens, which the statement replaces with the
# page's last or first id (known only once the page is found). No valid
# request URL holds them: every value the API accepts is digits, a number, the
# CRS84 URI or "json".
LAST_ID = "LASTID"
FIRST_ID = "FIRSTID"


@dataclass(frozen=True)
class LinkTemplate:
    """The absolute URL of a feature's page, with tokens for its columns."""

    url: str
    columns: tuple[tuple[str, str], ...]  # (token, column)


def link_template(
    layer: TileLayer, absolute: Callable[[str], str]
) -> LinkTemplate | None:
    """The layer's page URL with a token for each column it is built from.

    ``layer.link`` is called once with tokens for values; PostgreSQL puts each
    row's values in their place. This holds for links built by ``reverse()`` from
    URL-safe columns (slugs, numbers), which every registered layer's are.
    """
    if layer.link is None:
        return None
    columns = dict.fromkeys(("id", *layer.attributes, *layer.properties))
    tokens = {name: _TOKEN.format(i) for i, name in enumerate(columns)}
    path = layer.link(tokens)
    if path is None:
        return None
    used = tuple((token, name) for name, token in tokens.items() if token in path)
    return LinkTemplate(url=absolute(path), columns=used)


def _href_sql(template: LinkTemplate) -> str:
    href = "%(page_url)s::text"
    for token, column in template.columns:
        href = f"replace({href}, '{token}', s.{column}::text)"
    return href


def _properties_sql(layer: TileLayer) -> str:
    """The feature's properties: attributes, properties, and labels of codes."""
    pairs = []
    for name in dict.fromkeys((*layer.attributes, *layer.properties)):
        pairs.append(f"'{name}', s.{name}")
        if name in layer.labels:
            pairs.append(
                f"'{name}_label', %(labels)s::jsonb -> '{name}' ->> s.{name}::text"
            )
    return f"json_build_object({', '.join(pairs)})"


def _feature_sql(
    layer: TileLayer, template: LinkTemplate | None, *, own_links: bool
) -> str:
    """One row as a GeoJSON Feature; ``own_links`` adds %(links)s before its page."""
    links = "'[]'::jsonb"
    if template is not None:
        href = _href_sql(template)
        links = f"""CASE WHEN {href} IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(
            jsonb_build_object('href', {href}, 'rel', 'alternate',
                               'type', 'text/html', 'title', %(page_title)s)) END"""
    if own_links:
        links = f"%(links)s::jsonb || {links}"
    return f"""json_build_object(
        'type', 'Feature',
        'id', s.id,
        'geometry', ST_AsGeoJSON(s.geom, {COORDINATE_DECIMALS})::json,
        'properties', {_properties_sql(layer)},
        'links', ({links})::json)"""


def _where(page: Page, *, keys: bool = True) -> str:
    """The page's conditions: its bbox and (``keys``) its ``after``/``before``."""
    conditions = ["TRUE"]
    if keys and page.after is not None:
        conditions.append("s.id > %(after)s")
    if keys and page.before is not None:
        conditions.append("s.id < %(before)s")
    if page.bbox is not None:
        conditions.append(f"s.geom && {_ENVELOPE}")
        conditions.append(f"ST_Intersects(s.geom, {_ENVELOPE})")
    return " AND ".join(conditions)


def _labels(layer: TileLayer) -> str:
    return json.dumps({name: dict(labels()) for name, labels in layer.labels.items()})


def _parameters(
    layer: TileLayer, template: LinkTemplate | None, page_title: str
) -> dict[str, Any]:
    return {
        "labels": _labels(layer),
        "page_url": template.url if template else None,
        "page_title": page_title,
    }


def _count_sql(source: str, page: Page) -> str:
    """How many features match: exactly, or NULL past COUNT_CAP with a bbox."""
    if page.bbox is None:
        return f"SELECT count(*) AS n FROM ({source}) s"
    return f"""SELECT NULLIF(count(*), {COUNT_CAP + 1}) AS n FROM (
            SELECT 1 FROM ({source}) s WHERE {_where(page)} LIMIT {COUNT_CAP + 1}
        ) matching"""


def _beyond(source: str, page: Page, side: str, bound: str) -> str:
    """Whether a feature of the layer (in the bbox) has an id on ``side`` ("<"
    or ">") of ``bound``: the nearest one, read along the primary key's index
    from there. (As an EXISTS, PostgreSQL read the table from its start: 150 ms
    to find the 500,001st proposal after the 500,000th.)"""
    nearest = "DESC" if side == "<" else ""
    return f"""{bound} IS NOT NULL AND (SELECT s.id FROM ({source}) s
            WHERE {_where(page, keys=False)} AND s.id {side} {bound}
            ORDER BY s.id {nearest} LIMIT 1) IS NOT NULL"""


def _key_links(source: str, page: Page) -> tuple[str, str]:
    """SQL conditions for the ``prev`` and ``next`` links that go by key.

    The page's rows are read with one more than ``limit`` in its direction, so
    ``more`` says whether features follow it that way. The other way is asked
    of the index: there is always something before a page reached by ``after``
    (and after one reached by ``before``) unless the layer changed since.
    A page reached by ``offset`` gets its ``prev`` by offset instead, and the
    first page has none.
    """
    more = "(SELECT count(*) FROM page) > %(limit)s"
    if page.before is not None:
        return more, _beyond(source, page, ">", "body.last_id")
    if page.after is not None and page.offset == 0:
        return _beyond(source, page, "<", "body.first_id"), more
    return "FALSE", more


def _collection_sql(matched: str | None, previous: str, following: str) -> str:
    count = f"'numberMatched', {matched}," if matched else ""
    # The links as text, so that each keeps its keys in order (jsonb would sort them).
    return f"""json_build_object(
        'type', 'FeatureCollection',
        'timeStamp', %(stamp)s::text,
        {count}
        'numberReturned', body.returned,
        'links', ('[' || concat_ws(', ', %(links)s,
            CASE WHEN {previous}
                THEN replace(%(prev_link)s, %(first_id)s, body.first_id::text) END,
            CASE WHEN {following}
                THEN replace(%(next_link)s, %(last_id)s, body.last_id::text) END
        ) || ']')::json,
        'features', body.features)"""


def items_sql(layer: TileLayer, template: LinkTemplate | None, page: Page) -> str:
    """The statement writing one page of ``layer`` as a FeatureCollection.

    Parameters: ``limit``, ``more`` (limit + 1), ``offset``, ``after``,
    ``before``, the bbox edges, ``stamp``, ``links`` (the items of a JSON array,
    without its brackets), ``prev_link`` and ``next_link`` (their hrefs ending in
    ``FIRST_ID`` and ``LAST_ID``), added when there are features that way.
    Only the first page counts the matches (see ``counts``).
    """
    source = layer.source()
    # A page reached by ``before`` is the ``limit`` features just below it: read
    # down the index, then sent in the order of their ids like every page.
    direction = "DESC" if page.before is not None else ""
    previous, following = _key_links(source, page)
    document = _collection_sql(None, previous, following)
    matched = ""
    if counts(page):
        # Two documents, one with the count: json_build_object cannot leave a
        # NULL out, and a "numberMatched": null would read as 0 in some clients.
        document = f"""CASE WHEN matched.n IS NULL THEN {document}
            ELSE {_collection_sql("matched.n", previous, following)} END"""
        matched = f", ({_count_sql(source, page)}) matched"
    # The features are encoded after the sort by id (with a LIMIT, PostgreSQL
    # postpones costly expressions past a sort) and aggregated in that order:
    # sorting the encoded JSON instead spilled 6 MB to disk for 10,000 features.
    return f"""
    WITH page AS (
        SELECT s.id FROM ({source}) s
        WHERE {_where(page)}
        ORDER BY s.id {direction} LIMIT %(more)s OFFSET %(offset)s
    )
    SELECT ({document})::text
    FROM (
        SELECT count(*) AS returned, min(f.id) AS first_id, max(f.id) AS last_id,
               coalesce(json_agg(f.feature), '[]'::json) AS features
        FROM (
            SELECT s.id, {_feature_sql(layer, template, own_links=False)} AS feature
            FROM ({source}) s
            WHERE s.id IN (SELECT id FROM page ORDER BY id {direction} LIMIT %(limit)s)
            ORDER BY s.id LIMIT %(limit)s
        ) f
    ) body{matched}"""


def counts(page: Page) -> bool:
    """Whether the answer may carry ``numberMatched``: on the first page only
    (no ``offset``, ``after`` or ``before``).

    GDAL and QGIS read a layer's count from its first page, without a bbox;
    counting 1M public proposals costs about 250 ms, which every later page
    would pay again for a number no client reads there. With a bbox the count
    stops at COUNT_CAP (it feeds progress bars): checking ST_Intersects for all
    842,000 proposals of an Almaty-wide box took 0.55 s, up to the cap 0.18 s.
    """
    return page.first


def items_geojson(
    layer: TileLayer,
    page: Page,
    *,
    template: LinkTemplate | None,
    page_title: str,
    stamp: str,
    links: list[dict[str, str]],
    prev_link: dict[str, str],
    next_link: dict[str, str],
) -> str:
    """One page of the layer's public features: a GeoJSON FeatureCollection.

    ``links`` come first; ``prev_link`` and ``next_link`` follow when there are
    features that way, their hrefs' ``FIRST_ID`` and ``LAST_ID`` made the page's
    first and last id.
    """
    bbox = page.bbox
    params = {
        **_parameters(layer, template, page_title),
        "limit": page.limit,
        "more": page.limit + 1,
        "offset": page.offset,
        "after": page.after,
        "before": page.before,
        "stamp": stamp,
        "links": json.dumps(links, ensure_ascii=False)[1:-1] or None,
        "prev_link": json.dumps(prev_link, ensure_ascii=False),
        "next_link": json.dumps(next_link, ensure_ascii=False),
        "first_id": FIRST_ID,
        "last_id": LAST_ID,
        "west": bbox.west if bbox else None,
        "south": bbox.south if bbox else None,
        "east": bbox.east if bbox else None,
        "north": bbox.north if bbox else None,
    }
    text = fetch_value(items_sql(layer, template, page), params)
    assert text is not None  # an aggregate always returns a row
    return text


def item_geojson(
    layer: TileLayer,
    feature_id: int,
    *,
    template: LinkTemplate | None,
    page_title: str,
    links: list[dict[str, str]],
) -> str | None:
    """One public feature as a GeoJSON Feature; None if the public may not see it."""
    sql = f"""
    SELECT {_feature_sql(layer, template, own_links=True)}::text
    FROM ({layer.source()}) s
    WHERE s.id = %(id)s"""
    params = {
        **_parameters(layer, template, page_title),
        "id": feature_id,
        "links": json.dumps(links, ensure_ascii=False),
    }
    return fetch_value(sql, params)
