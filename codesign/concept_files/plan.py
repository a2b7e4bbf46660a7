"""Features read from a file become drawn elements: kind checked, shape through the intake."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.translation import gettext as _

from mapping.intake import GeometryRejected, accept_geometry
from mapping.languages import active_language
from mapping.models import Town

from ..comparison.vocabulary import GEOMETRY_TYPES, kind
from ..errors import ActionRefused
from ..services.concepts import DrawnElement
from .kinds import kind_named, unknown_kind
from .reading import WGS84, Found
from .refusals import at, refusal
from .sniff import PlanFormat


@dataclass(frozen=True)
class Plan:
    """A plan read from a file: its elements, and where in the file each one was."""

    format: PlanFormat
    elements: list[DrawnElement]
    places: list[str]

    def locate(self, refused: ActionRefused) -> ActionRefused:
        """A refusal about element numbers, told with their places in the file."""
        details = refused.details
        numbers = details.get("elements") or (
            [details["element"]] if "element" in details else []
        )
        said = [
            _("Element %(n)d is %(where)s.") % {"n": i + 1, "where": self.places[i]}
            for i in numbers
            if isinstance(i, int) and 0 <= i < len(self.places)
        ]
        if not said:
            return refused
        return dataclasses.replace(
            refused, message=" ".join([str(refused.message), *said]), field="plan"
        )


def elements_of(
    found: list[Found],
    *,
    plan_format: PlanFormat,
    town: Town,
    palette: Collection[str],
) -> Plan:
    """Every feature as a drawn element, or the refusal of the first bad one."""
    if not found:
        refusal(
            "empty_plan",
            _("The file has no features: there is nothing to upload."),
        )
    elements = []
    for feature in found:
        slug = kind_named(feature.named)
        if slug is None or slug not in palette:
            refusal(
                "unknown_kind",
                at(
                    feature.where,
                    unknown_kind(feature.named, palette=palette, source=feature.source),
                ),
                place=feature.where,
            )
        geometry = feature.geometry
        if geometry is None:
            refusal(
                "no_geometry",
                at(feature.where, _("it has no shape.")),
                place=feature.where,
            )
        if isinstance(geometry, GEOSGeometry) and geometry.srid != WGS84:
            geometry = _in_wgs84(geometry, feature.where)
        try:
            accepted = accept_geometry(
                geometry, allowed=GEOMETRY_TYPES[kind(slug).family], place=town
            )
        except GeometryRejected as rejection:
            problem = str(rejection)
            if rejection.code == "outside_town" and plan_format.slug == "dxf":
                problem += " " + _(
                    "DXF coordinates are read as metres in the town's UTM zone "
                    "(EPSG:%(srid)s), or as longitude and latitude."
                ) % {"srid": town.utm_srid}
            named = f"{feature.where} ({kind(slug).name(active_language())})"
            refusal(
                rejection.code,
                at(named, problem),
                status=rejection.status,
                place=feature.where,
                location=rejection.location,
            )
        elements.append(DrawnElement(slug, accepted, feature.label[:200]))
    return Plan(plan_format, elements, [f.where for f in found])


def _in_wgs84(geometry: GEOSGeometry, where: str) -> GEOSGeometry:
    try:
        return geometry.transform(WGS84, clone=True)
    except (GDALException, GEOSException):
        refusal(
            "unknown_crs",
            at(
                where,
                _("its coordinates cannot be turned into longitude and latitude."),
            ),
        )
