"""The akimat builds the winners and writes progress notes as it goes."""

from __future__ import annotations

from codesign import services
from codesign.models import Campaign, Phase, Proposal, ProposalStatus

from .data import Round, fixture
from .people import Demo


def build(demo: Demo, campaign: Campaign, round_: Round) -> None:
    """The akimat builds the winners: all of them in a finished round."""
    progress = fixture().progress
    akimat = demo.akimat
    winners = campaign.proposals.filter(status=ProposalStatus.SELECTED).order_by(
        "result__funded_order"
    )
    for index, proposal in enumerate(winners.select_related("campaign")):
        stage = "built" if round_.phase == Phase.FINISHED else _stage(index)
        if stage == "waiting":
            _note(demo, proposal, progress["waiting"])
            continue
        proposal = services.proposal_start_work(proposal=proposal, user=akimat)
        _note(demo, proposal, progress["started"])
        if stage == "built":
            proposal = services.proposal_mark_built(proposal=proposal, user=akimat)
            _note(demo, proposal, progress["built"])


def _stage(index: int) -> str:
    # Those funded first were built first; the last ones still wait for a contractor.
    return ("built", "started", "started", "waiting")[index % 4]


def _note(demo: Demo, proposal: Proposal, text: str) -> None:
    services.progress_note_add(proposal=proposal, user=demo.akimat, text=text)
    demo.counts["progress_notes"] += 1
