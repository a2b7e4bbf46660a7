"""Vector tiles and TileJSON for the public layers, with HTTP caching.

``/tiles/<layer>/<z>/<x>/<y>.mvt``: one SQL statement per tile (``sql.tile_sql``),
sent with the layer's version in one round trip; the bytes are kept in the
``tiles`` cache with that version, so a tile asked for again is served without
the database building it twice, and a write (which moves the version) retires
every cached tile of the layer at once (``answer.py``). In production
``mapping.tiles.wsgi`` answers valid tiles before Django's middleware, with the
same ``answer``; this view serves the rest (404s) and the test client.
``/tiles/<layer>.json``: the TileJSON 3.0 document a map or QGIS starts from; its
tile URL carries the current version, so those tiles may be cached for a year.
"""

from __future__ import annotations

import json

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mapping.caching import open_to_all, respond

from . import registry
from .answer import Conditions, answer, valid_tile
from .extents import towns_extent
from .registry import TileLayer
from .versions import LayerState


def _layer(name: str) -> TileLayer:
    try:
        return registry.get(name)
    except KeyError:
        message = _("There is no map layer called “%(name)s”.") % {"name": name}
        raise Http404(message) from None


@require_safe
def tile(request: HttpRequest, layer: str, z: int, x: int, y: int) -> HttpResponseBase:
    chosen = _layer(layer)
    if not valid_tile(z, x, y):
        raise Http404(
            _("There is no tile %(x)s/%(y)s at zoom %(z)s.") % {"x": x, "y": y, "z": z}
        )
    result = answer(
        chosen,
        z,
        x,
        y,
        Conditions.of(request.META),
    )
    response = (
        HttpResponseNotModified()
        if result.status == 304
        else HttpResponse(result.body, status=result.status)
    )
    for name, value in result.headers:
        response[name] = value
    return response


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
