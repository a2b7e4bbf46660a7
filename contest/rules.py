"""Who may do what in a contest, as named predicates (django-rules).

Jurors judge blind: they see drawings, titles and ages, never the child's full
name. The organisers (the jury's chair, and the akimat officials and administrators
of the contest's town) check drawings, grant awards and print them; the printed award carries the
full name it is made out to.
"""

from __future__ import annotations

from typing import Any

import rules

from accounts.rules import is_admin, is_akimat

from .models import Contest, Drawing, DrawingStatus, JuryMember


@rules.predicate
def is_juror(user: Any, contest: Contest | None) -> bool:
    """A member of this contest's jury."""
    if contest is None or not user.is_authenticated:
        return False
    return JuryMember.objects.filter(contest=contest, user_id=user.pk).exists()


@rules.predicate
def chairs_jury(user: Any, contest: Contest | None) -> bool:
    """The chair of this contest's jury."""
    if contest is None or not user.is_authenticated:
        return False
    return JuryMember.objects.filter(
        contest=contest, user_id=user.pk, is_chair=True
    ).exists()


@rules.predicate
def is_sender(user: Any, drawing: Drawing | None) -> bool:
    """The parent or guardian who sent the drawing."""
    return (
        drawing is not None
        and user.is_authenticated
        and drawing.submitted_by_id == user.pk
    )


@rules.predicate
def is_in_contest(user: Any, drawing: Drawing | None) -> bool:
    """Accepted drawings are public."""
    return drawing is not None and drawing.status == DrawingStatus.ACCEPTED


# The jury's chair, or an akimat official or administrator of the contest's town
# (the akimat runs the contest with the sponsor and prints the awards).
organises = chairs_jury | is_akimat | is_admin


@rules.predicate
def organises_contest_of(user: Any, drawing: Drawing | None) -> bool:
    """The organisers of the drawing's contest."""
    return drawing is not None and bool(organises.test(user, drawing.contest))


rules.add_perm("contest.judge", is_juror)
rules.add_perm("contest.see_ranking", is_juror | is_admin)
rules.add_perm("contest.organise", organises)
rules.add_perm("contest.see_drawing", is_in_contest | is_sender | organises_contest_of)
rules.add_perm("contest.see_private", is_sender | organises_contest_of)
rules.add_perm("contest.withdraw", is_sender | organises_contest_of)
