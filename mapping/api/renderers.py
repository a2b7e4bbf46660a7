"""GeoJSON is JSON with its own media type (RFC 7946 §12)."""

from rest_framework.renderers import JSONRenderer


class GeoJSONRenderer(JSONRenderer):
    """Lets clients ask for application/geo+json (MapLibre, QGIS, GDAL do)."""

    media_type = "application/geo+json"
    format = "geojson"
