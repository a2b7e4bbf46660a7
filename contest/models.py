"""A children's drawing contest: its drawings, its jury, their scores and awards."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.db import geometry_constraints
from mapping.languages import LANGUAGE_CODES
from mapping.models import Site, TimeStamped, Town
from moderation.models import Moderated

SCORE_MIN, SCORE_MAX = 1, 10
# The youngest and oldest child any contest may take; a contest narrows the range.
AGE_MIN, AGE_MAX = 3, 17

LANGUAGE_CHOICES = [(code, code) for code in LANGUAGE_CODES]


class Stage(models.TextChoices):
    """Where a contest stands on a given day."""

    ANNOUNCED = "announced", _("announced")
    SUBMISSION = "submission", _("accepting drawings")
    WAITING = "waiting", _("drawings closed, the jury starts soon")
    JUDGING = "judging", _("the jury is judging")
    RESULTS = "results", _("results announced")


class Contest(TimeStamped):
    """A drawing contest for a town's children, such as Aksu's 2023 contest."""

    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="contests", verbose_name=_("town")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contests",
        verbose_name=_("site the contest is about"),
    )
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(
        _("organiser"),
        max_length=200,
        blank=True,
        help_text=_("Printed on the diplomas and certificates."),
    )
    diploma_text = models.TextField(
        _("wording of a diploma"),
        blank=True,
        help_text=_("Printed under the child's name on a diploma."),
    )
    certificate_text = models.TextField(
        _("wording of a certificate"),
        blank=True,
        help_text=_("Printed under the child's name on a certificate."),
    )
    submission_start = models.DateField(_("drawings accepted from"))
    submission_end = models.DateField(_("drawings accepted until"))
    judging_start = models.DateField(_("the jury judges from"))
    judging_end = models.DateField(_("the jury judges until"))
    min_age = models.PositiveSmallIntegerField(_("youngest age"), default=AGE_MIN)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=AGE_MAX)

    class Meta:
        ordering = ["town", "-submission_start"]
        verbose_name = _("drawing contest")
        verbose_name_plural = _("drawing contests")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "slug"], name="contest_contest_slug_per_town"
            ),
            models.CheckConstraint(
                condition=Q(submission_start__lte=F("submission_end"))
                & Q(submission_end__lt=F("judging_start"))
                & Q(judging_start__lte=F("judging_end")),
                name="contest_contest_dates_in_order",
                violation_error_message=_(
                    "Drawings are accepted first; the jury judges after that."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_age__gte=AGE_MIN)
                & Q(min_age__lte=F("max_age"))
                & Q(max_age__lte=AGE_MAX),
                name="contest_contest_ages",
                # Said in words, not formatted: the message is translated lazily.
                violation_error_message=_(
                    "The ages must lie between 3 and 17, youngest first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "contest:gallery", kwargs={"town": self.town.slug, "slug": self.slug}
        )

    def stage_on(self, day: dt.date | None = None) -> Stage:
        """The stage on a day (today in the project's time zone by default)."""
        day = day or timezone.localdate()
        if day < self.submission_start:
            return Stage.ANNOUNCED
        if day <= self.submission_end:
            return Stage.SUBMISSION
        if day < self.judging_start:
            return Stage.WAITING
        if day <= self.judging_end:
            return Stage.JUDGING
        return Stage.RESULTS

    @property
    def stage(self) -> Stage:
        return self.stage_on()


class DrawingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the organisers' check")
    ACCEPTED = "accepted", _("in the contest")
    WITHDRAWN = "withdrawn", _("withdrawn")


def drawing_path(drawing: Drawing, filename: str) -> str:
    """Files go under the contest; the name is ours (a token), never the uploader's."""
    size = PurePosixPath(filename).stem  # "full" or "thumb"
    return f"contests/{drawing.contest_id}/{drawing.token}-{size}.jpg"


class Drawing(Moderated, TimeStamped):
    """A child's drawing sent by a parent or guardian.

    Public: the title, the child's first name and age, the picture and the place.
    Private (the organisers and the sender only): the child's full name, which the
    diploma is made out to, and how to reach the guardian.
    """

    Status = DrawingStatus

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="drawings"
    )
    number = models.PositiveIntegerField(_("number"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_drawings",
        verbose_name=_("sent by"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what the child drew"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=LANGUAGE_CHOICES, default="kk"
    )
    child_first_name = models.CharField(_("child's first name"), max_length=60)
    child_age = models.PositiveSmallIntegerField(_("child's age"))
    child_full_name = models.CharField(_("child's full name"), max_length=160)
    guardian_contact = models.CharField(
        _("parent's or guardian's phone or e-mail"), max_length=120
    )
    consented_at = models.DateTimeField(_("publication agreed"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.ImageField(
        _("drawing"), upload_to=drawing_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    thumbnail = models.ImageField(
        _("small picture"),
        upload_to=drawing_path,
        width_field="thumb_width",
        height_field="thumb_height",
    )
    thumb_width = models.PositiveIntegerField(editable=False, default=0)
    thumb_height = models.PositiveIntegerField(editable=False, default=0)
    place = models.PointField(_("place"), srid=4326, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DrawingStatus,
        default=DrawingStatus.SUBMITTED,
    )

    class Meta:
        ordering = ["contest", "number"]
        verbose_name = _("drawing")
        verbose_name_plural = _("drawings")
        indexes = [models.Index(fields=["contest", "status"])]
        constraints = [
            *geometry_constraints("place"),
            models.UniqueConstraint(
                fields=["contest", "number"], name="contest_drawing_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="contest_drawing_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(child_age__gte=AGE_MIN) & Q(child_age__lte=AGE_MAX),
                name="contest_drawing_child_age",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DrawingStatus.values),
                name="contest_drawing_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(title="")
                & ~Q(child_first_name="")
                & ~Q(child_full_name="")
                & ~Q(guardian_contact=""),
                name="contest_drawing_names_given",
            ),
        ]

    def __str__(self) -> str:
        return f"№{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "contest:drawing",
            kwargs={
                "town": self.contest.town.slug,
                "slug": self.contest.slug,
                "number": self.number,
            },
        )


class JuryMember(TimeStamped):
    """A member of a contest's jury; one of them may chair it."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contest_juries",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("who they are"),
        max_length=200,
        blank=True,
        help_text=_("For example: art teacher, children's art school."),
    )
    is_chair = models.BooleanField(_("chairs the jury"), default=False)

    class Meta:
        ordering = ["contest", "-is_chair", "created"]
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user"], name="contest_jury_member_once"
            ),
            models.UniqueConstraint(
                fields=["contest"],
                condition=Q(is_chair=True),
                name="contest_jury_one_chair",
                violation_error_message=_("A jury has one chair."),
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class JuryScore(TimeStamped):
    """One juror's score of one drawing, from SCORE_MIN to SCORE_MAX."""

    drawing = models.ForeignKey(
        Drawing, on_delete=models.CASCADE, related_name="scores"
    )
    # A juror who has scored stays on the jury: their scores count in the ranking.
    juror = models.ForeignKey(
        JuryMember, on_delete=models.RESTRICT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["drawing", "juror"]
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        constraints = [
            models.UniqueConstraint(
                fields=["drawing", "juror"], name="contest_score_once_per_juror"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="contest_score_range",
                violation_error_message=_("A score is a whole number from 1 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror}: {self.score} ({self.drawing})"


class AwardKind(models.TextChoices):
    DIPLOMA = "diploma", _("laureate's diploma")
    CERTIFICATE = "certificate", _("participant's certificate")


class Award(TimeStamped):
    """A diploma or certificate for a drawing, with its serial number."""

    Kind = AwardKind

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="awards"
    )
    drawing = models.OneToOneField(
        Drawing, on_delete=models.CASCADE, related_name="award"
    )
    kind = models.CharField(_("award"), max_length=12, choices=AwardKind)
    number = models.PositiveIntegerField(_("serial number"))
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["contest", "number"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"], name="contest_award_serial_per_contest"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="contest_award_serial_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AwardKind.values), name="contest_award_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} №{self.serial}"

    @property
    def serial(self) -> str:
        return f"{self.number:03d}"
