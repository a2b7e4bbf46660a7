"""Claiming a key, keeping the answer it got, and purging keys past their day.

Every function runs inside the caller's transaction (the middleware's): the
claim, the view's writes and the kept answer commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseBase
from django.utils import timezone

from .conf import idempotency_settings
from .keys import Submission
from .models import IdempotencyKey

REPLAYED_HEADER = "Idempotent-Replayed"
PURGE_BATCH = 1000

_TABLE = IdempotencyKey._meta.db_table
# A key past its day is claimed afresh in the same statement, whether or not the
# purge has reached it yet.
_CLAIM = f"""
    INSERT INTO {_TABLE}
        (owner, key, fingerprint, created, status, content_type, location, body,
         body_kept)
    VALUES (%(owner)s, %(key)s, %(fingerprint)s, %(now)s, NULL, '', '', NULL, true)
    ON CONFLICT ON CONSTRAINT integrity_key_once_per_owner DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, created = EXCLUDED.created,
            status = NULL, content_type = '', location = '', body = NULL,
            body_kept = true
        WHERE {_TABLE}.created < %(expired_before)s
    RETURNING id
"""


def _cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=idempotency_settings().ttl_seconds)


def claim(submission: Submission) -> int | None:
    """Claim the key for this request: its row id, or None if it was answered.

    A concurrent claim of the same key makes this wait on the unique index until
    that transaction ends: committed, the key is answered (None); rolled back, or
    committed without an answer, the claim succeeds here.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM,
            {
                "owner": submission.owner,
                "key": submission.key,
                "fingerprint": submission.fingerprint,
                "now": now,
                "expired_before": _cutoff(now),
            },
        )
        row = cursor.fetchone()
    if row is not None and random.randrange(idempotency_settings().purge_every) == 0:
        transaction.on_commit(purge_expired)
    return row[0] if row else None


def answered(submission: Submission) -> IdempotencyKey | None:
    """The committed answer to a key (None if it vanished meanwhile)."""
    return IdempotencyKey.objects.filter(
        owner=submission.owner, key=submission.key, status__isnull=False
    ).first()


def keep(claimed: int, response: HttpResponseBase) -> None:
    """Store the answer with the claimed key, for every retry to get again."""
    limit = idempotency_settings().max_stored_bytes
    body: bytes | None = None
    if isinstance(response, HttpResponse) and len(response.content) <= limit:
        body = response.content
    IdempotencyKey.objects.filter(pk=claimed).update(
        status=response.status_code,
        content_type=response.get("Content-Type", "")[:200],
        location=response.get("Location", ""),
        body=body,
        body_kept=body is not None,
    )


def release(claimed: int) -> None:
    """Give the key back: a refused request is run again when retried."""
    IdempotencyKey.objects.filter(pk=claimed).delete()


def replay(record: IdempotencyKey) -> HttpResponse:
    """The stored answer again, marked as a replay."""
    response = HttpResponse(
        bytes(record.body) if record.body is not None else b"",
        status=record.status,
        content_type=record.content_type or None,
    )
    if record.location:
        response["Location"] = record.location
    response[REPLAYED_HEADER] = "true"
    return response


def purge_expired(batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` keys past their day, oldest first; how many."""
    expired = IdempotencyKey.objects.filter(
        created__lt=_cutoff(timezone.now())
    ).order_by("created")[:batch]
    deleted, _ = IdempotencyKey.objects.filter(pk__in=expired.values("pk")).delete()
    return deleted
