"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


official_upload = _todo
compare = _todo
report = _todo
agreement_geojson = _todo
export = _todo
