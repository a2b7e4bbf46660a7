"""Roles as named predicates (django-rules), asked about any object's place.

Each predicate takes the object a person wants to act on (a town, campaign,
session, proposal, concept, community, concern, site, contest, drawing...) and
answers whether the person holds the role where that object is: a grant for its
town, for its campaign or session, or everywhere. Without an object only grants
for every town count. Administrators (the role, or superusers) hold every role.

Compose them in each app's rules.py: ``is_architect | is_akimat``.
"""

from __future__ import annotations

from typing import Any

import rules

from .places import scope_of
from .roles import Role, has_role


def _holds(role: Role) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        return has_role(user, role, **scope_of(obj))

    check.__doc__ = f"Whether the person holds the {role.value} role where obj is."
    return rules.predicate(check, name=f"is_{role.value}")


is_moderator = _holds(Role.MODERATOR)
is_architect = _holds(Role.ARCHITECT)
is_akimat = _holds(Role.AKIMAT)
is_ngo_mapper = _holds(Role.NGO_MAPPER)
is_council = _holds(Role.COUNCIL)
is_admin = _holds(Role.ADMIN)

# Granting and revoking roles where an object is (accounts.services.role_grant).
manages_roles = is_admin

rules.add_perm("accounts.manage_roles", manages_roles)
