"""Refusals of the idempotency layer, as JSON for scripts and a page for people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

JSON_TYPES = ("application/json", "application/geo+json")


def wants_json(request: HttpRequest) -> bool:
    """Whether the client is a script (the API, fetch) rather than a page."""
    if request.path_info.startswith("/api/") or request.content_type in JSON_TYPES:
        return True
    accept = request.headers.get("Accept", "")
    return "json" in accept and "text/html" not in accept


def refusal(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    retry_after: int | None = None,
) -> HttpResponse:
    """The refusal in the API's error shape, or on a page in the person's language."""
    response: HttpResponse
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    if wants_json(request):
        response = JsonResponse(
            {"error": {"code": code, "message": message}}, status=status
        )
    else:
        response = render(
            request,
            "integrity/refused.html",
            {"message": message, "back": back},
            status=status,
        )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
