"""Public contest pages: the list, the gallery, a drawing, and sending one."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_safe,
)

from codesign.errors import ActionRefused
from mapping.caching import REVALIDATE_PUBLIC
from mapping.intake import form_status
from mapping.selectors import town_by_slug
from moderation.visibility import visible_to

from .. import selectors, services
from ..forms import DrawingForm
from ..mapconfig import map_config
from ..models import Drawing, DrawingStatus, Stage
from .common import contest_context, person, refused

PER_PAGE = 48


@require_GET
def contests(request: HttpRequest, town: str) -> HttpResponse:
    """A town's children's drawing contests."""
    place = town_by_slug(town)
    return render(
        request,
        "contest/contest_list.html",
        {"town": place, "contests": selectors.contests_of(place.pk)},
    )


def _age_filter(request: HttpRequest, groups: list[tuple[int, int]]) -> Any:
    wanted = request.GET.get("age", "")
    for low, high in groups:
        if wanted == f"{low}-{high}":
            return (low, high)
    return None


@require_GET
def gallery(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Every drawing in the contest: a grid, an age filter and a map."""
    contest = selectors.contest_by_slug(town, slug)
    groups = selectors.age_groups(contest)
    ages = _age_filter(request, groups)
    drawings = selectors.gallery(contest, ages)
    page = Paginator(drawings, PER_PAGE).get_page(request.GET.get("page"))
    placed = selectors.placed_count(contest)
    return render(
        request,
        "contest/gallery.html",
        contest_context(
            request,
            contest,
            page=page,
            total=len(drawings),
            groups=groups,
            ages=ages,
            placed=placed,
            map_config=map_config(contest, mode="gallery") if placed else None,
        ),
    )


@require_GET
def drawings_geojson(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    contest = selectors.contest_by_slug(town, slug)
    body = selectors.drawings_geojson(contest)
    return HttpResponse(body, content_type="application/geo+json")


def _visible(request: HttpRequest, town: str, slug: str, number: int) -> Drawing:
    contest = selectors.contest_by_slug(town, slug)
    drawing = selectors.drawing_by_number(contest, number)
    if not request.user.has_perm("contest.see_drawing", drawing):
        raise Http404(_("There is no drawing №%(n)d.") % {"n": number})
    # Hidden by a moderator: its sender, the organisers and the moderators only.
    return visible_to(request.user, drawing)


@require_http_methods(["GET", "POST"])
def drawing(request: HttpRequest, town: str, slug: str, number: int) -> HttpResponse:
    """One drawing, its award and place; the sender also sees what only they see."""
    item = _visible(request, town, slug, number)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            _drawing_action(request, item)
        except ActionRefused as refusal:
            status = refused(request, refusal)
        else:
            return redirect(item.get_absolute_url())
    card = selectors.public(item)
    private = item if request.user.has_perm("contest.see_private", item) else None
    return render(
        request,
        "contest/drawing.html",
        contest_context(
            request,
            item.contest,
            drawing=card,
            moderated=item,  # the row itself, for the report form and notice
            private=private,
            can_print=private is not None and card.award_kind != "",
            can_withdraw=request.user.has_perm("contest.withdraw", item)
            and item.status != DrawingStatus.WITHDRAWN
            and not card.award_kind,
            map_config=map_config(item.contest, mode="one", place=card.place)
            if card.place
            else None,
        ),
        status=status,
    )


def _drawing_action(request: HttpRequest, item: Drawing) -> None:
    action = request.POST.get("action", "")
    if action == "withdraw":
        services.drawing_withdraw(drawing=item, by=person(request))
        messages.success(request, _("The drawing is withdrawn from the contest."))
    elif action == "accept":
        services.drawing_accept(drawing=item, by=person(request))
        messages.success(request, _("The drawing is in the contest now."))
    else:
        raise ActionRefused("unknown_action", _("Nothing to do."), status=400)


@require_safe
def image(
    request: HttpRequest, town: str, slug: str, number: int, size: str
) -> HttpResponseBase:
    """The drawing's picture, to whoever may see the drawing.

    A public picture may be kept by browsers and shared caches, but they ask
    again each time (``no-cache``; an unchanged picture costs a 304 and one
    read). Once the drawing is withdrawn or a moderator hides it, the next look
    is a 404: a child's picture does not linger in a cache after its family or
    a moderator took it down. Any other picture is not stored at all.
    """
    if size not in ("full", "thumb"):
        raise Http404(_("There is no such picture."))
    item = _visible(request, town, slug, number)
    field = item.image if size == "full" else item.thumbnail
    public = item.status == DrawingStatus.ACCEPTED and not item.is_hidden
    etag = _picture_tag(item.pk, size, field.name) if public else None
    if etag is not None:
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            unchanged["Cache-Control"] = REVALIDATE_PUBLIC
            return unchanged
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("There is no such picture.")) from None
    response = FileResponse(handle, content_type="image/jpeg")
    if etag is not None:
        response["ETag"] = etag
        response["Cache-Control"] = REVALIDATE_PUBLIC
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def _picture_tag(pk: int, size: str, name: str) -> str:
    """The picture's ETag: a digest, since the file's name is not for the public."""
    digest = hashlib.blake2s(f"{pk}|{size}|{name}".encode(), digest_size=10)
    return f'"{digest.hexdigest()}"'


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A parent or guardian sends a child's drawing, and may mark a place."""
    contest = selectors.contest_by_slug(town, slug)
    form = DrawingForm(request.POST or None, request.FILES or None, contest=contest)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.drawing_submit(
                contest=contest,
                sender=person(request),
                upload=data["image"],
                title=data["title"],
                description=data["description"],
                language=data["language"],
                child_first_name=data["child_first_name"],
                child_age=data["child_age"],
                child_full_name=data["child_full_name"],
                guardian_contact=data["guardian_contact"],
                consent=data["consent"],
                place=data["place"],
            )
        except ActionRefused as refusal:
            status = refused(request, refusal, form)
        else:
            messages.success(
                request,
                _(
                    "Thank you! The drawing is sent. It appears in the gallery "
                    "once the organisers have checked it."
                ),
            )
            return redirect(item.get_absolute_url())
    elif request.method == "POST":
        status = form_status(form)
    return render(
        request,
        "contest/submit.html",
        contest_context(
            request,
            contest,
            form=form,
            open_now=contest.stage == Stage.SUBMISSION,
            map_config=map_config(contest, mode="pick"),
        ),
        status=status,
    )
