"""Login limits for any login view: the first authentication backend refuses early.

Django asks every backend in AUTHENTICATION_BACKENDS in turn, and one that
raises PermissionDenied ends the attempt: no later backend checks the password.
So Django's LoginView and django-allauth alike are covered. The refusal is left
on the request for ``limits.middleware``, which answers 429 saying when to
come back.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from . import buckets, lockout
from .conf import LOGIN, limits
from .refusals import REQUEST_ATTRIBUTE, TooMany

ACCOUNT_ATTRIBUTE = "birge_login_account"


class LoginLimitBackend(BaseBackend):
    """Refuses logins to a locked account, or too many from one account or address.

    It never authenticates anyone; it only stops attempts.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        identifier = lockout.identifier_of(credentials)
        if not identifier:
            return None
        account = lockout.account_key(identifier)
        if request is not None:  # the failure receiver needs it too: one lookup
            setattr(request, ACCOUNT_ATTRIBUTE, (identifier, account))
        refusal = _locked(account)
        if refusal is None and request is not None:
            refusal = buckets.check(
                [limits().buckets[LOGIN]], buckets.subjects(request, account)
            )
        if refusal is None:
            return None
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, refusal)
        raise PermissionDenied(refusal.message)

    def get_user(self, user_id: Any) -> Any:
        # Being first, this backend is the one Django's test client and
        # login(request, user) without a backend record in the session.
        return ModelBackend().get_user(user_id)


def _locked(account: str) -> TooMany | None:
    until = lockout.locked_until(account)
    if until is None:
        return None
    wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return TooMany("login_locked", wait, until=until)
