"""Reads for moderators: the queue of flagged content, one item's story, the log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, QuerySet
from django.utils import timezone

from audit.models import AuditEntry

from .kinds import Kind, by_model_label
from .models import Ban, Decision, Flag
from .rules import towns_moderated

QUEUE_LIMIT = 200


@dataclass
class QueueItem:
    """One flagged (or hidden) piece of content and what residents said."""

    kind: Kind
    target: Any
    open_flags: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    last_flagged: dt.datetime | None = None


def _in_towns(queryset: QuerySet[Any], towns: list[int] | None) -> QuerySet[Any]:
    return queryset if towns is None else queryset.filter(town_id__in=towns)


def _targets(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[Kind, Any]]:
    """Load the rows named by (content type id, object id), a query per kind."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for type_id, object_id in pairs:
        wanted[type_id].add(object_id)
    kinds = by_model_label()
    found = {}
    for type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(type_id)
        kind = kinds.get(f"{content_type.app_label}.{content_type.model}")
        if kind is None:
            continue
        for row in kind.model._default_manager.filter(pk__in=ids):
            found[(type_id, row.pk)] = (kind, row)
    return found


def queue(user: Any) -> list[QueueItem]:
    """Content with open flags in the towns ``user`` moderates, most flagged first."""
    towns = towns_moderated(user)
    rows = (
        _in_towns(Flag.objects.filter(closed_at__isnull=True), towns)
        .values("content_type_id", "object_id", "reason")
        .annotate(n=Count("pk"), last=Max("created"))
        .order_by()
    )
    items: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        key = (row["content_type_id"], row["object_id"])
        item = items.setdefault(key, {"reasons": {}, "n": 0, "last": row["last"]})
        item["reasons"][row["reason"]] = row["n"]
        item["n"] += row["n"]
        item["last"] = max(item["last"], row["last"])
    targets = _targets(list(items))
    listing = [
        QueueItem(
            kind=targets[key][0],
            target=targets[key][1],
            open_flags=item["n"],
            reasons=item["reasons"],
            last_flagged=item["last"],
        )
        for key, item in items.items()
        if key in targets
    ]
    listing.sort(
        key=lambda i: (-i.open_flags, -(i.last_flagged or timezone.now()).timestamp())
    )
    return listing[:QUEUE_LIMIT]


def hidden_now(user: Any) -> list[QueueItem]:
    """Content hidden by a moderator and still hidden, newest decision first."""
    towns = towns_moderated(user)
    decisions = (
        _in_towns(Decision.objects.filter(action="hide"), towns)
        .values("content_type_id", "object_id")
        .annotate(last=Max("at"))
        .order_by("-last")[:QUEUE_LIMIT]
    )
    targets = _targets([(d["content_type_id"], d["object_id"]) for d in decisions])
    return [
        QueueItem(kind=kind, target=row)
        for kind, row in targets.values()
        if getattr(row, "is_hidden", False)
    ]


def flags_on(target: Any) -> QuerySet[Flag]:
    """Every flag on one object, open ones first."""
    return (
        Flag.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )
        .select_related("reporter", "closed_by")
        .order_by(F("closed_at").desc(nulls_first=True), "-created")
    )


def decisions_on(target: Any) -> QuerySet[Decision]:
    """Every moderation decision about one object, newest first."""
    return Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("moderator")


def bans() -> QuerySet[Ban]:
    """Bans standing or expired but not lifted first, then the lifted ones."""
    return Ban.objects.select_related("person", "by", "lifted_by").order_by(
        F("lifted_at").desc(nulls_first=True), "-created"
    )


def audit_log(
    *,
    who: str = "",
    action: str = "",
    target: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log, newest first, narrowed by who, what, which object and when.

    ``action`` without a dot is an area ("review" finds every review.*);
    ``target`` matches the object's label, or "kind:id" such as "proposal:12".
    """
    entries = AuditEntry.objects.select_related("target_type")
    if who.strip():
        entries = entries.filter(actor_name__iexact=who.strip())
    action = action.strip().lower()
    if action:
        entries = (
            entries.filter(action=action)
            if "." in action
            else entries.filter(action__startswith=f"{action}.")
        )
    target = target.strip()
    if target:
        model, _sep, ident = target.partition(":")
        if ident.strip().isdigit():
            entries = entries.filter(
                target_type__model=model.strip().lower(), target_id=ident.strip()
            )
        else:
            entries = entries.filter(target_label__icontains=target)
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    if until is not None:
        entries = entries.filter(at__date__lte=until)
    return entries
