"""Map configuration for budgeting pages: the town's map plus proposal layers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mapping.mapconfig import town_map_config
from mapping.models import Town

from .models import ProposalStatus


def map_config(
    town: Town,
    *,
    layers: dict[str, str] | None = None,
    statuses: list[str] | None = None,
    draw: bool = False,
    cap: int | None = None,
    history: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The town map's JSON with the proposal layer, drawing or history added."""
    config = town_map_config(town)
    config["layers"] = layers or {}
    config["statuses"] = statuses
    config["draw"] = draw
    config["history"] = history or []
    config["status_colours"] = {
        ProposalStatus.SUBMITTED: "#4e79a7",
        ProposalStatus.IN_REVIEW: "#4e79a7",
        ProposalStatus.CHANGES_REQUESTED: "#edc948",
        ProposalStatus.ACCEPTED: "#59a14f",
        ProposalStatus.REJECTED: "#9c9c9c",
        ProposalStatus.ON_BALLOT: "#f28e2b",
        ProposalStatus.SELECTED: "#2e7d32",
        ProposalStatus.NOT_SELECTED: "#9c9c9c",
        ProposalStatus.IN_PROGRESS: "#b07aa1",
        ProposalStatus.BUILT: "#1b5e20",
        ProposalStatus.DRAFT: "#76b7b2",
    }
    config["labels"].update(
        {
            "proposal": _("Proposal"),
            "cost": _("Cost"),
            "tenge": _("₸"),
            "category": _("Category"),
            "open": _("Open the proposal"),
            "drawn_point": _("A point is placed."),
            "drawn_line": _("A line of %(m)s m is drawn."),
            "drawn_area": _("An area of %(ha)s ha is drawn."),
            "nothing_drawn": _("Nothing drawn yet."),
            "map_failed": _(
                "The map could not be shown in this browser. The list on this "
                "page holds the same proposals."
            ),
            "before": _("Before"),
            "after": _("Now"),
        }
    )
    return config
