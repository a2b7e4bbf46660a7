"""Residents' concerns: what, where, when, through which channel, and how it stands.

Where a private person raised a concern, only a coarsened point is public: the
database fills ``public_point`` (the centre of the concern's cell in a grid of
``PUBLIC_GRID_M`` metres in the town's UTM zone) and ``district`` on every insert
and update, so no write path (form, import, admin, raw SQL) can skip it. See
``community_map/privacy.py`` and migration 0002.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from mapping.db import GeometryType, geometry_constraints
from mapping.models import District, TimeStamped, Town

from .communities import Community


class ConcernCategory(models.TextChoices):
    YARDS = "yards", _("Yards")
    LIGHTING = "lighting", _("Street lighting")
    TRANSPORT = "transport", _("Public transport")
    SNOW = "snow", _("Snow removal")
    HEATING = "heating", _("Heating")
    ROADS = "roads", _("Roads and pavements")
    AIR = "air", _("Air quality")
    WATER = "water", _("Water supply")
    WASTE = "waste", _("Rubbish collection")
    GREEN = "green", _("Parks and trees")
    OTHER = "other", _("Other")


class ConcernSource(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SURVEY = "survey", _("Survey")
    FOCUS_GROUP = "focus_group", _("Focus group")
    BRAINSTORM = "brainstorm", _("Brainstorm")
    RECEPTION = "reception", _("Public reception")
    WEB = "web", _("Web form")


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    FORWARDED = "forwarded", _("Forwarded")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")


# What a stated precision may be, in metres: from "at this door" to "somewhere in town".
PRECISION_RANGE_M = (1, 20_000)


class Concern(TimeStamped):
    """One concern a resident raised, at a point or over an area."""

    Category = ConcernCategory
    Source = ConcernSource
    Status = ConcernStatus

    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("town")
    )
    # PROTECT: a community's concerns (and their external ids) must be handed to
    # another community before it can be deleted; nothing disappears silently.
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("community that carries it"),
    )
    category = models.CharField(_("category"), max_length=16, choices=ConcernCategory)
    source = models.CharField(_("source"), max_length=16, choices=ConcernSource)
    reported_on = models.DateField(_("date"))
    location = models.GeometryField(_("location"), srid=4326)
    precision_m = models.PositiveIntegerField(
        _("precision, m"),
        default=25,
        help_text=_("How far the real place may be from the mark on the map."),
    )
    text = models.TextField(_("text"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=16, choices=ConcernStatus, default=ConcernStatus.NEW
    )
    private = models.BooleanField(
        _("raised by a private person"),
        default=True,
        help_text=_(
            "Public maps and exports show such a concern only on a grid of about "
            "100 m; the exact place stays with the NGO."
        ),
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(
        _("reporter's phone or e-mail"), max_length=200, blank=True
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_reported",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_recorded",
    )
    external_id = models.CharField(
        _("external id"),
        max_length=120,
        blank=True,
        help_text=_("The id in the NGO's own table; re-imports update, not duplicate."),
    )
    imported_by = models.ForeignKey(
        "community_map.ConcernImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    # Filled by the database trigger; never by Python.
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="concerns",
    )
    public_point = models.PointField(
        _("public location"), srid=4326, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["town", "reported_on"]),
            models.Index(fields=["town", "category"]),
            models.Index(fields=["community", "status"]),
        ]
        constraints = [
            *geometry_constraints("location"),
            models.CheckConstraint(
                condition=Q(
                    In(GeometryType("location"), ["POINT", "POLYGON", "MULTIPOLYGON"])
                ),
                name="community_map_concern_point_or_area",
            ),
            models.CheckConstraint(
                condition=Q(category__in=ConcernCategory.values),
                name="community_map_concern_category_known",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ConcernSource.values),
                name="community_map_concern_source_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ConcernStatus.values),
                name="community_map_concern_status_known",
            ),
            models.CheckConstraint(
                condition=Q(precision_m__range=PRECISION_RANGE_M),
                name="community_map_concern_precision_range",
            ),
            models.CheckConstraint(
                condition=Q(public_point__isnull=False),
                name="community_map_concern_public_point_set",
            ),
            models.CheckConstraint(
                condition=Q(external_id="") | Q(community__isnull=False),
                name="community_map_concern_external_id_has_community",
            ),
            models.UniqueConstraint(
                fields=["community", "external_id"],
                condition=~Q(external_id=""),
                name="community_map_concern_external_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.reported_on}"
