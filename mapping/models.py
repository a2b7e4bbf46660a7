"""Towns, their districts, and sites: the geographic base every other app uses."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .db import geometry_constraints


class TimeStamped(models.Model):
    """What every row shares: when it was created and last changed."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


def utm_zone(longitude: float) -> int:
    """The UTM zone number (1-60) that contains a longitude."""
    return min(int((longitude + 180) // 6) + 1, 60)


class Town(TimeStamped):
    """A town: its boundary, and the UTM zone its metres are computed in."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    utm_srid = models.PositiveIntegerField(
        _("UTM zone (EPSG code)"),
        help_text=_(
            "The metric coordinate system for areas, lengths and distances in this "
            "town, e.g. 32643 for UTM zone 43N (Aksu, Almaty)."
        ),
    )
    centre = models.PointField(_("centre"), srid=4326)
    default_zoom = models.PositiveSmallIntegerField(
        _("default zoom"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        constraints = [
            *geometry_constraints("boundary"),
            *geometry_constraints("centre"),
            models.CheckConstraint(
                condition=Q(utm_srid__range=(32601, 32660))
                | Q(utm_srid__range=(32701, 32760)),
                name="mapping_town_utm_srid_is_utm",
            ),
            models.CheckConstraint(
                condition=Q(default_zoom__range=(1, 20)),
                name="mapping_town_default_zoom_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mapping:town", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.centre and self.utm_srid:
            zone = utm_zone(self.centre.x)
            hemisphere = 32600 if self.centre.y >= 0 else 32700
            if abs(self.utm_srid - (hemisphere + zone)) > 1:
                errors["utm_srid"] = _(
                    "EPSG:%(srid)s is not the UTM zone of this town: its centre lies "
                    "in zone %(zone)s (EPSG:%(expected)s)."
                ) % {
                    "srid": self.utm_srid,
                    "zone": zone,
                    "expected": hemisphere + zone,
                }
        if self.centre and self.boundary and not self.boundary.covers(self.centre):
            errors["centre"] = _("The centre must lie inside the town boundary.")
        if errors:
            raise ValidationError(errors)


class District(TimeStamped):
    """An administrative or customary part of a town."""

    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, related_name="districts", verbose_name=_("town")
    )
    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=120)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        ordering = ["town", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            *geometry_constraints("boundary"),
            models.UniqueConstraint(
                fields=["town", "slug"], name="mapping_district_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteStatus(models.TextChoices):
    """Where a site stands, from neglect to a finished place."""

    NEGLECTED = "neglected", _("Neglected: waiting for ideas")
    IN_DESIGN = "in_design", _("In co-design with residents")
    PLANNED = "planned", _("Plan agreed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")


class Site(TimeStamped):
    """A named place residents and planners shape, such as Aksu's neglected park."""

    Status = SiteStatus

    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, related_name="sites", verbose_name=_("town")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    boundary = models.PolygonField(_("boundary"), srid=4326)
    status = models.CharField(
        _("status"), max_length=24, choices=SiteStatus, default=SiteStatus.NEGLECTED
    )

    class Meta:
        ordering = ["town", "slug"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            *geometry_constraints("boundary"),
            models.UniqueConstraint(
                fields=["town", "slug"], name="mapping_site_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SiteStatus.values),
                name="mapping_site_status_known",
            ),
        ]
        indexes = [models.Index(fields=["town", "status"])]

    def __str__(self) -> str:
        return self.name
