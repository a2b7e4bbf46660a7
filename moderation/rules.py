"""Who moderates what, as named predicates (django-rules).

A moderator grant for a town covers that town's content; a grant with no town
(and admins) covers every town. Bans and the audit log reach across towns, so
they are for moderators of every town and admins only.
"""

from __future__ import annotations

from typing import Any

import rules

from accounts.models import RoleGrant
from accounts.roles import Role, has_role
from mapping.models import Town

from .kinds import kind_of


def moderates_town(user: Any, town: Town | int | None) -> bool:
    """Whether ``user`` moderates in this town (a town or its id)."""
    if town is None:
        return False
    if isinstance(town, int):
        town = Town(pk=town)  # has_role only compares the key
    return has_role(user, Role.MODERATOR, town=town)


@rules.predicate
def moderates(user: Any, obj: Any) -> bool:
    """A moderator of the town the content belongs to."""
    if obj is None:
        return False
    return moderates_town(user, kind_of(obj).town_id(obj))


@rules.predicate
def moderates_somewhere(user: Any) -> bool:
    """Holds a moderator grant in some town (or everywhere), or is an admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.role_grants.filter(role__in=[Role.MODERATOR, Role.ADMIN]).exists()
    )


@rules.predicate
def moderates_everywhere(user: Any) -> bool:
    """A moderator of every town, or an admin."""
    return has_role(user, Role.MODERATOR)


def towns_moderated(user: Any) -> list[int] | None:
    """The ids of the towns ``user`` moderates; None means every town."""
    if moderates_everywhere(user):
        return None
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        RoleGrant.objects.filter(
            user=user,
            role__in=[Role.MODERATOR, Role.ADMIN],
            town__isnull=False,
            campaign__isnull=True,
            session__isnull=True,
        ).values_list("town_id", flat=True)
    )


rules.add_perm("moderation.moderate", moderates)
rules.add_perm("moderation.see_queue", moderates_somewhere)
rules.add_perm("moderation.see_audit", moderates_everywhere)
rules.add_perm("moderation.ban", moderates_everywhere)
