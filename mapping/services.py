"""Every write to towns, districts and sites; geometry arrives already accepted."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .intake import AcceptedGeometry
from .languages import set_translations
from .models import District, Site, SiteStatus, Town


def town_create(
    *,
    slug: str,
    names: Mapping[str, str],
    boundary: AcceptedGeometry,
    centre: AcceptedGeometry,
    utm_srid: int,
    default_zoom: int = 12,
) -> Town:
    """Add a town with its boundary, centre and metric UTM zone."""
    town = Town(
        slug=slug,
        boundary=boundary.as_multi(),
        centre=centre.geometry,
        utm_srid=utm_srid,
        default_zoom=default_zoom,
    )
    set_translations(town, "name", names)
    town.full_clean()
    town.save()
    return town


def district_create(
    *, town: Town, slug: str, names: Mapping[str, str], boundary: AcceptedGeometry
) -> District:
    """Add a district to a town; its boundary must have been accepted for the town."""
    boundary.check_for(town)
    district = District(town=town, slug=slug, boundary=boundary.as_multi())
    set_translations(district, "name", names)
    district.full_clean()
    district.save()
    return district


def site_create(
    *,
    town: Town,
    names: Mapping[str, str],
    boundary: AcceptedGeometry,
    descriptions: Mapping[str, str] | None = None,
    status: str = SiteStatus.NEGLECTED,
    slug: str = "",
) -> Site:
    """Add a site (a place to be designed) inside a town.

    Without a slug, one is made from the English name; a taken slug gets a
    number, decided by the database's unique constraint so two concurrent
    creations never share one.
    """
    boundary.check_for(town)
    base = slug or slugify(names.get("en") or "") or "site"
    for attempt in range(1, 100):
        candidate = base if attempt == 1 else f"{base}-{attempt}"
        taken = Site.objects.filter(town=town, slug=candidate).exists
        if not slug and taken():
            continue
        site = Site(
            town=town, slug=candidate, boundary=boundary.geometry, status=status
        )
        set_translations(site, "name", names)
        set_translations(site, "description", descriptions or {})
        site.full_clean()
        try:
            with transaction.atomic():
                site.save()
        except IntegrityError:
            # Another request took the slug between our check and the insert.
            if slug or not taken():
                raise
            continue
        return site
    raise IntegrityError(f"no free slug for {base!r}")
