"""Participatory budgeting: campaigns, proposals, expert review, ballots, results."""

from .ballots import Ballot, BallotChannel, BallotChoice, VoterRegistration, VotingCode
from .campaigns import BallotType, Campaign, Category, Criterion, Phase, Rule
from .proposals import (
    ProgressNote,
    Proposal,
    ProposalPhoto,
    ProposalStatus,
    ProposalVersion,
)
from .results import ResultEntry
from .review import CouncilMember, Review, ReviewScore

__all__ = [
    "Ballot",
    "BallotChannel",
    "BallotChoice",
    "BallotType",
    "Campaign",
    "Category",
    "CouncilMember",
    "Criterion",
    "Phase",
    "ProgressNote",
    "Proposal",
    "ProposalPhoto",
    "ProposalStatus",
    "ProposalVersion",
    "ResultEntry",
    "Review",
    "ReviewScore",
    "Rule",
    "VoterRegistration",
    "VotingCode",
]
