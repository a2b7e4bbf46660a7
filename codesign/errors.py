"""Why a participatory-budgeting action was refused, in words for the person."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.functional import Promise


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
