"""What identifies a submission: its key, whose it is, and what was sent."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.http import HttpRequest

from audit.context import client_address

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
# Form fields that differ between two sends of one form without changing it.
IGNORED_FIELDS = frozenset({FIELD, "csrfmiddlewaretoken"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Visible ASCII, as HTTP header values allow; a UUID is 36 of these.
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")


class InvalidKey(ValueError):
    """A key was sent but cannot be one (empty, too long, or not visible ASCII)."""


@dataclass(frozen=True)
class Submission:
    """A POST that carries an idempotency key."""

    owner: str
    key: str
    fingerprint: str


def key_of(request: HttpRequest) -> str | None:
    """The key from the header, else from the form field; None when there is none."""
    value = request.headers.get(HEADER)
    if value is None and request.content_type in FORM_TYPES:
        value = request.POST.get(FIELD)
    if value is None:
        return None
    value = value.strip()
    if not KEY_PATTERN.fullmatch(value):
        raise InvalidKey(value[:40])
    return value


def owner_of(request: HttpRequest) -> str:
    """Whose keys these are: the account, else the session, else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return f"session:{session.session_key}"
    return f"address:{client_address(request) or 'unknown'}"


def fingerprint_of(request: HttpRequest) -> str:
    """SHA-256 of the method, the path with its query, and the body.

    Forms are hashed field by field (files by name, size and content) rather than
    as raw bytes: multipart boundaries and CSRF tokens differ between two sends
    of the same form, and reading a large upload's raw body is refused.
    """
    digest = hashlib.sha256()

    def add(part: bytes) -> None:
        # Length-prefixed, so ("ab", "c") and ("a", "bc") never hash alike.
        digest.update(b"%d:" % len(part))
        digest.update(part)

    add(request.method.encode() if request.method else b"")
    add(request.get_full_path().encode())
    if request.content_type in FORM_TYPES:
        for name in sorted(request.POST):
            if name in IGNORED_FIELDS:
                continue
            for value in request.POST.getlist(name):
                add(name.encode())
                add(value.encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                add(name.encode())
                add((upload.name or "").encode())
                add(str(upload.size).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        add(request.content_type.encode() if request.content_type else b"")
        add(request.body)
    return digest.hexdigest()


def submission_of(request: HttpRequest) -> Submission | None:
    """The request as a keyed submission, or None when it carries no key."""
    key = key_of(request)
    if key is None:
        return None
    return Submission(owner_of(request), key, fingerprint_of(request))
