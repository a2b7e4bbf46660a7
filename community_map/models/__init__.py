"""Communities, the places they meet, and the concerns residents raise."""

from .communities import (
    Community,
    CommunityKind,
    CommunityLink,
    CommunityMember,
    LinkKind,
    MeetingPlace,
    MemberRole,
    PlaceKind,
    Topic,
)
from .concerns import Concern, ConcernCategory, ConcernSource, ConcernStatus
from .imports import ConcernImport, ConcernImportRow, ImportState

__all__ = [
    "Community",
    "CommunityKind",
    "CommunityLink",
    "CommunityMember",
    "Concern",
    "ConcernCategory",
    "ConcernImport",
    "ConcernImportRow",
    "ConcernSource",
    "ConcernStatus",
    "ImportState",
    "LinkKind",
    "MeetingPlace",
    "MemberRole",
    "PlaceKind",
    "Topic",
]
