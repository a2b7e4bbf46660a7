"""Where an object belongs: its town, and the campaign or design session it is in.

Role grants are made per town, campaign or session (accounts.roles); a permission
check on a proposal, concept, community, drawing or site asks about the place the
object is in. This module answers that once, for every app, without importing
them: it follows the object's own foreign keys.
"""

from __future__ import annotations

from typing import Any, TypedDict

# Followed in this order when an object names no town itself: a proposal is in
# its campaign, a concept in its session, a drawing in its contest, a meeting
# place in its community, a design session on its site.
PARENTS = ("campaign", "session", "proposal", "concept", "contest", "community", "site")


class Scope(TypedDict, total=False):
    """The keyword arguments `accounts.roles.has_role` takes to name a place."""

    town: Any
    campaign: Any
    session: Any


def scope_of(obj: Any) -> Scope:
    """The town, campaign or session `obj` belongs to (empty: belongs nowhere)."""
    meta = getattr(obj, "_meta", None)
    if obj is None or meta is None:
        return {}
    if meta.label == "mapping.Town":
        return {"town": obj}
    if meta.label == "codesign.Campaign":
        return {"campaign": obj}
    if meta.label == "codesign.DesignSession":
        return {"session": obj}
    if getattr(obj, "town_id", None) is not None:
        return {"town": obj.town}
    for parent in PARENTS:
        if getattr(obj, f"{parent}_id", None) is not None:
            return scope_of(getattr(obj, parent))
    return {}


def town_of(obj: Any) -> Any:
    """The town `obj` is in, or None."""
    scope = scope_of(obj)
    if "town" in scope:
        return scope["town"]
    if "campaign" in scope:
        return scope["campaign"].town
    if "session" in scope:
        return scope["session"].site.town
    return None
