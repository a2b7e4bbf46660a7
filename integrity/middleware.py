"""Idempotent submissions: a POST retried with the same key is answered once.

For a POST with an ``Idempotency-Key`` header or an ``idempotency_key`` form
field, one transaction claims the key, runs the view and keeps its answer. A
retry gets that answer again (``Idempotent-Replayed: true``); a concurrent retry
waits for the first to finish; the same key with another body is refused (422).
Refused requests (4xx) give the key back; failures (5xx) roll everything back.
Requests without a key are not touched.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from . import idempotency
from .keys import HEADER, InvalidKey, Submission, submission_of
from .responses import refusal

GetResponse = Callable[[HttpRequest], HttpResponseBase]


def idempotency_exempt(view: Callable) -> Callable:
    """Mark a view whose POSTs are never claimed, even when they carry a key."""
    view.idempotency_exempt = True  # type: ignore[attr-defined]
    return view


def _exempt(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return bool(getattr(match.func, "idempotency_exempt", False))


class IdempotencyMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "POST":
            return self.get_response(request)
        try:
            submission = submission_of(request)
        except InvalidKey:
            return refusal(
                request,
                400,
                "idempotency_key_invalid",
                _("The %(header)s must be 1 to 255 visible characters, such as a UUID.")
                % {"header": HEADER},
            )
        except RequestDataTooBig:
            # Too large to hash: the view refuses it the same way on its own.
            return self.get_response(request)
        if submission is None or _exempt(request):
            return self.get_response(request)
        return self._once(request, submission)

    def _once(self, request: HttpRequest, submission: Submission) -> HttpResponseBase:
        record = None
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    claimed = idempotency.claim(submission)
                    if claimed is not None:
                        return self._run(request, claimed)
                    record = idempotency.answered(submission)
            except DatabaseError:
                # The commit failed (or the connection went): nothing was kept, so
                # the write was not acknowledged. A retry with the key runs again,
                # or replays the answer if the commit did happen after all.
                return refusal(
                    request,
                    503,
                    "not_saved",
                    _("This could not be saved just now. Please try again."),
                    retry_after=1,
                )
            if record is not None:
                break
            # Purged between the claim and the read: claim it afresh.
        if record is None:
            return refusal(
                request,
                503,
                "not_saved",
                _("This could not be saved just now. Please try again."),
                retry_after=1,
            )
        if record.fingerprint != submission.fingerprint:
            return refusal(
                request,
                422,
                "idempotency_key_reused",
                _(
                    "This was already sent once with different content. Reload the "
                    "page to send it again."
                ),
            )
        return idempotency.replay(record)

    def _run(self, request: HttpRequest, claimed: int) -> HttpResponseBase:
        """Run the view in the claiming transaction and keep (or drop) its answer."""
        response = self.get_response(request)
        if transaction.get_rollback():
            # The view's transaction broke: its writes are rolled back with the
            # key, so success must not be reported.
            raise DatabaseError("the request's transaction was marked for rollback")
        if response.status_code >= 500:
            transaction.set_rollback(True)
        elif response.status_code >= 400:
            idempotency.release(claimed)
        else:
            idempotency.keep(claimed, response)
        return response
