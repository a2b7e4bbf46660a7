"""Who still sees hidden content: its author (or those who answer for it) and
the moderators of its town. Everyone else gets a 404, as if it never existed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import Http404
from django.utils.translation import gettext as _

from .kinds import kind_of
from .rules import moderates

T = TypeVar("T")


def may_see_hidden(user: Any, obj: Any) -> bool:
    """The author (or its editors, or a drawing's organisers), or a moderator."""
    return kind_of(obj).is_author(user, obj) or bool(moderates(user, obj))


def visible_to(user: Any, obj: T) -> T:
    """``obj`` if ``user`` may see it; Http404 when it is hidden from them."""
    if getattr(obj, "is_hidden", False) and not may_see_hidden(user, obj):
        raise Http404(_("There is no such page."))
    return obj
