"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


session_list = _todo
session = _todo
concept_new = _todo
concept = _todo
concept_draw = _todo
concept_save = _todo
concept_submit = _todo
concept_geojson = _todo
