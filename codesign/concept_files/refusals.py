"""Refusing an upload: the problem and where it is, in the person's language."""

from __future__ import annotations

from typing import NoReturn

from django.utils.translation import gettext as _

from mapping.intake.geojson import sentence_start

from ..errors import ActionRefused


def refusal(
    code: str, message: str, *, status: int = 400, **details: object
) -> NoReturn:
    """Raise the refusal of an upload (nothing is stored)."""
    raise ActionRefused(code, message, status=status, field="plan", details=details)


def at(where: str, problem: str) -> str:
    """A problem with its place: “Feature 3 of layer “zones”: …”."""
    return _("%(where)s: %(problem)s") % {
        "where": sentence_start(where),
        "problem": problem,
    }
