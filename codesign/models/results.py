"""A campaign's published result: one row per project on the ballot."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign
from .proposals import Proposal


class ResultEntry(models.Model):
    """How a project fared under the campaign's rule, and why."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="results"
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="result"
    )
    rank = models.PositiveIntegerField(_("rank by votes"))
    votes = models.PositiveIntegerField(_("votes"))
    score = models.PositiveIntegerField(_("points"))
    funded = models.BooleanField(_("funded"))
    funded_order = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=48)
    details = models.JSONField(default=dict)
    computed = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "rank"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.reason}"
