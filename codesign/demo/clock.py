"""Dates the rows each step of a demo round adds inside that step's phase."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Model,
    OuterRef,
    Subquery,
)
from django.db.models import Value as V
from django.utils import timezone

from codesign.models import (
    Ballot,
    Campaign,
    ProgressNote,
    Proposal,
    ProposalVersion,
    ResultEntry,
    Review,
    VoterRegistration,
)


class Clock:
    """Dates rows as if each step happened in its own phase, not all today.

    The services stamp rows with the time they run; a visitor reading a 2025 round
    should see proposals from its proposals phase and ballots from its vote. Rows a
    step adds get times spread, in order, over the step's window (never the future).
    """

    STAMPED: tuple[tuple[type[Model], str], ...] = (
        (Proposal, "campaign"),
        (ProposalVersion, "proposal__campaign"),
        (Review, "proposal__campaign"),
        (VoterRegistration, "campaign"),
        (Ballot, "campaign"),
        (ProgressNote, "proposal__campaign"),
    )

    def __init__(self, schedule: dict[str, tuple]) -> None:
        voting_end = schedule["voting"][1]
        self.windows = {
            "submission": schedule["submission"],
            "review": schedule["review"],
            "voting": schedule["voting"],
            "counting": (voting_end + dt.timedelta(days=1),) * 2,
            "implementation": schedule["implementation"],
        }

    @contextmanager
    def step(self, campaign: Campaign, window: str) -> Iterator[None]:
        """Run one phase's actions, then date the rows they added in that phase."""
        marks = {
            model: model._default_manager.aggregate(n=Max("pk"))["n"] or 0
            for model, _lookup in self.STAMPED
        }
        yield
        self.stamp(campaign, window, marks)

    def span(self, window: str) -> tuple[dt.datetime, dt.datetime]:
        """The window's first and last moments, neither later than now."""
        first, last = self.windows[window]
        now = timezone.now()
        start = _moment(first, 9)
        end = _moment(last or first, 18)
        return min(start, now), min(end, now)

    def stamp(
        self, campaign: Campaign, window: str, marks: dict[type[Model], int]
    ) -> None:
        """Spread the times of the rows added since ``marks`` over the window."""
        start, end = self.span(window)
        for model, lookup in self.STAMPED:
            rows = model._default_manager.filter(
                pk__gt=marks[model], **{lookup: campaign}
            )
            bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
            if bounds["high"] is None:
                continue
            step = (end - start) / max(bounds["high"] - bounds["low"], 1)
            stamp = ExpressionWrapper(
                V(start)
                + ExpressionWrapper(
                    (F("pk") - bounds["low"]) * V(step), output_field=DurationField()
                ),
                output_field=DateTimeField(),
            )
            changes = {"created": stamp}
            if model is not ProposalVersion:
                changes["modified"] = stamp
            rows.update(**changes)
        Proposal.objects.filter(
            campaign=campaign, pk__gt=marks[Proposal], submitted_at__isnull=False
        ).update(submitted_at=F("created"))
        if window == "counting":
            ResultEntry.objects.filter(campaign=campaign).update(computed=start)

    def settle(self, campaign: Campaign) -> None:
        """Announced a fortnight before proposals opened; proposals as last changed."""
        announced = _moment(self.windows["submission"][0] - dt.timedelta(days=14), 10)
        Campaign.objects.filter(pk=campaign.pk).update(
            created=announced, modified=announced
        )
        last_change = ProposalVersion.objects.filter(proposal=OuterRef("pk"))
        campaign.proposals.update(
            modified=Subquery(last_change.order_by("-created").values("created")[:1])
        )


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
