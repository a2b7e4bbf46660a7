"""Request bodies over the limit are refused before they are read (413).

Declared sizes (Content-Length) are checked before a byte is read. A chunked body
declares none: it is read here, up to one byte past the limit, and handed on as
if it had been declared (Django alone would read nothing of it under WSGI).
Multipart forms are parsed here too, so Django's own "too much form data" error
becomes a 413 rather than a 400.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import LimitedStream, WSGIRequest
from django.http import HttpRequest

from .refusals import TooLarge

_CHUNK = 64 * 1024


def is_multipart(request: HttpRequest) -> bool:
    return request.content_type == "multipart/form-data"


def cap(request: HttpRequest, max_body_bytes: int) -> int:
    """The most a body may hold: files ride in multipart; other bodies are read
    into memory whole, within Django's DATA_UPLOAD_MAX_MEMORY_SIZE."""
    in_memory = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if is_multipart(request) or in_memory is None:
        return max_body_bytes
    return min(in_memory, max_body_bytes)


def oversize(request: HttpRequest, max_body_bytes: int) -> TooLarge | None:
    """Why this body is too large, before the view reads it; None if it is not."""
    limit = cap(request, max_body_bytes)
    declared = request.META.get("CONTENT_LENGTH", "")
    if str(declared).strip().isdigit():
        size = int(declared)
        return TooLarge(limit, size) if size > limit else None
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return _buffer_chunked(request, limit)
    return None


def _buffer_chunked(request: HttpRequest, limit: int) -> TooLarge | None:
    # Under WSGI the server has de-chunked wsgi.input, but Django reads only
    # CONTENT_LENGTH bytes of it (none); under ASGI the body is already spooled.
    source = (
        request.environ["wsgi.input"]
        if isinstance(request, WSGIRequest)
        else request._stream  # type: ignore[attr-defined]
    )
    parts, size = [], 0
    while size <= limit:
        chunk = source.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > limit:
        return TooLarge(limit)
    body = b"".join(parts)
    request._stream = LimitedStream(io.BytesIO(body), len(body))  # type: ignore[attr-defined,assignment]
    request.META["CONTENT_LENGTH"] = str(len(body))
    return None


def form_too_large(request: HttpRequest, max_body_bytes: int) -> TooLarge | None:
    """Parse a multipart POST now, so too many bytes of fields answer 413.

    CSRF protection and the idempotency middleware read the form right after
    this anyway; reading it here first changes nothing for the view.
    """
    if request.method != "POST" or not is_multipart(request) or _parsed(request):
        return None
    try:
        request.POST  # noqa: B018 (parsing is the point)
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or max_body_bytes
        return TooLarge(limit)
    return None


def _parsed(request: HttpRequest) -> bool:
    return hasattr(request, "_post")
