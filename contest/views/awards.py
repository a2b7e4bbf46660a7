"""Printable diplomas and certificates: one drawing's, or all of a contest's."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import AwardKind


def _sheets(contest, awards) -> list[dict]:
    chair = selectors.jury_chair(contest)
    return [
        {
            "award": award,
            "drawing": selectors.public(award.drawing),
            "full_name": award.drawing.child_full_name,
            "wording": contest.diploma_text
            if award.kind == AwardKind.DIPLOMA
            else contest.certificate_text,
            "chair": chair,
        }
        for award in awards
    ]


@require_GET
def award(request: HttpRequest, town: str, slug: str, number: int) -> HttpResponse:
    """One drawing's diploma or certificate, for the organisers and the sender."""
    contest = selectors.contest_by_slug(town, slug)
    drawing = selectors.drawing_by_number(contest, number)
    if not request.user.has_perm("contest.see_private", drawing):
        raise Http404(_("There is no such page."))
    awards = list(selectors.awards_to_print(contest, number))
    if not awards:
        raise Http404(_("This drawing has no award yet."))
    for item in awards:
        item.drawing.contest = contest
    return render(
        request,
        "contest/awards_print.html",
        {"contest": contest, "town": contest.town, "sheets": _sheets(contest, awards)},
    )


@require_GET
def awards(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Every award of the contest, one A4 landscape page each, for the organisers."""
    contest = selectors.contest_by_slug(town, slug)
    if not request.user.has_perm("contest.organise", contest):
        raise Http404(_("There is no such page."))
    found = selectors.awards_to_print(contest)
    kind = request.GET.get("kind", "")
    if kind in AwardKind.values:
        found = found.filter(kind=kind)
    items = list(found)
    for item in items:
        item.drawing.contest = contest
    return render(
        request,
        "contest/awards_print.html",
        {
            "contest": contest,
            "town": contest.town,
            "sheets": _sheets(contest, items),
            "all": True,
            "kind": kind,
        },
    )
