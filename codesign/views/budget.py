"""Participatory-budgeting pages. Thin: reads from selectors, writes via services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from integrity.locking import STALE
from integrity.middleware import idempotency_exempt
from mapping.caching import layer_cached
from mapping.intake import form_status
from mapping.selectors import town_by_slug

from .. import exports, selectors, services
from ..errors import ActionRefused
from ..explain import explain_all
from ..forms import (
    BallotForm,
    DecisionForm,
    PaperBallotForm,
    PhotoForm,
    ProgressForm,
    ProposalForm,
    ReviewForm,
    VerifyForm,
    VotingCodeForm,
)
from ..mapconfig import map_config
from ..models import Campaign, Phase, Proposal, ProposalStatus
from ..pabulib_io import export_campaign
from ..phases import in_window
from .common import person as _person
from .common import refused as _refused


def _campaign_context(request: HttpRequest, campaign: Campaign, **extra: Any) -> dict:
    return {
        "campaign": campaign,
        "town": campaign.town,
        "phase": campaign.phase,
        "is_council": selectors.is_council_member(campaign, request.user),
        **extra,
    }


@require_GET
def campaign_list(request: HttpRequest, town: str) -> HttpResponse:
    """A town's participatory-budgeting campaigns and what has been built."""
    place = town_by_slug(town)
    return render(
        request,
        "codesign/campaign_list.html",
        {"town": place, "campaigns": selectors.campaigns_of(place.pk)},
    )


@require_GET
def campaign(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A campaign: its phases, its proposals on a map and in a list."""
    campaign = selectors.campaign_by_slug(town, slug)
    if campaign.phase in (Phase.VOTING, Phase.COUNTING, Phase.IMPLEMENTATION):
        services.voting_open(campaign=campaign)
    proposals = (
        selectors.visible_proposals(campaign, request.user)
        .select_related("category", "district")
        .order_by("number")
    )
    layer = reverse("codesign:proposals-geojson", kwargs={"town": town, "slug": slug})
    return render(
        request,
        "codesign/campaign.html",
        _campaign_context(
            request,
            campaign,
            proposals=proposals,
            map_config=map_config(campaign.town, layers={"proposals": layer}),
        ),
    )


@layer_cached("proposals", "districts", per_viewer=True)
@require_GET
def proposals_geojson(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(town, slug)
    body = selectors.proposals_geojson([campaign.pk], request.user)
    return HttpResponse(body, content_type="application/geo+json")


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The drawing page: a resident draws a place and describes the idea."""
    campaign = selectors.campaign_by_slug(town, slug)
    form = ProposalForm(request.POST or None, request.FILES or None, campaign=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The proposal and its photo are one submission: a refused photo
            # leaves no proposal behind.
            with transaction.atomic():
                proposal = _create_with_photo(request, campaign, data)
        except ActionRefused as refusal:
            status = _refused(request, refusal, form)
        else:
            if proposal.status == ProposalStatus.SUBMITTED:
                messages.success(
                    request,
                    _("Thank you! Your proposal has been sent to the expert council."),
                )
            else:
                messages.success(
                    request, _("Your draft is saved. Only you can see it.")
                )
            return redirect(proposal)
    elif request.method == "POST":
        status = form_status(form)
    open_now = in_window(campaign, Phase.SUBMISSION, _today())
    return render(
        request,
        "codesign/propose.html",
        _campaign_context(
            request,
            campaign,
            form=form,
            open_now=open_now,
            map_config=map_config(campaign.town, draw=True, cap=campaign.cap),
        ),
        status=status,
    )


def _create_with_photo(
    request: HttpRequest, campaign: Campaign, data: dict[str, Any]
) -> Proposal:
    proposal = services.proposal_create(
        campaign=campaign,
        author=_person(request),
        title=data["title"],
        description=data["description"],
        language=data["language"],
        category=data["category"],
        geometry=data["geometry"],
        cost_estimate=data["cost_estimate"],
        submit=request.POST.get("submit") == "submit",
    )
    if data.get("photo"):
        services.photo_add(
            proposal=proposal, user=_person(request), upload=data["photo"]
        )
    return proposal


def _today() -> dt.date:
    return timezone.localdate()


@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, town: str, slug: str, number: int) -> HttpResponse:
    """A proposal, its history on a map, the council's panel and progress notes."""
    campaign = selectors.campaign_by_slug(town, slug)
    item = selectors.proposal_for(campaign, number, request.user)
    forms: dict[str, Any] = {
        "review": ReviewForm(criteria=campaign.criteria.all()),
        "decision": DecisionForm(),
        "progress": ProgressForm(),
        "photo": PhotoForm(),
    }
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        status, done = _proposal_action(request, item, forms)
        if done:
            return redirect(item)
    history = selectors.history(item)
    return render(
        request,
        "codesign/proposal.html",
        _campaign_context(
            request,
            campaign,
            proposal=item,
            is_author=_person(request).is_authenticated
            and item.author_id == request.user.pk,
            history=history,
            reviews=item.reviews.select_related("member__user").prefetch_related(
                "scores__criterion"
            ),
            notes=item.progress_notes.all(),
            forms=forms,
            map_config=map_config(
                campaign.town, history=[h["geometry"] for h in history if h["geometry"]]
            ),
        ),
        status=status,
    )


def _proposal_action(
    request: HttpRequest, item: Proposal, forms: dict[str, Any]
) -> tuple[int, bool]:
    """Run the posted action on a proposal; (status, done)."""
    action = request.POST.get("action", "")
    user = _person(request)
    form: Any
    try:
        if action == "submit":
            services.proposal_submit(proposal=item, author=user)
            messages.success(
                request, _("Your proposal has been sent to the expert council.")
            )
        elif action == "photo":
            form = forms["photo"] = PhotoForm(request.POST, request.FILES)
            if not form.is_valid():
                return 400, False
            services.photo_add(
                proposal=item,
                user=user,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
        elif action == "review":
            form = forms["review"] = ReviewForm(
                request.POST, criteria=item.campaign.criteria.all()
            )
            if not form.is_valid():
                return 400, False
            services.review_save(
                proposal=item,
                reviewer=user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your review is saved."))
        elif action in dict(DecisionForm.ACTIONS):
            form = forms["decision"] = DecisionForm(request.POST)
            if not form.is_valid():
                return 400, False
            _decide(item, user, form.cleaned_data)
            messages.success(
                request, _("The decision is recorded and the author is told.")
            )
        elif action == "progress":
            form = forms["progress"] = ProgressForm(request.POST, request.FILES)
            if not form.is_valid():
                return 400, False
            data = form.cleaned_data
            if data["status"] == "in_progress":
                services.proposal_start_work(
                    proposal=item, user=user, note=data["text"]
                )
            elif data["status"] == "built":
                services.proposal_mark_built(
                    proposal=item, user=user, note=data["text"]
                )
            services.progress_note_add(
                proposal=item, user=user, text=data["text"], photo=data.get("photo")
            )
        else:
            return 400, False
    except ActionRefused as refusal:
        if action == "submit":  # no form of its own: the refusal is a message
            return _refused(request, refusal), False
        target = {"photo": "photo", "review": "review", "progress": "progress"}.get(
            action, "decision"
        )
        return _refused(request, refusal, forms[target]), False
    return 200, True


def _decide(item: Proposal, user: Any, data: dict[str, Any]) -> None:
    action, reason = data["action"], data.get("reason") or ""
    if action == "request_changes":
        services.proposal_request_changes(proposal=item, reviewer=user, reason=reason)
    elif action == "revise_cost":
        services.proposal_revise_cost(
            proposal=item, reviewer=user, cost=data["cost"], reason=reason
        )
    elif action == "accept":
        services.proposal_accept(proposal=item, reviewer=user, reason=reason)
    else:
        services.proposal_reject(proposal=item, reviewer=user, reason=reason)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(
    request: HttpRequest, town: str, slug: str, number: int
) -> HttpResponse:
    """The author changes their proposal (a draft, or when changes were asked)."""
    campaign = selectors.campaign_by_slug(town, slug)
    item = selectors.proposal_for(campaign, number, request.user)
    if item.author_id != request.user.pk:
        raise Http404(_("There is no such proposal."))
    initial = {
        "title": item.title,
        "description": item.description,
        "category": item.category,
        "cost_estimate": item.cost_estimate,
        "language": item.language,
        "geometry": item.geometry.geojson if item.geometry else "",
        "revision": item.revision,
    }
    form = ProposalForm(
        request.POST or None, request.FILES or None, campaign=campaign, initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_update(
                proposal=item,
                author=_person(request),
                title=data["title"],
                description=data["description"],
                geometry=data["geometry"],
                cost_estimate=data["cost_estimate"],
                category=data["category"],
                revision=data["revision"],
            )
            if request.POST.get("submit") == "submit":
                services.proposal_submit(proposal=item, author=_person(request))
        except ActionRefused as refusal:
            status = _refused(request, refusal, form)
            if refusal.code == STALE:
                # The person's input stays; sending it again now replaces what
                # changed, knowingly (the message says so).
                data = request.POST.copy()
                data["revision"] = str(refusal.details["revision"])
                form.data = data
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(item)
    elif request.method == "POST":
        status = form_status(form)
    return render(
        request,
        "codesign/propose.html",
        _campaign_context(
            request,
            campaign,
            form=form,
            proposal=item,
            open_now=True,
            map_config=map_config(campaign.town, draw=True, cap=campaign.cap),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Verify residency, then choose projects; the ballot can change until close."""
    campaign = selectors.campaign_by_slug(town, slug)
    services.voting_open(campaign=campaign)
    registration = selectors.registration_of(campaign, request.user)
    ballot, current = selectors.ballot_choices(campaign, request.user)
    projects = selectors.on_ballot(campaign)
    verify = VerifyForm(
        request.POST if request.POST.get("step") == "verify" else None,
        campaign=campaign,
    )
    form = BallotForm(
        request.POST if request.POST.get("step") == "ballot" else None,
        campaign=campaign,
        projects=projects,
        current=current,
    )
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            if request.POST.get("step") == "verify" and verify.is_valid():
                if verify.cleaned_data["iin"]:
                    services.voter_verify_iin(
                        campaign=campaign,
                        user=_person(request),
                        iin=verify.cleaned_data["iin"],
                    )
                else:
                    services.voter_redeem_code(
                        campaign=campaign,
                        user=_person(request),
                        code=verify.cleaned_data["code"],
                    )
                messages.success(
                    request, _("You are verified. Now choose your projects.")
                )
                return HttpResponseRedirect(request.path)
            if request.POST.get("step") == "ballot" and form.is_valid():
                services.ballot_submit(
                    campaign=campaign, user=_person(request), choices=form.choices()
                )
                messages.success(
                    request,
                    _("Your ballot is counted. You can change it until voting closes."),
                )
                return HttpResponseRedirect(request.path)
            status = 400
        except ActionRefused as refusal:
            target = verify if request.POST.get("step") == "verify" else form
            status = _refused(request, refusal, target)
    layer = reverse("codesign:proposals-geojson", kwargs={"town": town, "slug": slug})
    return render(
        request,
        "codesign/vote.html",
        _campaign_context(
            request,
            campaign,
            registration=registration,
            ballot=ballot,
            verify_form=verify,
            form=form,
            open_now=in_window(campaign, Phase.VOTING, _today()),
            map_config=map_config(
                campaign.town, layers={"proposals": layer}, statuses=["on_ballot"]
            ),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_ballot(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A project-centre clerk enters paper ballots."""
    campaign = selectors.campaign_by_slug(town, slug)
    if not request.user.has_perm("codesign.enter_paper_ballot", campaign):
        raise Http404
    projects = selectors.on_ballot(campaign)
    identity = PaperBallotForm(request.POST or None, campaign=campaign)
    form = BallotForm(
        request.POST or None, campaign=campaign, projects=projects, current={}
    )
    status = 200
    if request.method == "POST":
        if identity.is_valid() and form.is_valid():
            try:
                services.paper_ballot_enter(
                    campaign=campaign,
                    clerk=_person(request),
                    choices=form.choices(),
                    iin=identity.cleaned_data["iin"],
                    code=identity.cleaned_data["code"],
                )
            except ActionRefused as refusal:
                status = _refused(request, refusal, identity)
            else:
                messages.success(request, _("The paper ballot is counted."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    return render(
        request,
        "codesign/paper_ballot.html",
        _campaign_context(request, campaign, identity_form=identity, form=form),
        status=status,
    )


@idempotency_exempt  # the answer shows the code: it is never kept, even under a key
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def voting_codes(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A project-centre clerk issues a voting code to a person who shows their IIN.

    The code is shown once, on this answer, to print or copy onto a slip; only
    its hash is stored.
    """
    campaign = selectors.campaign_by_slug(town, slug)
    if not request.user.has_perm("codesign.enter_paper_ballot", campaign):
        raise Http404
    form = VotingCodeForm(request.POST or None)
    code, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                code = services.voting_code_issue(
                    campaign=campaign,
                    clerk=_person(request),
                    iin=form.cleaned_data["iin"],
                )
            except ActionRefused as refusal:
                status = _refused(request, refusal, form)
            else:
                form = VotingCodeForm()  # empty for the next person
        else:
            status = form_status(form)
    vote_page = reverse("codesign:vote", kwargs={"town": town, "slug": slug})
    return render(
        request,
        "codesign/voting_codes.html",
        _campaign_context(
            request,
            campaign,
            form=form,
            code=code,
            # The public address, as e-mails give it: not the one the centre's
            # office reaches Birge by.
            vote_url=settings.BIRGE_SITE_URL + vote_page,
        ),
        status=status,
    )


@require_GET
def results(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The result: a table with a sentence per project, a map of winners, a chart."""
    campaign = selectors.campaign_by_slug(town, slug)
    if campaign.phase in (Phase.COUNTING, Phase.IMPLEMENTATION, Phase.FINISHED):
        services.results_publish(campaign=campaign)
    entries = selectors.results_table(campaign)
    layer = reverse("codesign:winners-geojson", kwargs={"town": town, "slug": slug})
    return render(
        request,
        "codesign/results.html",
        _campaign_context(
            request,
            campaign,
            rows=explain_all(campaign, entries),
            summary=selectors.results_summary(campaign),
            map_config=map_config(campaign.town, layers={"proposals": layer}),
        ),
    )


@layer_cached("proposals", "districts", per_viewer=True)
@require_GET
def winners_geojson(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    campaign = selectors.campaign_by_slug(town, slug)
    body = selectors.proposals_geojson(
        [campaign.pk],
        request.user,
        statuses=(
            ProposalStatus.SELECTED,
            ProposalStatus.IN_PROGRESS,
            ProposalStatus.BUILT,
        ),
    )
    return HttpResponse(body, content_type="application/geo+json")


@require_GET
def activity(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The campaign's public feed of what happened to its proposals."""
    campaign = selectors.campaign_by_slug(town, slug)
    return render(
        request,
        "codesign/activity.html",
        _campaign_context(request, campaign, events=selectors.activity(campaign)),
    )


@require_GET
def built(request: HttpRequest, town: str) -> HttpResponse:
    """Everything residents' proposals have built in the town, across campaigns."""
    place = town_by_slug(town)
    layer = reverse("codesign:built-geojson", kwargs={"town": town})
    items = (
        Proposal.objects.filter(
            campaign__town=place,
            status__in=[ProposalStatus.IN_PROGRESS, ProposalStatus.BUILT],
            is_hidden=False,
        )
        .select_related("campaign", "district")
        .order_by("-campaign__voting_end", "number")
    )
    return render(
        request,
        "codesign/built.html",
        {
            "town": place,
            "items": items,
            "map_config": map_config(place, layers={"proposals": layer}),
        },
    )


@layer_cached("built", "districts", per_viewer=True)
@require_GET
def built_geojson(request: HttpRequest, town: str) -> HttpResponse:
    place = town_by_slug(town)
    return HttpResponse(
        selectors.built_geojson(place.pk, request.user),
        content_type="application/geo+json",
    )


@login_required
@require_GET
def review_queue(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The council's list of proposals waiting for review."""
    campaign = selectors.campaign_by_slug(town, slug)
    if not selectors.is_council_member(campaign, request.user):
        raise Http404
    return render(
        request,
        "codesign/review_queue.html",
        _campaign_context(request, campaign, queue=selectors.review_queue(campaign)),
    )


@require_GET
def export(
    request: HttpRequest, town: str, slug: str, what: str, fmt: str
) -> HttpResponse:
    """Proposals or results as CSV, GeoJSON or GeoPackage (what the viewer may see)."""
    campaign = selectors.campaign_by_slug(town, slug)
    if fmt not in exports.FORMATS or what not in ("proposals", "results"):
        raise Http404(_("There is no such export."))
    body = exports.export(campaign, request.user, fmt, results_only=what == "results")
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    filename = f"{campaign.town.slug}-{campaign.slug}-{what}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def pabulib(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """The campaign as a Pabulib file, once its ballots are anonymous counts."""
    campaign = selectors.campaign_by_slug(town, slug)
    if campaign.phase not in (Phase.COUNTING, Phase.IMPLEMENTATION, Phase.FINISHED):
        raise Http404(_("Ballots are published after voting closes."))
    response = HttpResponse(
        export_campaign(campaign), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{campaign.town.slug}-{campaign.slug}.pb"'
    )
    return response
