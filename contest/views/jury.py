"""The jury's pages: scoring sheet, ranking, checking drawings, granting awards.

Anyone not on the jury (nor staff, for the ranking) gets 404: these pages do
not exist for them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from codesign.errors import ActionRefused

from .. import selectors, services
from ..forms import AwardsForm, ScoreForm
from ..models import SCORE_MAX, SCORE_MIN, Stage
from .common import contest_context, person, refused


def _no_page() -> Http404:
    return Http404(_("There is no such page."))


@require_http_methods(["GET", "POST"])
def jury(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A juror's sheet: every drawing in the contest with their score and comment."""
    contest = selectors.contest_by_slug(town, slug)
    member = selectors.jury_member(contest, request.user)
    if member is None:
        raise _no_page()
    status = 200
    failed: dict[int, ScoreForm] = {}
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["drawing"]
            try:
                services.jury_score(
                    drawing=selectors.drawing_by_number(contest, number),
                    juror=person(request),
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
                failed[number] = form
            else:
                messages.success(
                    request, _("Your score of №%(n)d is saved.") % {"n": number}
                )
                url = reverse("contest:jury", kwargs={"town": town, "slug": slug})
                return redirect(f"{url}#d{number}")
        else:
            status = 400
            number = request.POST.get("drawing", "")
            if number.isdigit():
                failed[int(number)] = form
    sheet = selectors.jury_sheet(contest, member)
    for row in sheet:
        number = row["drawing"].number
        score = row["score"]
        row["form"] = failed.get(number) or ScoreForm(
            initial={
                "drawing": number,
                "score": score.score if score else None,
                "comment": score.comment if score else "",
            },
            auto_id=f"d{number}-%s",
        )
    return render(
        request,
        "contest/jury.html",
        contest_context(
            request,
            contest,
            member=member,
            sheet=sheet,
            scored=sum(1 for row in sheet if row["score"]),
            judging=contest.stage == Stage.JUDGING,
            score_min=SCORE_MIN,
            score_max=SCORE_MAX,
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def ranking(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The ranking by mean score; the organisers check drawings and grant awards."""
    contest = selectors.contest_by_slug(town, slug)
    if not request.user.has_perm("contest.see_ranking", contest):
        raise _no_page()
    organises = request.user.has_perm("contest.organise", contest)
    rows = selectors.ranking(contest)
    form = AwardsForm(
        request.POST if request.method == "POST" else None,
        initial={"diplomas": _suggested_diplomas(rows)},
    )
    status = 200
    if request.method == "POST":
        if not organises:
            raise _no_page()
        if form.is_valid():
            try:
                granted = services.awards_grant(
                    contest=contest,
                    by=person(request),
                    diplomas=form.cleaned_data["diplomas"],
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d award granted.", "%(n)d awards granted.", len(granted)
                    )
                    % {"n": len(granted)}
                    if granted
                    else _("Every drawing already had its award; nothing changed."),
                )
                return redirect(request.path)
        else:
            status = 400
    return render(
        request,
        "contest/ranking.html",
        contest_context(
            request,
            contest,
            rows=rows,
            form=form,
            unscored=sum(1 for row in rows if row.rank is None),
            unawarded=sum(1 for row in rows if row.award is None),
            waiting=selectors.waiting_for_check(contest) if organises else [],
        ),
        status=status,
    )


def _suggested_diplomas(rows: list[selectors.Ranked]) -> int:
    """Diplomas already granted, or about three in four drawings (as in Aksu)."""
    granted = sum(1 for row in rows if row.award and row.award.kind == "diploma")
    return granted or round(len(rows) * 0.75)
