"""Each project's result in one plain sentence, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import Campaign, ResultEntry
from .money import tenge


def sentence(entry: ResultEntry, campaign: Campaign) -> str:
    """Why a project was or was not funded, e.g. "Not funded: the budget ran out"."""
    d: dict[str, Any] = entry.details or {}
    reason = entry.reason
    if reason == "funded" and entry.funded_order:
        return _("Funded (chosen #%(order)d).") % {"order": entry.funded_order}
    if reason == "funded":
        return _("Funded.")
    if reason == "funded_in_completion":
        return _("Funded when the remaining money was shared out after the main count.")
    if reason == "not_funded_budget_exhausted":
        return _(
            "Not funded: only %(left)s was left after the projects above it, "
            "and it costs %(cost)s."
        ) % {
            "left": tenge(int(d.get("remaining_budget", 0)), campaign.currency),
            "cost": tenge(entry.proposal.cost, campaign.currency),
        }
    if reason == "not_funded_too_expensive_for_supporters":
        return _(
            "Not funded: its supporters' equal shares of the budget were not "
            "enough to pay for it."
        )
    if reason == "not_funded_below_threshold":
        return _("Not funded: it did not reach the minimum number of votes.")
    if reason == "not_funded_no_votes":
        return _("Not funded: no one voted for it.")
    if reason == "not_funded_over_cap":
        return _("Not funded: it costs more than the %(cap)s one project may cost.") % {
            "cap": tenge(campaign.cap, campaign.currency)
        }
    return _("Not funded.")


def explain_all(campaign: Campaign, entries: list[ResultEntry]) -> list[dict[str, Any]]:
    """Rows for the results table and chart: numbers, widths and sentences."""
    top = max((e.score for e in entries), default=0) or 1
    spent = 0
    rows = []
    for entry in entries:
        if entry.funded:
            spent += entry.proposal.cost
        rows.append(
            {
                "entry": entry,
                "proposal": entry.proposal,
                "sentence": sentence(entry, campaign),
                "bar": round(100 * entry.score / top, 1),
                "cost_share": round(100 * entry.proposal.cost / campaign.budget, 1),
            }
        )
    return rows
