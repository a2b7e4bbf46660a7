"""Template filters for budgeting pages: money and the phase timeline."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..models import Campaign, Phase
from ..money import tenge as _tenge

register = template.Library()

STEPS = (Phase.SUBMISSION, Phase.REVIEW, Phase.VOTING, Phase.IMPLEMENTATION)


@register.filter
def tenge(amount: int | None, currency: str = "KZT") -> str:
    return "" if amount is None else _tenge(int(amount), currency or "KZT")


@register.filter
def phase_steps(campaign: Campaign) -> list[dict[str, Any]]:
    """The four phases with their dates, marking the current and past ones."""
    today = timezone.localdate()
    current = campaign.phase_on(today)
    steps = []
    for phase in STEPS:
        start, end = campaign.window(phase)
        steps.append(
            {
                "name": phase.label,
                "start": start,
                "end": end,
                "current": current == phase
                or (phase == Phase.VOTING and current == Phase.COUNTING),
                "past": end is not None and end < today,
            }
        )
    return steps


@register.filter
def points_of(choices: dict[int, int], proposal_id: int) -> int:
    return choices.get(proposal_id, 0)
