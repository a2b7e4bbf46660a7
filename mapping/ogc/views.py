"""OGC API – Features endpoints: thin views over ``documents`` and ``items``.

Every answer is JSON (GeoJSON for features) and open to any origin, like the
tiles. Answers drawn from data carry an ETag from the versions of their layers,
so a client asking again after no write gets ``304 Not Modified``. Errors are
JSON too: ``{"code": ..., "description": ...}`` with 400 or 404, never a page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mapping.caching import open_to_all, respond
from mapping.tiles import registry
from mapping.tiles.extents import extent
from mapping.tiles.registry import TileLayer
from mapping.tiles.versions import LayerState

from . import documents, items, openapi
from .documents import GEOJSON, JSON, OPENAPI, link, url
from .params import DOCUMENT_PARAMETERS, InvalidParameter, Page, check_query, items_page

BIGINT_MAX = 2**63 - 1


class _Missing(Exception):
    """No such collection or feature (or not one the public may see)."""


def _exception(code: str, description: str, status: int) -> HttpResponse:
    body = json.dumps({"code": code, "description": description}, ensure_ascii=False)
    return HttpResponse(body, content_type=JSON, status=status)


def _answer(body: Any, content_type: str = JSON) -> HttpResponse:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return HttpResponse(text, content_type=content_type)


def ogc_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET/HEAD only, open to any origin, bad input as a JSON 400 or 404."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except InvalidParameter as refusal:
            response = _exception("InvalidParameterValue", refusal.message, 400)
        except _Missing as missing:
            response = _exception("NotFound", str(missing), 404)
        return open_to_all(response)

    return wrapped


def _layer(name: str) -> TileLayer:
    try:
        return registry.get(name)
    except KeyError:
        raise _Missing(
            _("There is no collection called “%(name)s”.") % {"name": name}
        ) from None


@ogc_view
def unknown(request: HttpRequest) -> HttpResponseBase:
    raise _Missing(
        _("Nothing is at this address; the OGC API starts at %(url)s.")
        % {"url": url(request, "landing")}
    )


@ogc_view
def landing(request: HttpRequest) -> HttpResponseBase:
    check_query(request.GET, DOCUMENT_PARAMETERS)
    return _answer(documents.landing(request))


@ogc_view
def api(request: HttpRequest) -> HttpResponseBase:
    check_query(request.GET, DOCUMENT_PARAMETERS)
    definition = openapi.definition(request, registry.layers())
    return _answer(definition, OPENAPI)


@ogc_view
def conformance(request: HttpRequest) -> HttpResponseBase:
    check_query(request.GET, DOCUMENT_PARAMETERS)
    return _answer(documents.conformance())


@ogc_view
def collections(request: HttpRequest) -> HttpResponseBase:
    check_query(request.GET, DOCUMENT_PARAMETERS)
    layers = registry.layers()

    def render(state: LayerState) -> HttpResponse:
        described = [(layer, extent(layer, state)) for layer in layers]
        return _answer(documents.collections(request, described))

    return respond(request, [layer.name for layer in layers], render)


@ogc_view
def collection(request: HttpRequest, collection: str) -> HttpResponseBase:
    check_query(request.GET, DOCUMENT_PARAMETERS)
    layer = _layer(collection)

    def render(state: LayerState) -> HttpResponse:
        return _answer(documents.collection(request, layer, extent(layer, state)))

    return respond(request, [layer.name, *layer.depends_on], render)


def _page_url(
    request: HttpRequest,
    page: Page,
    *,
    after: int | str | None = None,
    before: str | None = None,
    offset: int = 0,
) -> str:
    """This request's URL, at another place in the layer."""
    moved = ("offset", "after", "before")
    query = {key: value for key, value in request.GET.items() if key not in moved}
    query["limit"] = str(page.limit)
    if after is not None:
        query["after"] = str(after)
    if before is not None:
        query["before"] = before
    elif offset or after is None:
        query["offset"] = str(offset)
    base = request.build_absolute_uri(request.path)
    return f"{base}?{urlencode(query, safe=',:/')}"


def _page_title() -> str:
    return _("The page of this feature on Birge")


@ogc_view
def features(request: HttpRequest, collection: str) -> HttpResponseBase:
    layer = _layer(collection)
    page = items_page(request.GET)

    def render(_state: LayerState) -> HttpResponse:
        links = [
            link(request.build_absolute_uri(), "self", GEOJSON, _("This page")),
            link(
                url(request, "collection", collection=layer.name),
                "collection",
                JSON,
                str(layer.title),
            ),
        ]
        if page.offset > 0:  # by offset; a page reached by key gets its prev by key
            previous = _page_url(
                request,
                page,
                after=page.after,
                offset=max(0, page.offset - page.limit),
            )
            links.append(link(previous, "prev", GEOJSON, _("The previous page")))
        # The features before this page's first id and after its last, which
        # the statement fills in if there are any.
        preceding = _page_url(request, page, before=items.FIRST_ID)
        following = _page_url(request, page, after=items.LAST_ID)
        body = items.items_geojson(
            layer,
            page,
            template=items.link_template(layer, request.build_absolute_uri),
            page_title=_page_title(),
            stamp=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            links=links,
            prev_link=link(preceding, "prev", GEOJSON, _("The previous page")),
            next_link=link(following, "next", GEOJSON, _("The next page")),
        )
        return _answer(body, GEOJSON)

    return respond(request, [layer.name, *layer.depends_on], render)


@ogc_view
def feature(request: HttpRequest, collection: str, feature_id: str) -> HttpResponseBase:
    layer = _layer(collection)
    check_query(request.GET, DOCUMENT_PARAMETERS)
    missing = _Missing(
        _("There is no public feature %(id)s in “%(collection)s”.")
        % {"id": feature_id, "collection": layer.name}
    )
    if not feature_id.isascii() or not feature_id.isdigit():
        raise missing
    number = int(feature_id) if len(feature_id) <= 19 else BIGINT_MAX + 1
    if number > BIGINT_MAX:
        raise missing

    def render(_state: LayerState) -> HttpResponse:
        links = [
            link(request.build_absolute_uri(), "self", GEOJSON, _("This feature")),
            link(
                url(request, "collection", collection=layer.name),
                "collection",
                JSON,
                str(layer.title),
            ),
        ]
        body = items.item_geojson(
            layer,
            number,
            template=items.link_template(layer, request.build_absolute_uri),
            page_title=_page_title(),
            links=links,
        )
        if body is None:
            raise missing
        return _answer(body, GEOJSON)

    return respond(request, [layer.name, *layer.depends_on], render)
