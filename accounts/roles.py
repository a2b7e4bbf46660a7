"""Roles per town, campaign or design session, and the one question about them.

A grant with no town applies in every town; a grant for a campaign or a session
applies there only. Residents need no grant: every account is a resident.
Expert council seats stay `codesign.CouncilMember` (they carry an affiliation and
reviews); `has_role(..., Role.COUNCIL, campaign=c)` answers from them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    COUNCIL = "council", _("expert council member")
    MODERATOR = "moderator", _("moderator")
    ARCHITECT = "architect", _("architect")
    NGO_MAPPER = "ngo_mapper", _("NGO mapper")
    AKIMAT = "akimat", _("akimat official")
    ADMIN = "admin", _("administrator")


def has_role(
    user: User | Any,
    role: str,
    *,
    town: Any = None,
    campaign: Any = None,
    session: Any = None,
) -> bool:
    """Whether `user` holds `role` where the object (town, campaign, session) is.

    A grant everywhere (no town) or for the object's town counts; so does a grant
    for that very campaign or session. Admins (the role, or superusers) hold
    every role everywhere.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if role == Role.RESIDENT or user.is_superuser:
        return True
    if campaign is not None and town is None:
        town = campaign.town
    if session is not None and town is None:
        town = session.site.town
    if (
        role == Role.COUNCIL
        and campaign is not None
        and campaign.council.filter(user_id=user.pk).exists()
    ):
        return True
    place = Q(town__isnull=True, campaign__isnull=True, session__isnull=True)
    if town is not None:
        place |= Q(town=town, campaign__isnull=True, session__isnull=True)
    if campaign is not None:
        place |= Q(campaign=campaign)
    if session is not None:
        place |= Q(session=session)
    return user.role_grants.filter(place, role__in=[role, Role.ADMIN]).exists()
