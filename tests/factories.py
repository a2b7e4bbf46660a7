"""factory_boy factories that build rows through the services users go through."""

from __future__ import annotations

import factory

from mapping import services
from mapping.intake import AREAS, accept_geometry
from mapping.models import District, Site, Town

# A plain square around central Aksu, about 4.6 km x 5.6 km.
AKSU_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [[76.90, 52.02], [76.96, 52.02], [76.96, 52.07], [76.90, 52.07], [76.90, 52.02]]
    ],
}


def square(lon: float, lat: float, size: float = 0.002) -> dict:
    """A small GeoJSON square with its south-west corner at (lon, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


def accepted_in(town: Town, geometry: dict, allowed: tuple[str, ...]):
    """Geometry through the intake for a town, as a form or the API would send it."""
    return accept_geometry(geometry, allowed=allowed, place=town)


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    slug = factory.Sequence(lambda n: f"aksu-{n}")
    boundary = AKSU_BOUNDARY
    centre = {"type": "Point", "coordinates": [76.93, 52.045]}
    utm_srid = 32643
    default_zoom = 13
    names = factory.LazyAttribute(
        lambda o: {"kk": "Ақсу", "ru": "Аксу", "en": f"Aksu {o.slug}"}
    )

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.town_create(
            slug=kwargs["slug"],
            names=kwargs["names"],
            boundary=accept_geometry(kwargs["boundary"], allowed=AREAS),
            centre=accept_geometry(kwargs["centre"]),
            utm_srid=kwargs["utm_srid"],
            default_zoom=kwargs["default_zoom"],
        )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    town = factory.SubFactory(TownFactory)
    slug = factory.Sequence(lambda n: f"district-{n}")
    boundary = factory.LazyFunction(lambda: square(76.90, 52.02, 0.04))
    names = {"kk": "Орталық", "ru": "Центральный", "en": "Central"}

    @classmethod
    def _create(cls, model_class, **kwargs):
        town = kwargs["town"]
        return services.district_create(
            town=town,
            slug=kwargs["slug"],
            names=kwargs["names"],
            boundary=accepted_in(town, kwargs["boundary"], AREAS),
        )


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    town = factory.SubFactory(TownFactory)
    slug = factory.Sequence(lambda n: f"site-{n}")
    boundary = factory.LazyFunction(lambda: square(76.93, 52.04))
    names = {"kk": "Саябақ", "ru": "Парк", "en": "Park"}
    descriptions = {"kk": "", "ru": "", "en": ""}
    status = "neglected"

    @classmethod
    def _create(cls, model_class, **kwargs):
        town = kwargs["town"]
        return services.site_create(
            town=town,
            slug=kwargs["slug"],
            names=kwargs["names"],
            descriptions=kwargs["descriptions"],
            status=kwargs["status"],
            boundary=accepted_in(town, kwargs["boundary"], ("Polygon",)),
        )
