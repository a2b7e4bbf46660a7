"""The baseline for Birge's GeoJSON: a plain drf-gis serializer of the same rows.

``GET /bench/serializer/proposals/?bbox=w,s,e,n&limit=N``: public proposals
intersecting the bbox, in id order, the first N, as a GeoJSON FeatureCollection
from ``GeoFeatureModelSerializer`` with the same properties as the OGC API items.
Served only by the benchmark's URLconf (bench.tiles.urls), never by Birge.
"""

from __future__ import annotations

from django.contrib.gis.geos import Polygon
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from codesign.models import Proposal
from codesign.models.proposals import PUBLIC


class ProposalFeatureSerializer(GeoFeatureModelSerializer):
    """A proposal as a GeoJSON feature, the way drf-gis's documentation shows."""

    status_label = serializers.CharField(source="get_status_display")
    campaign_slug = serializers.CharField(source="campaign.slug")
    town = serializers.CharField(source="campaign.town.slug")
    category_name = serializers.CharField(source="category.name", default="")
    district = serializers.CharField(source="district.name", default="")

    class Meta:
        model = Proposal
        geo_field = "geometry"
        fields = (
            "id",
            "status",
            "status_label",
            "campaign",
            "category",
            "number",
            "title",
            "cost",
            "town",
            "campaign_slug",
            "category_name",
            "district",
        )


class ProposalFeatures(ListAPIView):
    """Public proposals in a bbox, first ``limit`` by id, unpaginated."""

    serializer_class = ProposalFeatureSerializer
    permission_classes = [AllowAny]
    authentication_classes: list = []
    pagination_class = None

    def get_queryset(self) -> QuerySet[Proposal]:
        params = self.request.query_params
        west, south, east, north = (float(v) for v in params["bbox"].split(","))
        limit = int(params.get("limit", 10_000))
        return (
            Proposal.objects.filter(
                status__in=PUBLIC,
                geometry__intersects=Polygon.from_bbox((west, south, east, north)),
            )
            .select_related("campaign__town", "category", "district")
            .order_by("id")[:limit]
        )
