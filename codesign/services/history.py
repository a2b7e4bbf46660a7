"""Every change of a proposal's place, cost or status becomes a version.

One function saves a changed proposal: it bumps the revision, writes the
version, logs a status change in the audit log (in the same transaction), and
(after commit) tells the author when the status moved.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts.models import User
from audit.services import record

from ..models import Proposal, ProposalVersion

TRACKED = ("title", "geometry", "cost", "status")


def snapshot(proposal: Proposal) -> dict[str, object]:
    """The tracked fields as they are now (geometry as WKB for comparison)."""
    return {
        "title": proposal.title,
        "geometry": bytes(proposal.geometry.ewkb) if proposal.geometry else None,
        "cost": proposal.cost,
        "status": proposal.status,
    }


def _clean(proposal: Proposal) -> None:
    # GeoDjango cannot evaluate ST_IsValid(NULL) in Python-side constraint checks;
    # a proposal without a place (an import) skips the geometry constraints.
    proposal.full_clean(exclude=["geometry"] if proposal.geometry is None else None)


def save_version(
    proposal: Proposal,
    *,
    actor: User | AnonymousUser | None,
    before: dict[str, object] | None,
    reason: str = "",
    notify: bool = True,
) -> ProposalVersion | None:
    """Save the proposal and record what changed since ``before`` (None: created).

    Saves nothing new in the history when no tracked field changed.
    """
    after = snapshot(proposal)
    changed = [
        name for name in TRACKED if before is None or before[name] != after[name]
    ]
    if before is not None and not changed:
        _clean(proposal)
        proposal.save()
        return None
    if before is not None:
        proposal.revision += 1
    _clean(proposal)
    proposal.save()
    version = ProposalVersion.objects.create(
        proposal=proposal,
        revision=proposal.revision,
        actor=actor if isinstance(actor, User) else None,
        changed=changed,
        title=proposal.title,
        geometry=proposal.geometry,
        cost=proposal.cost,
        status=proposal.status,
        reason=reason,
    )
    if before is not None and "status" in changed:
        record(
            action="proposal.status",
            actor=actor,
            target=proposal,
            data={
                "from": before["status"],
                "to": proposal.status,
                "revision": proposal.revision,
                "reason": reason,
            },
        )
    if notify and before is not None and "status" in changed:
        from .notifications import notify_status_change

        # robust: a mail server being down must not undo or fail the change itself.
        transaction.on_commit(lambda: notify_status_change(version.pk), robust=True)
    return version
