"""Who may do what on the community map, as named predicates (django-rules)."""

from __future__ import annotations

import rules

from .models import Community, Concern, MemberRole
from .privacy import sees_everything


@rules.predicate
def maps_community(user: object, community: Community | None) -> bool:
    """A mapper of this community (an NGO's member who records its concerns)."""
    if community is None or not getattr(user, "is_authenticated", False):
        return False
    return community.members.filter(user_id=user.pk, role=MemberRole.MAPPER).exists()  # type: ignore[attr-defined]


@rules.predicate
def is_staff(user: object) -> bool:
    return sees_everything(user)  # type: ignore[arg-type]


@rules.predicate
def carries_concern(user: object, concern: Concern | None) -> bool:
    """A mapper of the community that carries this concern."""
    return concern is not None and maps_community(user, concern.community)


edits_community = is_staff | maps_community
handles_concern = is_staff | carries_concern

rules.add_perm("community_map.change_community", edits_community)
rules.add_perm("community_map.record_concern", edits_community)
rules.add_perm("community_map.import_concerns", edits_community)
rules.add_perm("community_map.change_concern", handles_concern)
rules.add_perm("community_map.view_exact_concern", handles_concern)
