"""Moderation pages. Thin: reads from selectors, writes through the services.

Residents report content (a POST from the report form on each public page).
Moderators see their towns' queue, decide about one item, keep the ban list;
moderators of every town and admins read the audit log. Everyone else gets a
404 from these pages, as if they did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from mapping.refusals import ActionRefused, person, refused

from . import selectors, services
from .forms import AuditFilterForm, BanForm, DecisionForm, FlagForm
from .kinds import kind_named
from .models import FlagReason
from .rules import moderates

AUDIT_PER_PAGE = 100


def _not_found() -> Http404:
    return Http404(_("There is no such page."))


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise _not_found()


def _back(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A resident reports public content; the form is also on the content's page."""
    found = kind_named(kind)
    target = found.get(pk)
    if getattr(target, "is_hidden", False) or not found.is_public(target):
        raise _not_found()
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.flag_raise(
                    reporter=person(request),
                    target=target,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
            else:
                messages.success(
                    request,
                    _("Thank you. A moderator of this town will look at it."),
                )
                return redirect(_back(request, found.url(target)))
        else:
            status = 400
    return render(
        request,
        "moderation/report.html",
        {
            "kind": found,
            "target": target,
            "url": found.url(target),
            "form": form,
            "next": _back(request, found.url(target)),
        },
        status=status,
    )


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Flagged content in the towns this moderator looks after, and what is hidden."""
    _require(request, "moderation.see_queue")
    return render(
        request,
        "moderation/queue.html",
        {
            "items": selectors.queue(request.user),
            "hidden": selectors.hidden_now(request.user),
            "reasons": dict(FlagReason.choices),
            "section": "queue",
        },
    )


def _item_page(
    request: HttpRequest, kind: Any, target: Any, form: DecisionForm, status: int = 200
) -> HttpResponse:
    flags = list(selectors.flags_on(target))
    return render(
        request,
        "moderation/item.html",
        {
            "kind": kind,
            "target": target,
            "url": kind.url(target),
            "flags": flags,
            "open_flags": sum(1 for flag in flags if flag.closed_at is None),
            "decisions": selectors.decisions_on(target),
            "form": form,
            "section": "queue",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One piece of content: its flags, past decisions, and hide, restore, dismiss."""
    found = kind_named(kind)
    target = found.get(pk)
    if not moderates(request.user, target):
        raise _not_found()
    form = DecisionForm(request.POST or None)
    if request.method == "GET":
        return _item_page(request, found, target, form)
    action = request.POST.get("action", "")
    decisions: dict[str, Callable[..., Any]] = {
        "hide": services.content_hide,
        "restore": services.content_restore,
        "dismiss": services.flags_dismiss,
    }
    decide = decisions.get(action)
    if decide is None or not form.is_valid():
        return _item_page(request, found, target, form, status=400)
    try:
        decide(
            moderator=person(request),
            target=target,
            reason=form.cleaned_data["reason"],
        )
    except ActionRefused as refusal:
        status = refused(request, refusal, form)
        return _item_page(request, found, found.get(pk), form, status=status)
    done = {
        "hide": _("Hidden. The author can still see it, with your reason."),
        "restore": _("Restored: everyone can see it again."),
        "dismiss": _("The flags are dismissed; the content stays as it is."),
    }
    messages.success(request, done[action])
    return redirect(reverse("moderation:item", kwargs={"kind": kind, "pk": pk}))


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    """The audit log with filters: who, what, which object, when."""
    _require(request, "moderation.see_audit")
    form = AuditFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_log(
        who=chosen.get("who") or "",
        action=chosen.get("action") or "",
        target=chosen.get("target") or "",
        since=chosen.get("since"),
        until=chosen.get("until"),
    )
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {"form": form, "page": page, "query": query.urlencode(), "section": "audit"},
        status=200 if not form.errors else 400,
    )


@login_required
@require_GET
def bans(request: HttpRequest) -> HttpResponse:
    """The ban list and the form to ban someone."""
    _require(request, "moderation.ban")
    return _bans_page(request, BanForm())


def _bans_page(request: HttpRequest, form: BanForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "moderation/bans.html",
        {"form": form, "bans": selectors.bans()[:200], "section": "bans"},
        status=status,
    )


@login_required
@require_POST
def ban(request: HttpRequest) -> HttpResponse:
    """Ban a person from writing, until a day or for good."""
    _require(request, "moderation.ban")
    form = BanForm(request.POST)
    if not form.is_valid():
        return _bans_page(request, form, status=400)
    try:
        services.person_ban(
            moderator=person(request),
            person=form.cleaned_data["username"],
            reason=form.cleaned_data["reason"],
            until=form.until_moment(),
        )
    except ActionRefused as refusal:
        return _bans_page(request, form, status=refused(request, refusal, form))
    messages.success(request, _("The ban is in force."))
    return redirect("moderation:bans")


@login_required
@require_POST
def unban(request: HttpRequest, user_id: int) -> HttpResponse:
    """Lift a person's ban."""
    _require(request, "moderation.ban")
    found = User.objects.filter(pk=user_id).first()
    if found is None:
        raise _not_found()
    try:
        services.person_unban(
            moderator=person(request),
            person=found,
            reason=request.POST.get("reason", ""),
        )
    except ActionRefused as refusal:
        return _bans_page(request, BanForm(), status=refused(request, refusal))
    messages.success(request, _("The ban is lifted."))
    return redirect("moderation:bans")
