"""Who may vote, and how they voted: one ballot per verified person per campaign."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.models import TimeStamped

from .campaigns import Campaign
from .proposals import Proposal


class VerificationMethod(models.TextChoices):
    IIN = "iin", _("IIN")
    CODE = "code", _("voting code")


class VoterRegistration(TimeStamped):
    """An account verified as a resident for a campaign.

    The person is known only by ``voter_key``: a keyed hash of their IIN or of the
    voting code they redeemed. The same key can vote once, on the web or on paper.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    voter_key = models.CharField(max_length=64)
    method = models.CharField(max_length=8, choices=VerificationMethod)

    class Meta:
        verbose_name = _("verified voter")
        verbose_name_plural = _("verified voters")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"], name="codesign_registration_user_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "voter_key"], name="codesign_registration_key_once"
            ),
            models.CheckConstraint(
                condition=Q(method__in=VerificationMethod.values),
                name="codesign_registration_method_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.campaign}"


class VotingCode(TimeStamped):
    """A one-time code handed out by the project centre; stored only as a hash.

    In a campaign that takes IINs, a code is issued to one person by their IIN
    and carries that IIN's ``voter_key``: whoever redeems it votes as that
    person, so the IIN and the code give one ballot between them, not two. Codes
    without a ``voter_key`` (printed in batches) are for campaigns that take no
    IINs; a trigger (codesign migration 0008) refuses them anywhere else.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="voting_codes"
    )
    code_hash = models.CharField(max_length=64)
    voter_key = models.CharField(max_length=64, null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code_hash"], name="codesign_voting_code_once"
            ),
            # A person holds one code at a time: a new one replaces the old.
            models.UniqueConstraint(
                fields=["campaign", "voter_key"],
                condition=Q(voter_key__isnull=False),
                name="codesign_voting_code_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_hash[:8]}…"


class BallotChannel(models.TextChoices):
    WEB = "web", _("on the web")
    PAPER = "paper", _("on paper")
    IMPORT = "import", _("imported")


class Ballot(TimeStamped):
    """A voter's ballot; replaced in place when they change it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="ballots"
    )
    voter_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=BallotChannel)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changes = models.PositiveIntegerField(_("times changed"), default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "voter_key"], name="codesign_one_ballot_per_voter"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=BallotChannel.values),
                name="codesign_ballot_channel_known",
            ),
        ]

    def __str__(self) -> str:
        return f"ballot {self.pk} in {self.campaign}"


class BallotChoice(models.Model):
    """One project on a ballot, with its points (1 on approval ballots)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="ballot_choices"
    )
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "proposal"], name="codesign_choice_once"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1), name="codesign_choice_points_positive"
            ),
        ]
