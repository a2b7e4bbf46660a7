"""What the intake says when it refuses a geometry: a code, a sentence, a place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass
class GeometryRejected(Exception):
    """Raised when outside geometry cannot be accepted; nothing is stored."""

    code: str
    message: str | Promise
    location: str = ""
    position: Sequence[float] | None = None
    suggestion: dict[str, Any] | None = None
    status: int = 400
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        """The JSON body of an error response (see docs/intake.md)."""
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.location:
            body["location"] = self.location
        if self.position is not None:
            body["position"] = [round(float(c), 7) for c in self.position]
        if self.suggestion is not None:
            body["suggestion"] = self.suggestion
        if self.details:
            body["details"] = self.details
        return body


@dataclass(frozen=True)
class IntakeNote:
    """Something the intake changed without refusing, told to the sender."""

    code: str
    message: str | Promise

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self.message)}


# The refusals that mean "too large" rather than "wrong": answered 413, also when
# they reach a person through a form field rather than the API.
OVERSIZE_CODES = frozenset(
    {"too_large", "too_many_vertices", "too_many_rings", "too_many_parts"}
)


def form_status(form: Any) -> int:
    """The status of a page re-shown with a form's mistakes: 413 if a shape was too large."""
    for errors in form.errors.as_data().values():
        if any(error.code in OVERSIZE_CODES for error in errors):
            return 413
    return 400
