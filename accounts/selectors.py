"""Reads about accounts: the roles a person holds, as their profile lists them,
and their e-mail addresses."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
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


def pending_email_addresses(user: User) -> QuerySet[EmailAddress]:
    """Addresses the person asked to change to and has not confirmed: never
    their current (primary) one, confirmed or not."""
    return EmailAddress.objects.filter(user=user, verified=False, primary=False)


def email_addresses(user: User) -> tuple[EmailAddress | None, EmailAddress | None]:
    """The person's current address (the primary one, confirmed or not; else a
    confirmed one) and the one they are changing to, if any."""
    current = (
        EmailAddress.objects.filter(Q(primary=True) | Q(verified=True), user=user)
        .order_by("-primary", "pk")
        .first()
    )
    return current, pending_email_addresses(user).order_by("pk").last()
