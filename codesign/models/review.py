"""The expert council: who sits on it and how each member scored a proposal."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.models import TimeStamped

from .campaigns import Campaign, Criterion
from .proposals import Proposal

MAX_SCORE = 5


class CouncilMember(TimeStamped):
    """A member of a campaign's expert council (akimat, enterprises, sponsor...)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="council"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="councils"
    )
    affiliation = models.CharField(_("represents"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"], name="codesign_council_member_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Review(TimeStamped):
    """One council member's scores and comment on one proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="reviews"
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="codesign_review_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.proposal}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="codesign_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=MAX_SCORE), name="codesign_score_range"
            ),
        ]
