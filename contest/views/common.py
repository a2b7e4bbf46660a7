"""What every contest page needs: the contest, who is looking, refusals shown."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from codesign.views.common import person, refused

from .. import selectors
from ..models import Contest

__all__ = ["contest_context", "person", "refused"]


def contest_context(request: HttpRequest, contest: Contest, **extra: Any) -> dict:
    """The header's needs: the contest, its stage and what this person may open."""
    user = request.user
    return {
        "contest": contest,
        "town": contest.town,
        "stage": contest.stage,
        "is_juror": selectors.jury_member(contest, user) is not None,
        "sees_ranking": user.has_perm("contest.see_ranking", contest),
        "organises": user.has_perm("contest.organise", contest),
        "award_counts": selectors.award_counts(contest),
        **extra,
    }
