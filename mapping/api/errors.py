"""Every API error is JSON: {"error": {"code", "message", ...}} in the user's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from limits.refusals import TooLarge

from ..intake import GeometryRejected


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The shape of every error the API returns."""
    return {"error": {"code": code, "message": message, **extra}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, reshaped so every error has a code and a plain sentence."""
    if isinstance(exc, GeometryRejected):
        return Response({"error": exc.as_dict()}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        # Django's own "too much form data" is a 400; too large is a 413.
        too_large = TooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        return Response({"error": too_large.as_dict()}, status=413)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        return Response(
            error_body("not_found", str(exc) or _("Nothing is here.")),
            status=status.HTTP_404_NOT_FOUND,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        summary = "; ".join(
            f"{name}: {' '.join(messages)}" if name else " ".join(messages)
            for name, messages in fields.items()
        )
        response.data = error_body(
            "invalid",
            _("Please correct the request: %(problems)s") % {"problems": summary},
            fields=fields,
        )
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = error_body(
            codes if isinstance(codes, str) else "error", str(exc.detail)
        )
    return response


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field.sub": ["message", ...]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix: [str(item) for item in detail]}
        out = {}
        for i, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{i}" if prefix else str(i)))
        return out
    return {prefix: [str(detail)]}
