"""Request bodies of the mapping API (responses are GeoJSON built by PostGIS)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import SiteStatus

GEOJSON_GEOMETRY_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON geometry (RFC 7946) in longitude/latitude (WGS 84).",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {
            "type": "string",
            "enum": [
                "Point",
                "LineString",
                "Polygon",
                "MultiPoint",
                "MultiLineString",
                "MultiPolygon",
            ],
        },
        "coordinates": {"type": "array", "items": {}},
    },
    "example": {
        "type": "Polygon",
        "coordinates": [
            [[76.918, 52.041], [76.922, 52.041], [76.922, 52.043], [76.918, 52.041]]
        ],
    },
}


@extend_schema_field(GEOJSON_GEOMETRY_SCHEMA)
class GeoJSONGeometryField(serializers.Field):
    """A geometry passed through untouched: the intake checks it, naming the place.

    DRF's JSONField would refuse NaN with a vague message before the intake could
    say where it is.
    """

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class SiteCreateSerializer(serializers.Serializer):
    """A new site: names in three languages, an optional description, a polygon."""

    slug = serializers.SlugField(
        required=False,
        max_length=80,
        help_text=_("Made from the English name when left out."),
    )
    name_kk = serializers.CharField(max_length=160)
    name_ru = serializers.CharField(max_length=160)
    name_en = serializers.CharField(max_length=160)
    description_kk = serializers.CharField(required=False, allow_blank=True)
    description_ru = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=SiteStatus.choices, default="neglected")
    geometry = GeoJSONGeometryField(help_text=_("The site's outline: a Polygon."))
