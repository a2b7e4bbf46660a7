"""A participatory-budgeting campaign: its phases, money, ballot and rule."""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import TimeStamped, Town


class Phase(models.TextChoices):
    """Where a campaign stands on a given day."""

    ANNOUNCED = "announced", _("announced")
    SUBMISSION = "submission", _("collecting proposals")
    REVIEW = "review", _("expert review")
    VOTING = "voting", _("voting")
    COUNTING = "counting", _("results")
    IMPLEMENTATION = "implementation", _("implementation")
    FINISHED = "finished", _("finished")


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("approval: tick up to a number of projects")
    KNAPSACK = "knapsack", _("knapsack: choose projects within the budget")
    CUMULATIVE = "cumulative", _("cumulative: share out points")


class Rule(models.TextChoices):
    """Allocation rules, stored under their Pabulib names (codesign.allocation)."""

    GREEDY = "greedy", _("most votes first, within the budget")
    EQUAL_SHARES = "equalshares/add1", _("Method of Equal Shares with completion")
    EQUAL_SHARES_COMPARISON = (
        "equalshares/add1-comparison",
        _("Method of Equal Shares with completion, compared with most votes first"),
    )


class Campaign(TimeStamped):
    """One round of participatory budgeting in a town (e.g. Tugan Qala, Aksu 2022)."""

    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("town")
    )
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    submission_start = models.DateField(_("proposals accepted from"))
    submission_end = models.DateField(_("proposals accepted until"))
    review_start = models.DateField(_("expert review from"))
    review_end = models.DateField(_("expert review until"))
    voting_start = models.DateField(_("voting from"))
    voting_end = models.DateField(_("voting until"))
    implementation_start = models.DateField(_("implementation from"))
    implementation_end = models.DateField(
        _("implementation until"), null=True, blank=True
    )
    budget = models.BigIntegerField(_("budget, tenge"))
    cap = models.BigIntegerField(_("most one proposal may cost, tenge"))
    ballot_type = models.CharField(
        _("ballot"), max_length=16, choices=BallotType, default=BallotType.APPROVAL
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects on one ballot"), null=True, blank=True
    )
    max_points = models.PositiveSmallIntegerField(
        _("points each voter shares out"), null=True, blank=True
    )
    rule = models.CharField(
        _("allocation rule"), max_length=40, choices=Rule, default=Rule.GREEDY
    )
    vote_threshold = models.PositiveIntegerField(
        _("fewest votes (or points) a project needs to be funded"), default=0
    )
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    accepts_iin = models.BooleanField(_("voters verify with their IIN"), default=True)
    accepts_codes = models.BooleanField(
        _("voters verify with a one-time code"), default=True
    )
    external_id = models.CharField(
        _("source id"), max_length=200, blank=True, editable=False
    )

    class Meta:
        ordering = ["town", "-voting_start"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "slug"], name="codesign_campaign_slug_per_town"
            ),
            models.CheckConstraint(
                condition=Q(budget__gt=0) & Q(cap__gt=0) & Q(cap__lte=F("budget")),
                name="codesign_campaign_cap_within_budget",
                violation_error_message=_(
                    "The per-proposal cap must be positive and no more than the budget."
                ),
            ),
            models.CheckConstraint(
                condition=Q(submission_start__lte=F("submission_end"))
                & Q(submission_end__lt=F("review_start"))
                & Q(review_start__lte=F("review_end"))
                & Q(review_end__lt=F("voting_start"))
                & Q(voting_start__lte=F("voting_end"))
                & Q(voting_end__lt=F("implementation_start"))
                & (
                    Q(implementation_end__isnull=True)
                    | Q(implementation_end__gte=F("implementation_start"))
                ),
                name="codesign_campaign_phases_in_order",
                violation_error_message=_(
                    "Phases must follow each other: proposals, expert review, "
                    "voting, implementation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(ballot_type="approval")
                | Q(max_choices__isnull=False, max_choices__gte=1),
                name="codesign_campaign_approval_has_max",
                violation_error_message=_(
                    "An approval ballot needs the most projects a voter may tick."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(ballot_type="cumulative")
                | Q(max_points__isnull=False, max_points__gte=1),
                name="codesign_campaign_cumulative_has_points",
                violation_error_message=_(
                    "A cumulative ballot needs the number of points each voter has."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accepts_iin=True) | Q(accepts_codes=True),
                name="codesign_campaign_some_verification",
            ),
            models.CheckConstraint(
                condition=Q(ballot_type__in=BallotType.values),
                name="codesign_campaign_ballot_type_known",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=Rule.values), name="codesign_campaign_rule_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "codesign:campaign", kwargs={"town": self.town.slug, "slug": self.slug}
        )

    def phase_on(self, day: dt.date | None = None) -> Phase:
        """The phase on a day (today in the project's time zone by default)."""
        day = day or timezone.localdate()
        if day < self.submission_start:
            return Phase.ANNOUNCED
        if self.implementation_end and day > self.implementation_end:
            return Phase.FINISHED
        for phase, start in (
            (Phase.IMPLEMENTATION, self.implementation_start),
            (Phase.COUNTING, self.voting_end + dt.timedelta(days=1)),
            (Phase.VOTING, self.voting_start),
            (Phase.REVIEW, self.review_start),
        ):
            if day >= start:
                return phase
        return Phase.SUBMISSION

    @property
    def phase(self) -> Phase:
        return self.phase_on()

    def window(self, phase: Phase) -> tuple[dt.date, dt.date | None]:
        """The first and last day of a phase (None: open-ended)."""
        return {
            Phase.SUBMISSION: (self.submission_start, self.submission_end),
            Phase.REVIEW: (self.review_start, self.review_end),
            Phase.VOTING: (self.voting_start, self.voting_end),
            Phase.IMPLEMENTATION: (self.implementation_start, self.implementation_end),
        }[phase]


class Category(models.Model):
    """A kind of proposal a campaign funds (playgrounds, sport, lighting...)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="categories"
    )
    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "slug"], name="codesign_category_slug_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """What the expert council scores a proposal on, 0 to 5 points."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["campaign", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="codesign_criterion_weight_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name
