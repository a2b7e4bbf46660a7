"""Residents' proposals, every version of them, their photos and progress notes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.db import geometry_constraints
from mapping.languages import LANGUAGE_CODES
from mapping.models import District, TimeStamped
from moderation.models import Moderated

from .campaigns import Campaign, Category


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    ON_BALLOT = "on_ballot", _("on the ballot")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")
    IN_PROGRESS = "in_progress", _("being built")
    BUILT = "built", _("built")


# Statuses in which the money question is settled: the cap must hold.
FUNDABLE = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.ON_BALLOT,
    ProposalStatus.SELECTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.BUILT,
)
# Statuses anyone may see; drafts stay with their author.
PUBLIC = tuple(s for s in ProposalStatus if s != ProposalStatus.DRAFT)

LANGUAGE_CHOICES = [(code, code) for code in LANGUAGE_CODES]


class Proposal(Moderated, TimeStamped):
    """A resident's idea for the town: a place on the map, a cost, a status."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="proposals"
    )
    number = models.PositiveIntegerField(_("number"))
    external_id = models.CharField(_("source id"), max_length=64, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="kk",
        blank=True,  # imported projects may be in a language Birge does not speak
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("category"),
    )
    # A point, a line or an area; imported projects may have no place.
    geometry = models.GeometryField(_("place"), srid=4326, null=True, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    cost_estimate = models.BigIntegerField(_("author's cost estimate, tenge"))
    cost = models.BigIntegerField(_("cost, tenge"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus,
        default=ProposalStatus.DRAFT,
    )
    decision_reason = models.TextField(_("reason given"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["campaign", "status"])]
        constraints = [
            *geometry_constraints("geometry"),
            models.UniqueConstraint(
                fields=["campaign", "number"], name="codesign_proposal_number"
            ),
            models.UniqueConstraint(
                fields=["campaign", "external_id"],
                condition=~Q(external_id=""),
                name="codesign_proposal_external_id",
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0) & Q(cost_estimate__gte=0),
                name="codesign_proposal_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="codesign_proposal_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
            # Residents' proposals always have a place; only imports may lack one.
            models.CheckConstraint(
                condition=Q(geometry__isnull=False) | Q(author__isnull=True),
                name="codesign_proposal_resident_has_place",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="codesign_proposal_status_known",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(revision__gte=1),
                name="codesign_proposal_number_and_revision_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "codesign:proposal",
            kwargs={
                "town": self.campaign.town.slug,
                "slug": self.campaign.slug,
                "number": self.number,
            },
        )

    @property
    def is_public(self) -> bool:
        return self.status != ProposalStatus.DRAFT


class ProposalVersion(models.Model):
    """A proposal as it was after one change: who changed what, and why."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions"
    )
    revision = models.PositiveIntegerField(_("revision"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("when"), auto_now_add=True)
    changed = models.JSONField(_("what changed"), default=list)
    title = models.CharField(_("title"), max_length=200)
    geometry = models.GeometryField(_("place"), srid=4326, null=True, blank=True)
    cost = models.BigIntegerField(_("cost, tenge"))
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus)
    reason = models.TextField(_("reason given"), blank=True)

    class Meta:
        ordering = ["proposal", "revision"]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        indexes = [models.Index(fields=["created"])]
        constraints = [
            *geometry_constraints("geometry"),
            models.UniqueConstraint(
                fields=["proposal", "revision"], name="codesign_version_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values) & Q(cost__gte=0),
                name="codesign_version_status_known_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} r{self.revision}"


def photo_path(photo: ProposalPhoto | ProgressNote, filename: str) -> str:
    """Photos go under the campaign; the name is ours, never the uploader's."""
    proposal = photo.proposal
    return (
        f"campaigns/{proposal.campaign_id}/{proposal.number}/"
        f"{photo.token}.jpg"  # re-encoded to JPEG on upload
    )


class ProposalPhoto(TimeStamped):
    """A picture of the place as it is, or of the idea."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="photos"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["proposal", "created"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class ProgressNote(TimeStamped):
    """How building a winning proposal is going, with an optional photo."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="progress_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.ImageField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)

    class Meta:
        ordering = ["proposal", "created"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:60]
