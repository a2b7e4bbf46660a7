"""What of a concern the public may see, and who sees it exactly.

The rule: a concern raised by a private person is shown to the public only as the
centre of its cell in a grid of ``PUBLIC_GRID_M`` metres (in the town's UTM zone).
The database computes that point (``Concern.public_point``, migration 0002); every
public map, analysis, tile and export reads ``public_point`` and never ``location``.
The exact place, the reporter's name and contact stay with the NGO that carries the
concern (its mappers) and with those who oversee the town's concerns: its moderators
and akimat officials (roles granted per town, accounts.roles).
"""

from __future__ import annotations

import math

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from accounts.roles import Role, has_role

from .models import Community, MemberRole

PUBLIC_GRID_M = 100  # must match the trigger in migrations/0002

Viewer = AbstractBaseUser | AnonymousUser


def grid_cell_centre(
    x: float, y: float, grid: float = PUBLIC_GRID_M
) -> tuple[float, float]:
    """The centre of the grid cell holding a UTM point (the trigger's rule, in Python)."""
    return (
        (math.floor(x / grid) + 0.5) * grid,
        (math.floor(y / grid) + 0.5) * grid,
    )


def mapped_communities(viewer: Viewer, town_id: int) -> list[int]:
    """The communities of a town whose concerns this person records and sees exactly."""
    if not viewer.is_authenticated:
        return []
    queryset = Community.objects.filter(town_id=town_id)
    if not sees_everything(viewer, town_id):
        queryset = queryset.filter(
            members__user_id=viewer.pk, members__role=MemberRole.MAPPER
        )
    return list(queryset.values_list("pk", flat=True))


def sees_everything(viewer: Viewer, town_id: int) -> bool:
    """The town's moderators and akimat officials see every concern exactly."""
    return has_role(viewer, Role.MODERATOR, town=town_id) or has_role(
        viewer, Role.AKIMAT, town=town_id
    )


def exact_scope(viewer: Viewer, town_id: int) -> Q:
    """The concerns this person may see at their exact place, with the reporter."""
    if sees_everything(viewer, town_id):
        return Q(town_id=town_id)
    communities = mapped_communities(viewer, town_id)
    if not communities:
        return Q(pk__in=[])
    return Q(community_id__in=communities)


def maps_in_town(viewer: Viewer, town_id: int) -> bool:
    """Whether this person maps in the town: an NGO mapper, or one who oversees it.

    An NGO mapper by role may start communities here; what they see exactly is
    still only the concerns of the communities they map.
    """
    return (
        sees_everything(viewer, town_id)
        or has_role(viewer, Role.NGO_MAPPER, town=town_id)
        or bool(mapped_communities(viewer, town_id))
    )
