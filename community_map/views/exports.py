"""Downloads of the concerns on the map, filtered exactly as on screen."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapping.refusals import ActionRefused
from mapping.selectors import town_by_slug

from ..exports import FORMATS, export_concerns
from ..filters import ConcernFilter
from ..models import Concern
from ..privacy import exact_scope, maps_in_town
from ..selectors.concerns import town_concerns


@require_GET
def export(request: HttpRequest, town: str, fmt: str) -> HttpResponse:
    """The filtered concerns as a file; ``exact=1`` for mappers and staff.

    ``exact=1`` from anyone else gives the public file: nothing exact, nothing
    of the reporter. A mapper gets exact rows for their own communities only.
    """
    place = town_by_slug(town)
    if fmt not in FORMATS:
        raise Http404(_("There is no export as “%(format)s”.") % {"format": fmt[:20]})
    try:
        concern_filter = ConcernFilter.from_query(request.GET)
    except ActionRefused as refusal:
        return JsonResponse({"error": refusal.as_dict()}, status=refusal.status)
    exact, scope = None, None
    if request.GET.get("exact") == "1" and maps_in_town(request.user, place.pk):
        scope = exact_scope(request.user, place.pk)
        exact = Concern.objects.filter(scope)
    exported = export_concerns(
        place, town_concerns(place, concern_filter, exact=scope), fmt, exact=exact
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    # A file with exact places must not sit in a shared cache.
    response["Cache-Control"] = "private, no-store" if exact is not None else "no-cache"
    response["Vary"] = "Cookie, Accept-Language"
    return response


urlpatterns: list[URLPattern] = [
    path(
        "towns/<slug:town>/concerns/export.<str:fmt>",
        export,
        name="concerns-export",
    ),
]
