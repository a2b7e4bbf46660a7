"""Site co-design: design sessions with a palette, and concepts drawn on the site."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mapping.db import geometry_constraints
from mapping.models import Site, TimeStamped
from moderation.models import Moderated

from ..comparison.vocabulary import KINDS

KIND_CHOICES = [(k.slug, k.names["en"]) for k in KINDS]
KIND_SLUGS = [k.slug for k in KINDS]


class Participation(models.TextChoices):
    OPEN = "open", _("open to every resident")
    TEAM = "team", _("an invited team")
    WORKSHOP = "workshop", _("a workshop")


class DesignSession(TimeStamped):
    """Residents, teams or a workshop design one site within dates, with a palette."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="design_sessions"
    )
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)
    starts = models.DateField(_("drawing from"))
    ends = models.DateField(_("drawing until"))
    participation = models.CharField(
        _("who takes part"),
        max_length=16,
        choices=Participation,
        default=Participation.OPEN,
    )

    class Meta:
        ordering = ["site", "-starts"]
        verbose_name = _("design session")
        verbose_name_plural = _("design sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="codesign_session_slug_per_site"
            ),
            models.CheckConstraint(
                condition=Q(starts__lte=F("ends")),
                name="codesign_session_dates_in_order",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(participation__in=Participation.values),
                name="codesign_session_participation_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PaletteEntry(models.Model):
    """One kind of element residents may draw in a session, and what it costs."""

    session = models.ForeignKey(
        DesignSession, on_delete=models.CASCADE, related_name="palette"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7)
    symbol = models.CharField(_("symbol"), max_length=32)
    unit_cost = models.BigIntegerField(
        _("cost per m², per m or per piece, tenge"), null=True, blank=True
    )

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("palette entry")
        verbose_name_plural = _("palette")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"], name="codesign_palette_kind_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=KIND_SLUGS), name="codesign_palette_known_kind"
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="codesign_palette_colour_hex",
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__isnull=True) | Q(unit_cost__gte=0),
                name="codesign_palette_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Concept(Moderated, TimeStamped):
    """A resident's, team's or workshop's design of the site; or the official plan."""

    session = models.ForeignKey(
        DesignSession, on_delete=models.CASCADE, related_name="concepts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concepts",
    )
    title = models.CharField(_("title"), max_length=200)
    team = models.CharField(_("team or workshop"), max_length=200, blank=True)
    official = models.BooleanField(_("the akimat's plan"), default=False)
    # Optimistic locking (integrity.locking): every save and submission moves it on.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    class Meta:
        ordering = ["session", "-official", "pk"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(official=True),
                name="codesign_one_official_plan",
                violation_error_message=_("This session already has an official plan."),
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="codesign_concept_revision_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConceptVersion(models.Model):
    """A concept as saved; submitted versions are kept as they were."""

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["concept", "number"]
        verbose_name = _("concept version")
        verbose_name_plural = _("concept versions")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"], name="codesign_concept_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.concept} v{self.number}"


class ConceptElement(models.Model):
    """One zone, path or object of a concept version, clipped to the site."""

    version = models.ForeignKey(
        ConceptVersion, on_delete=models.CASCADE, related_name="elements"
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    geometry = models.GeometryField(_("shape"), srid=4326)
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("concept element")
        verbose_name_plural = _("concept elements")
        constraints = [
            *geometry_constraints("geometry"),
            models.CheckConstraint(
                condition=Q(kind__in=KIND_SLUGS), name="codesign_element_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.version}"


class SessionAnalysis(models.Model):
    """A session's submitted concepts compared, kept until a new version is submitted.

    ``fingerprint`` names the submitted versions (and the method) it was computed
    from; submitted versions never change, so a matching fingerprint is current.
    """

    session = models.OneToOneField(
        DesignSession, on_delete=models.CASCADE, related_name="analysis"
    )
    fingerprint = models.CharField(max_length=64)
    computed = models.DateTimeField(auto_now=True)
    result = models.JSONField(default=dict)
    agreement_geojson = models.TextField(blank=True)

    class Meta:
        verbose_name = _("session analysis")
        verbose_name_plural = _("session analyses")

    def __str__(self) -> str:
        return f"{self.session} ({self.fingerprint[:8]})"
