"""Login outcomes feed the lockout: failures counted, a success forgives."""

from __future__ import annotations

from typing import Any

from . import lockout
from .backends import ACCOUNT_ATTRIBUTE
from .conf import limits
from .refusals import REQUEST_ATTRIBUTE


def login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    """Count a wrong password; attempts the limits refused never reached one."""
    identifier = lockout.identifier_of(credentials)
    if not identifier or getattr(request, REQUEST_ATTRIBUTE, None) is not None:
        return
    known = getattr(request, ACCOUNT_ATTRIBUTE, None)
    account = known[1] if known and known[0] == identifier else None
    lockout.failure_record(
        account=account or lockout.account_key(identifier), policy=limits().lockout
    )


def logged_in(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    lockout.success_record(user_pk=user.pk)
