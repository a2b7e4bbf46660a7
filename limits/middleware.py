"""Every write passes here: body size first (413), then the rate limits (429).

It sits right after authentication and the audit context (base.py), so it knows
the account and the client's address, and before CSRF protection reads a body.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import bodies, buckets, responses
from .conf import limits
from .refusals import REQUEST_ATTRIBUTE


class LimitMiddleware:
    """Refuse oversized bodies and too frequent writes before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        limits()  # a bad setting fails when the server starts

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if buckets.is_limited_write(request):
            refused = self.refusal(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        # A login refused by limits.backends: its page would only say "wrong
        # password"; the person needs to hear when to try again.
        login_refusal = getattr(request, REQUEST_ATTRIBUTE, None)
        if login_refusal is not None:
            return responses.too_many(request, login_refusal)
        return response

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        config = limits()
        chosen, sensitive = buckets.buckets_for(request, config)
        too_large = bodies.oversize(request, config.max_body_bytes)
        # A sensitive route's form names the account it is about, so it is read
        # before the rate limits; any other body only once they allow it.
        if too_large is None and sensitive:
            too_large = bodies.form_too_large(request, config.max_body_bytes)
        if too_large is not None:
            return responses.too_large(request, too_large)
        too_many = buckets.check(chosen, buckets.subjects(request, sensitive=sensitive))
        if too_many is not None:
            return responses.too_many(request, too_many)
        too_large = bodies.form_too_large(request, config.max_body_bytes)
        if too_large is not None:
            return responses.too_large(request, too_large)
        return None
