"""Who may do what on the community map, as named predicates (django-rules)."""

from __future__ import annotations

import rules

from accounts.rules import is_akimat, is_moderator

from .models import Community, Concern, MemberRole


@rules.predicate
def maps_community(user: object, community: Community | None) -> bool:
    """A mapper of this community (an NGO's member who records its concerns)."""
    if community is None or not getattr(user, "is_authenticated", False):
        return False
    return community.members.filter(user_id=user.pk, role=MemberRole.MAPPER).exists()  # type: ignore[attr-defined]


@rules.predicate
def carries_concern(user: object, concern: Concern | None) -> bool:
    """A mapper of the community that carries this concern."""
    return concern is not None and maps_community(user, concern.community)


# The town's moderators and akimat officials look after all its communities and
# concerns (privacy.sees_everything says the same for lists and maps).
oversees = is_moderator | is_akimat

edits_community = oversees | maps_community
handles_concern = oversees | carries_concern

rules.add_perm("community_map.change_community", edits_community)
rules.add_perm("community_map.record_concern", edits_community)
rules.add_perm("community_map.import_concerns", edits_community)
rules.add_perm("community_map.change_concern", handles_concern)
rules.add_perm("community_map.view_exact_concern", handles_concern)
