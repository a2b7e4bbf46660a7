"""Reads about accounts: the roles a person holds, as their profile lists them,
and their e-mail addresses."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from .models import RoleGrant, User
from .roles import Role


@dataclass(frozen=True)
class HeldRole:
    """One role of a person and where it applies, in words."""

    role: str
    place: str


def _where(grant: RoleGrant) -> str:
    if grant.campaign is not None:
        return f"{grant.campaign.town} · {grant.campaign}"
    if grant.session is not None:
        return f"{grant.session.site.town} · {grant.session}"
    return str(grant.town) if grant.town is not None else _("every town")


def roles_of(user: User) -> list[HeldRole]:
    """Every role `user` holds: grants, expert council seats, communities mapped."""
    held = [HeldRole(str(Role.RESIDENT.label), _("every town"))]
    if user.is_superuser:
        held.append(HeldRole(str(Role.ADMIN.label), _("every town")))
    grants = user.role_grants.select_related(
        "town", "campaign__town", "session__site__town"
    ).order_by("role", "pk")
    for grant in grants:
        held.append(HeldRole(grant.get_role_display(), _where(grant)))
    # Council seats and community mapping predate role grants and stay in their
    # own tables (they carry an affiliation, reviews, a community).
    for seat in user.councils.select_related("campaign__town").order_by("pk"):  # type: ignore[attr-defined]
        held.append(
            HeldRole(str(Role.COUNCIL.label), f"{seat.campaign.town} · {seat.campaign}")
        )
    mapped = user.community_memberships.filter(  # type: ignore[attr-defined]
        role="mapper"
    ).select_related("community__town")
    for membership in mapped.order_by("pk"):
        community = membership.community
        held.append(
            HeldRole(str(Role.NGO_MAPPER.label), f"{community.town} · {community}")
        )
    return held


def email_addresses(user: User) -> tuple[EmailAddress | None, EmailAddress | None]:
    """The person's current address (confirmed or not) and the one they are
    changing to, if any (``services.email_change_request``)."""
    addresses = list(EmailAddress.objects.filter(user=user).order_by("pk"))
    current = next((a for a in addresses if a.primary), None)
    if current is None:
        current = next((a for a in addresses if a.verified), None)
    pending = [a for a in addresses if not a.verified and a is not current]
    return current, pending[-1] if pending else None
