"""Vector tiles and TileJSON for the public layers, with HTTP caching.

``/tiles/<layer>/<z>/<x>/<y>.mvt``: one SQL statement per tile (``sql.tile_sql``);
the bytes are kept in the ``tiles`` cache under the layer's version, so a tile
asked for again is served without the database building it twice, and a write
(which moves the version) retires every cached tile of the layer at once.
``/tiles/<layer>.json``: the TileJSON 3.0 document a map or QGIS starts from; its
tile URL carries the current version, so those tiles may be cached for a year.
"""

from __future__ import annotations

import json

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mapping.caching import (
    FOREVER,
    REVALIDATE_PUBLIC,
    not_modified,
    open_to_all,
    respond,
    set_headers,
)

from . import prepared, registry, versions
from .extents import towns_extent
from .registry import TileLayer
from .sql import tile_sql
from .versions import LayerState

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22


def _layer(name: str) -> TileLayer:
    try:
        return registry.get(name)
    except KeyError:
        message = _("There is no map layer called “%(name)s”.") % {"name": name}
        raise Http404(message) from None


def render_tile(layer: TileLayer, z: int, x: int, y: int) -> bytes:
    """The tile's bytes, built by the database (empty when nothing is there)."""
    row = prepared.fetchone(tile_sql(layer), {"z": z, "x": x, "y": y})
    return bytes(row[0]) if row and row[0] is not None else b""


@require_safe
def tile(request: HttpRequest, layer: str, z: int, x: int, y: int) -> HttpResponseBase:
    chosen = _layer(layer)
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        raise Http404(
            _("There is no tile %(x)s/%(y)s at zoom %(z)s.") % {"x": x, "y": y, "z": z}
        )
    state = versions.current([chosen.name])
    etag = f'"{chosen.name}-{state.tag}"'
    current = request.GET.get("v") == state.tag
    cache_control = FOREVER if current else REVALIDATE_PUBLIC
    answer = not_modified(request, etag=etag, state=state, cache_control=cache_control)
    if answer is not None:
        return open_to_all(answer)
    key = f"tile:{chosen.name}:{state.tag}:{z}:{x}:{y}"
    cache = caches["tiles"]
    data = cache.get(key)
    if data is None:
        data = render_tile(chosen, z, x, y)
        cache.set(key, data)
    response = HttpResponse(data, content_type=MVT)
    set_headers(response, etag=etag, state=state, cache_control=cache_control)
    return open_to_all(response)


def tilejson_document(request: HttpRequest, layer: TileLayer, tag: str) -> dict:
    template = request.build_absolute_uri(
        reverse("tiles:tile", kwargs={"layer": layer.name, "z": 0, "x": 0, "y": 0})
    ).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")
    fields = dict(layer.attributes)
    if layer.clustered:
        fields["count"] = "integer"
    west, south, east, north = towns_extent() or [-180.0, -85.0511, 180.0, 85.0511]
    return {
        "tilejson": "3.0.0",
        "name": str(layer.title),
        "description": str(layer.description),
        "version": "1.0.0",
        "attribution": _("Birge and its contributors"),
        "scheme": "xyz",
        "tiles": [f"{template}?v={tag}"],
        "minzoom": layer.minzoom,
        "maxzoom": layer.maxzoom,
        "bounds": [west, south, east, north],
        "center": [(west + east) / 2, (south + north) / 2, max(layer.minzoom, 4)],
        "vector_layers": [
            {
                "id": layer.name,
                "description": str(layer.description),
                "minzoom": layer.minzoom,
                "maxzoom": layer.maxzoom,
                "fields": fields,
            }
        ],
        # Not in TileJSON itself: below this zoom points come as counts.
        "birge:cluster_below": layer.cluster_below,
    }


@require_safe
def tilejson(request: HttpRequest, layer: str) -> HttpResponseBase:
    chosen = _layer(layer)

    def render(state: LayerState) -> HttpResponse:
        document = tilejson_document(request, chosen, state.tag)
        body = json.dumps(document, ensure_ascii=False)
        return HttpResponse(body, content_type="application/json")

    return open_to_all(respond(request, [chosen.name], render))


app_name = "tiles"

urlpatterns = [
    path("<slug:layer>.json", tilejson, name="tilejson"),
    path("<slug:layer>/<int:z>/<int:x>/<int:y>.mvt", tile, name="tile"),
]
