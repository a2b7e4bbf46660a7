"""Participatory budgeting: campaigns, proposals, expert review, ballots, results."""

from .ballots import Ballot, BallotChannel, BallotChoice, VoterRegistration, VotingCode
from .campaigns import BallotType, Campaign, Category, Criterion, Phase, Rule
from .concepts import (
    Concept,
    ConceptElement,
    ConceptVersion,
    DesignSession,
    PaletteEntry,
    Participation,
    SessionAnalysis,
)
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
    "Concept",
    "ConceptElement",
    "ConceptVersion",
    "CouncilMember",
    "Criterion",
    "DesignSession",
    "PaletteEntry",
    "Participation",
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
    "SessionAnalysis",
    "VoterRegistration",
    "VotingCode",
]
