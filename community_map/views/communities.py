"""Community pages: the directory with its map, a community, and the edit pages.

Thin: reads come from selectors, writes go through the community services, and
drawn or uploaded shapes enter through mapping.intake (in the forms). The edit
pages answer 404 to everyone who may not change the community.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mapping.caching import layer_cached
from mapping.intake import form_status
from mapping.mapconfig import town_map_config
from mapping.models import Town
from mapping.refusals import ActionRefused, person, refused
from mapping.selectors import town_by_slug
from moderation.visibility import may_see_hidden, visible_to

from ..forms_communities import RELATIONS, CommunityForm, LinkForm, MeetingPlaceForm
from ..models import Community, CommunityKind, CommunityLink, MeetingPlace, Topic
from ..privacy import maps_in_town
from ..selectors import communities as selectors
from ..services import communities as services


def _map_config(town: Town, **extra: Any) -> dict[str, Any]:
    """The town map's JSON plus the community layers' colours and words."""
    config = town_map_config(town)
    config["colours"] = {
        "community": {k.value: v for k, v in selectors.KIND_COLOURS.items()},
        "link": {k.value: v for k, v in selectors.LINK_COLOURS.items()},
    }
    config["labels"].update(
        {
            "map_failed": _(
                "The map could not be shown in this browser. The list on this page "
                "holds the same communities."
            ),
            "meeting_place": _("Meeting place"),
            "area_of_work": _("Area of work"),
            "link": _("Link between communities"),
            "partner": _("Partner"),
            "what": _("What happens there"),
            "when": _("When"),
            "community": _("Community"),
            "open": _("Open the community's page"),
            "open_to_all": _("Open to everyone"),
            "nothing_drawn": _("No area drawn yet."),
            "drawn_area": _("Area drawn: %(ha)s ha"),
            "point_set": _("The place is marked on the map."),
            "no_point": _("Click the map where the place is."),
        }
    )
    config.update(extra)
    return config


def _filter(request: HttpRequest) -> selectors.DirectoryFilter:
    """The directory's filter from the URL; unknown values are ignored."""
    kind = request.GET.get("kind", "")
    topic = request.GET.get("topic", "")
    return selectors.DirectoryFilter(
        kind=kind if kind in CommunityKind.values else "",
        topic=topic if topic in Topic.values else "",
        query=request.GET.get("q", "").strip()[:100],
    )


def _editable(request: HttpRequest, town: str, slug: str) -> Community:
    """The community, if this person may change it; 404 for everyone else."""
    community = selectors.community_by_slugs(town, slug)
    if not request.user.has_perm("community_map.change_community", community):
        raise Http404(_("There is no such community."))
    return community


# --- Public pages ------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest, town: str) -> HttpResponse:
    """A town's communities: a map of areas, places and links, filters, a list."""
    place = town_by_slug(town)
    chosen = _filter(request)
    rows = [
        {
            "community": c,
            "name": selectors.translated(c, "name")["text"],
            "topics": selectors.topic_labels(c.topics),
        }
        for c in selectors.directory(place, chosen)
    ]
    data_url = reverse("community_map:directory-geojson", kwargs={"town": place.slug})
    query = request.GET.urlencode()
    return render(
        request,
        "community_map/directory.html",
        {
            "town": place,
            "rows": rows,
            "chosen": chosen,
            "filtered": bool(chosen.kind or chosen.topic or chosen.query),
            "kinds": CommunityKind.choices,
            "topics": Topic.choices,
            "link_kinds": selectors.LINK_COLOURS,
            "can_create": maps_in_town(request.user, place.pk),
            "map_config": _map_config(
                place,
                layers={"communities": f"{data_url}?{query}" if query else data_url},
            ),
        },
    )


@layer_cached("communities", "places")
@require_GET
def directory_geojson(request: HttpRequest, town: str) -> HttpResponse:
    """The directory's map as GeoJSON, with the same filters as the page."""
    place = town_by_slug(town)
    return HttpResponse(
        selectors.directory_geojson(place, _filter(request)),
        content_type="application/geo+json",
    )


@require_GET
def community(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """A community: who they are, where they work and meet, whom they work with.

    Hidden by a moderator, it is a 404 but for its editors and the moderators.
    """
    found = visible_to(request.user, selectors.community_by_slugs(town, slug))
    return render(
        request,
        "community_map/community.html",
        {
            "town": found.town,
            "community": found,
            "name": selectors.translated(found, "name"),
            "description": selectors.translated(found, "description"),
            "topics": selectors.topic_labels(found.topics),
            "places": selectors.meeting_places(
                found, with_hidden=may_see_hidden(request.user, found)
            ),
            "community_links": selectors.links_of(found),
            "concerns": selectors.concern_counts(found),
            "show_private": selectors.may_see_private(request.user, found),
            "map_config": _map_config(
                found.town,
                communities=json.loads(selectors.community_geojson(found)),
                fit=True,
            ),
        },
    )


# --- Create and edit ---------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    town: Town,
    form: CommunityForm,
    item: Community | None = None,
    link_form: LinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    extra: dict[str, Any] = {"draw": "area"}
    if item is not None:
        extra["communities"] = json.loads(selectors.community_geojson(item))
    return render(
        request,
        "community_map/community_form.html",
        {
            "town": town,
            "community": item,
            "name": selectors.translated(item, "name") if item else None,
            "form": form,
            # Its editors see the places a moderator hid, with the reason.
            "places": selectors.meeting_places(item, with_hidden=True) if item else [],
            "community_links": selectors.links_of(item) if item else [],
            "link_form": link_form
            or (LinkForm(community=item) if item is not None else None),
            "map_config": _map_config(town, **extra),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_new(request: HttpRequest, town: str) -> HttpResponse:
    """Add a community (staff and the town's NGO mappers)."""
    place = town_by_slug(town)
    if not maps_in_town(request.user, place.pk):
        raise Http404(_("There is no such page."))
    if request.method == "GET":
        return _form_page(request, place, CommunityForm(town=place))
    form = CommunityForm(request.POST, request.FILES, town=place)
    if not form.is_valid():
        return _form_page(request, place, form, status=form_status(form))
    try:
        created = services.community_create(
            actor=person(request), town=place, **form.service_arguments()
        )
    except ActionRefused as refusal:
        status = refused(request, refusal, form)
        return _form_page(request, place, form, status=status)
    messages.success(request, _("The community was added. Now add where it meets."))
    return redirect("community_map:community-edit", town=place.slug, slug=created.slug)


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Change a community; its meeting places and links are listed here too."""
    item = _editable(request, town, slug)
    if request.method == "GET":
        initial = CommunityForm.initial_for(item)
        return _form_page(
            request, item.town, CommunityForm(initial=initial, town=item.town), item
        )
    form = CommunityForm(request.POST, request.FILES, town=item.town)
    if not form.is_valid():
        return _form_page(request, item.town, form, item, status=form_status(form))
    try:
        services.community_update(
            actor=person(request), community=item, **form.service_arguments()
        )
    except ActionRefused as refusal:
        status = refused(request, refusal, form)
        return _form_page(request, item.town, form, item, status=status)
    messages.success(request, _("The community was saved."))
    return redirect(item.get_absolute_url())


# --- Meeting places ----------------------------------------------------------------


def _place_page(
    request: HttpRequest,
    item: Community,
    form: MeetingPlaceForm,
    place: MeetingPlace | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "community_map/community_place.html",
        {
            "town": item.town,
            "community": item,
            "name": selectors.translated(item, "name"),
            "place": place,
            "form": form,
            "map_config": _map_config(
                item.town,
                draw="point",
                communities=json.loads(selectors.community_geojson(item)),
            ),
        },
        status=status,
    )


def _edit_url(item: Community) -> str:
    return reverse(
        "community_map:community-edit",
        kwargs={"town": item.town.slug, "slug": item.slug},
    )


@login_required
@require_http_methods(["GET", "POST"])
def place_new(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Add a meeting place: a point on the map, what happens there and when."""
    item = _editable(request, town, slug)
    if request.method == "GET":
        return _place_page(request, item, MeetingPlaceForm(town=item.town))
    form = MeetingPlaceForm(request.POST, town=item.town)
    if not form.is_valid():
        return _place_page(request, item, form, status=form_status(form))
    try:
        services.meeting_place_add(
            actor=person(request), community=item, **form.service_arguments()
        )
    except ActionRefused as refusal:
        return _place_page(request, item, form, status=refused(request, refusal, form))
    messages.success(request, _("The meeting place was added."))
    return redirect(_edit_url(item))


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, town: str, slug: str, pk: int) -> HttpResponse:
    """Change a meeting place."""
    item = _editable(request, town, slug)
    place = get_object_or_404(MeetingPlace, pk=pk, community=item)
    if request.method == "GET":
        initial = MeetingPlaceForm.initial_for(place)
        form = MeetingPlaceForm(initial=initial, town=item.town)
        return _place_page(request, item, form, place)
    form = MeetingPlaceForm(request.POST, town=item.town)
    if not form.is_valid():
        return _place_page(request, item, form, place, status=form_status(form))
    try:
        services.meeting_place_update(
            actor=person(request), place=place, **form.service_arguments()
        )
    except ActionRefused as refusal:
        status = refused(request, refusal, form)
        return _place_page(request, item, form, place, status=status)
    messages.success(request, _("The meeting place was saved."))
    return redirect(_edit_url(item))


@login_required
@require_POST
def place_remove(request: HttpRequest, town: str, slug: str, pk: int) -> HttpResponse:
    """Remove a meeting place."""
    item = _editable(request, town, slug)
    place = get_object_or_404(MeetingPlace, pk=pk, community=item)
    services.meeting_place_remove(actor=person(request), place=place)
    messages.success(request, _("The meeting place was removed."))
    return redirect(_edit_url(item))


# --- Links -------------------------------------------------------------------------


@login_required
@require_POST
def link_add(request: HttpRequest, town: str, slug: str) -> HttpResponse:
    """Tie this community to another one of the town."""
    item = _editable(request, town, slug)
    form = LinkForm(request.POST, community=item)

    def again(status: int) -> HttpResponse:
        initial = CommunityForm.initial_for(item)
        main = CommunityForm(initial=initial, town=item.town)
        return _form_page(request, item.town, main, item, link_form=form, status=status)

    if not form.is_valid():
        return again(400)
    kind, outgoing = RELATIONS[form.cleaned_data["relation"]]
    other = form.cleaned_data["other"]
    try:
        services.community_link_add(
            actor=person(request),
            source=item if outgoing else other,
            target=other if outgoing else item,
            kind=kind,
            note=form.cleaned_data["note"],
        )
    except ActionRefused as refusal:
        return again(refused(request, refusal, form))
    messages.success(request, _("The link was added."))
    return redirect(_edit_url(item) + "#links")


@login_required
@require_POST
def link_remove(request: HttpRequest, town: str, slug: str, pk: int) -> HttpResponse:
    """Remove one of this community's links."""
    item = _editable(request, town, slug)
    link = get_object_or_404(
        CommunityLink.objects.select_related("source", "target"), pk=pk
    )
    if item.pk not in (link.source_id, link.target_id):
        raise Http404(_("There is no such link."))
    services.community_link_remove(actor=person(request), link=link)
    messages.success(request, _("The link was removed."))
    return redirect(_edit_url(item) + "#links")


_BASE = "towns/<slug:town>/communities/"
_ONE = _BASE + "<slug:slug>/"

urlpatterns: list[URLPattern] = [
    path(_BASE, directory, name="directory"),
    path(_BASE + "map.geojson", directory_geojson, name="directory-geojson"),
    path(_BASE + "new/", community_new, name="community-new"),
    path(_ONE, community, name="community"),
    path(_ONE + "edit/", community_edit, name="community-edit"),
    path(_ONE + "places/new/", place_new, name="community-place-new"),
    path(_ONE + "places/<int:pk>/", place_edit, name="community-place-edit"),
    path(_ONE + "places/<int:pk>/remove/", place_remove, name="community-place-remove"),
    path(_ONE + "links/new/", link_add, name="community-link-add"),
    path(_ONE + "links/<int:pk>/remove/", link_remove, name="community-link-remove"),
]
