"""429 and 413 answers: JSON for programs, a page in the site's template for people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .refusals import TooLarge, TooMany

# The same rule as mapping.views' error handlers: these paths always answer JSON.
JSON_PREFIXES = ("/api/", "/ogc/", "/tiles/")


def wants_json(request: HttpRequest) -> bool:
    """JSON for the API and map data, and for scripts that ask for JSON only."""
    if request.path.startswith(JSON_PREFIXES):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def too_many(request: HttpRequest, refusal: TooMany) -> HttpResponse:
    """429 Too Many Requests, with Retry-After in seconds."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"error": refusal.as_dict()}, status=429)
    else:
        response = render(request, "limits/429.html", {"refusal": refusal}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def too_large(request: HttpRequest, refusal: TooLarge) -> HttpResponse:
    """413 Content Too Large, naming the limit."""
    if wants_json(request):
        return JsonResponse({"error": refusal.as_dict()}, status=413)
    return render(request, "limits/413.html", {"refusal": refusal}, status=413)
