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

# The href of a page's ``next`` link ends in ``after=`` and this token, which the
# statement replaces with the page's last id (known only once the page is
# found). No valid request URL holds it: every value the API accepts is digits,
# a number, the CRS84 URI or "json".
LAST_ID = "LASTID"


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


def _where(page: Page) -> str:
    conditions = ["TRUE"]
    if page.after is not None:
        conditions.append("s.id > %(after)s")
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


def _collection_sql(matched: str | None) -> str:
    count = f"'numberMatched', {matched}," if matched else ""
    return f"""json_build_object(
        'type', 'FeatureCollection',
        'timeStamp', %(stamp)s::text,
        {count}
        'numberReturned', body.returned,
        'links', CASE WHEN (SELECT count(*) FROM page) > %(limit)s
            THEN (left(%(links)s, -1) || ', ' || replace(%(next_link)s, %(last_id)s,
                  (SELECT id FROM page ORDER BY id OFFSET %(limit)s - 1 LIMIT 1)::text)
                  || ']')::json
            ELSE %(links)s::json END,
        'features', body.features)"""


def items_sql(layer: TileLayer, template: LinkTemplate | None, page: Page) -> str:
    """The statement writing one page of ``layer`` as a FeatureCollection.

    Parameters: ``limit``, ``more`` (limit + 1), ``offset``, ``after``, the
    bbox edges, ``stamp``, ``links`` (a JSON array) and ``next_link`` (the
    "next" link, its href ending in ``LAST_ID``), added when there are more.
    Only the first page counts the matches (see ``counts``).
    """
    source = layer.source()
    document = _collection_sql(None)
    matched = ""
    if counts(page):
        # Two documents, one with the count: json_build_object cannot leave a
        # NULL out, and a "numberMatched": null would read as 0 in some clients.
        document = f"""CASE WHEN matched.n IS NULL THEN {document}
            ELSE {_collection_sql("matched.n")} END"""
        matched = f", ({_count_sql(source, page)}) matched"
    # The features are encoded after the sort by id (with a LIMIT, PostgreSQL
    # postpones costly expressions past a sort) and aggregated in that order:
    # sorting the encoded JSON instead spilled 6 MB to disk for 10,000 features.
    return f"""
    WITH page AS (
        SELECT s.id FROM ({source}) s
        WHERE {_where(page)}
        ORDER BY s.id LIMIT %(more)s OFFSET %(offset)s
    )
    SELECT ({document})::text
    FROM (
        SELECT count(*) AS returned, coalesce(json_agg(f.feature), '[]'::json) AS features
        FROM (
            SELECT {_feature_sql(layer, template, own_links=False)} AS feature
            FROM ({source}) s
            WHERE s.id IN (SELECT id FROM page ORDER BY id LIMIT %(limit)s)
            ORDER BY s.id LIMIT %(limit)s
        ) f
    ) body{matched}"""


def counts(page: Page) -> bool:
    """Whether the answer may carry ``numberMatched``: on the first page only
    (neither ``offset`` nor ``after``).

    GDAL and QGIS read a layer's count from its first page, without a bbox;
    counting 1M public proposals costs about 250 ms, which every later page
    would pay again for a number no client reads there. With a bbox the count
    stops at COUNT_CAP (it feeds progress bars): checking ST_Intersects for all
    842,000 proposals of an Almaty-wide box took 0.55 s, up to the cap 0.18 s.
    """
    return page.offset == 0 and page.after is None


def items_geojson(
    layer: TileLayer,
    page: Page,
    *,
    template: LinkTemplate | None,
    page_title: str,
    stamp: str,
    links: list[dict[str, str]],
    next_link: dict[str, str],
) -> str:
    """One page of the layer's public features: a GeoJSON FeatureCollection.

    ``next_link``'s href ends in ``LAST_ID``, which becomes the page's last id.
    """
    bbox = page.bbox
    params = {
        **_parameters(layer, template, page_title),
        "limit": page.limit,
        "more": page.limit + 1,
        "offset": page.offset,
        "after": page.after,
        "stamp": stamp,
        "links": json.dumps(links, ensure_ascii=False),
        "next_link": json.dumps(next_link, ensure_ascii=False),
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
