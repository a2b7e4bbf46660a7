"""What every co-design page needs: refusals shown to the user, the signed-in person."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest

from accounts.models import User

from ..errors import ActionRefused


def refused(request: HttpRequest, refusal: ActionRefused, form: Any = None) -> int:
    """Show a refusal on the form (or as a message); return the HTTP status."""
    if form is not None:
        field = refusal.field if refusal.field in getattr(form, "fields", {}) else None
        form.add_error(field, str(refusal))
    else:
        messages.error(request, str(refusal))
    return refusal.status


def person(request: HttpRequest) -> User:
    """The signed-in user (callers checked that someone is signed in)."""
    return cast(User, request.user)
