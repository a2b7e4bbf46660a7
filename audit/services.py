"""Writing the audit log. Call `record` inside the transaction of the change itself,
so an entry exists exactly when the change does."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import context
from .models import AuditEntry


def record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log `action` (e.g. "moderation.hide") by `actor` on `target`, from the request's origin."""
    origin = context.current()
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_person else None,
        actor_name=actor.get_username() if is_person else "",
        action=action,
        data=data or {},
        address=origin.address,
        user_agent=origin.user_agent,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:300]
    entry.full_clean()
    entry.save()
    return entry
