"""Optimistic locking: a save names the revision it started from, or is refused."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from mapping.refusals import ActionRefused

STALE = "stale"


def bump_revision(
    model: type[models.Model], *, pk: int, revision: int, **also: Any
) -> bool:
    """Move the row to its next revision if it is still at ``revision``.

    One statement, decided by the database:
    ``UPDATE … SET revision = revision + 1 WHERE id = %s AND revision = %s``.
    False when someone else's save got there first.
    """
    changed = model._default_manager.filter(pk=pk, revision=revision).update(
        revision=F("revision") + 1, **also
    )
    return changed == 1


def stale(message: str, **details: Any) -> ActionRefused:
    """The 409 a stale save gets, with what changed since in ``details``."""
    return ActionRefused(STALE, message, status=409, details=details)
