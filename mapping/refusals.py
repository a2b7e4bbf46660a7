"""Why an action was refused, in words for the person, and how a page shows it.

Every app's services raise ``ActionRefused``; its views call ``refused`` to put the
message on the form (or the page) and answer with the refusal's HTTP status.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from accounts.models import User


@dataclasses.dataclass
class ActionRefused(Exception):
    """An action that cannot happen now; nothing was changed.

    ``status`` is the HTTP answer a view gives: 409 for "not now / not in this
    state", 400 for bad input, 404 for something the person may not see.
    """

    code: str
    message: str | Promise
    status: int = 409
    field: str = ""
    details: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.field:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


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
