"""Login lockout with back-off: who is locked, failures counted, success forgiven.

Accounts are named by ``account_key``: ``u<pk>`` when the name tried (username
or e-mail) belongs to exactly one account, else a keyed hash of the name, so a
name that belongs to no one locks the same way and no tried name (sometimes a
password typed in the wrong field) is stored as typed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .conf import Lockout
from .models import LoginLockout

# About one failure in this many also deletes lockouts long forgotten.
PURGE_ONE_IN = 100

# One statement: count the failure (unless the account is locked right now, when
# the attempt never reached a password check), start afresh when the last
# failure is forgotten, and lock for first * 2^(failures - after), at most longest.
# ON CONFLICT's SET sees the old row, so the new count is spelled out where used.
_FAILURES = """(CASE WHEN l.last_failure < clock_timestamp()
    - make_interval(secs => %(forget)s) THEN 1 ELSE l.failures + 1 END)"""
_FAIL = f"""
INSERT INTO limits_loginlockout AS l (account, failures, last_failure, locked_until)
VALUES (%(account)s, 1, clock_timestamp(), CASE WHEN %(after)s <= 1
    THEN clock_timestamp() + make_interval(secs => %(first)s) END)
ON CONFLICT (account) DO UPDATE
SET failures = {_FAILURES},
    last_failure = clock_timestamp(),
    locked_until = CASE WHEN {_FAILURES} >= %(after)s
        THEN clock_timestamp() + make_interval(secs => LEAST(
            %(longest)s::float8,
            %(first)s * power(2::float8, LEAST({_FAILURES} - %(after)s, 30))))
    END
WHERE l.locked_until IS NULL OR l.locked_until <= clock_timestamp()
RETURNING l.failures, l.locked_until
"""


def identifier_of(credentials: Mapping[str, object]) -> str:
    """The account name a login tried (username, e-mail or login field)."""
    for field in ("username", "email", "login", "phone"):
        value = credentials.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip().casefold()
    return ""


def account_key(identifier: str) -> str:
    """``u<pk>`` for the one account this name belongs to, else a keyed hash."""
    user_model = get_user_model()
    matches = list(
        user_model._default_manager.filter(
            Q(**{f"{user_model.USERNAME_FIELD}__iexact": identifier})
            | Q(email__iexact=identifier)
        ).values_list("pk", flat=True)[:2]
    )
    if len(matches) == 1:
        return f"u{matches[0]}"
    digest = salted_hmac("birge.limits.login", identifier, algorithm="sha256")
    return "n" + digest.hexdigest()[:40]


def locked_until(account: str) -> dt.datetime | None:
    """When the account may try again, if it is locked now."""
    until = (
        LoginLockout.objects.filter(account=account, locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def failure_record(*, account: str, policy: Lockout) -> dt.datetime | None:
    """Count one failed login; return until when the account is now locked."""
    with connection.cursor() as cursor:
        cursor.execute(
            _FAIL,
            {
                "account": account,
                "after": policy.after,
                "first": policy.first,
                "longest": policy.longest,
                "forget": policy.forget,
            },
        )
        row = cursor.fetchone()
    if random.random() * PURGE_ONE_IN < 1:
        forgotten = timezone.now() - dt.timedelta(seconds=policy.forget)
        LoginLockout.objects.filter(
            last_failure__lt=forgotten, locked_until__lt=timezone.now()
        ).delete()
    return row[1] if row else None


def success_record(*, user_pk: object) -> None:
    """A successful login forgives the account's failures."""
    LoginLockout.objects.filter(account=f"u{user_pk}").delete()
