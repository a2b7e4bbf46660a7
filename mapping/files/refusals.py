"""Refusing an uploaded file: what is wrong with it, in the person's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import NoReturn

from mapping.refusals import ActionRefused


def refusal(
    code: str, message: str, *, status: int = 400, **details: object
) -> NoReturn:
    """Raise the refusal of an uploaded file (nothing is stored)."""
    raise ActionRefused(code, message, status=status, field="file", details=details)


@contextmanager
def refused_as(field: str) -> Iterator[None]:
    """Re-raise this package's refusals on the caller's form field (e.g. "plan")."""
    try:
        yield
    except ActionRefused as refused:
        if refused.field != "file":
            raise
        raise replace(refused, field=field) from None
