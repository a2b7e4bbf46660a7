"""Winning proposals being built: progress notes, photos, and "built"."""

from __future__ import annotations

import secrets

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ActionRefused
from ..models import Phase, ProgressNote, Proposal, ProposalStatus
from ..phases import require_phase
from .history import save_version, snapshot
from .photos import reencode


def _require_akimat(user: User, proposal: Proposal) -> None:
    if not user.has_perm("codesign.report_building", proposal):
        raise ActionRefused(
            "not_akimat",
            _("Only the akimat's project staff report on building work."),
            status=403,
        )


def _move(
    proposal: Proposal,
    user: User,
    *,
    source: tuple[ProposalStatus, ...],
    target: ProposalStatus,
    note: str,
) -> Proposal:
    _require_akimat(user, proposal)
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=proposal.pk)
    )
    require_phase(proposal.campaign, Phase.IMPLEMENTATION)
    if proposal.status not in source:
        raise ActionRefused(
            "wrong_status",
            _("This proposal is %(status)s.")
            % {"status": proposal.get_status_display()},
        )
    before = snapshot(proposal)
    proposal.status = target
    save_version(proposal, actor=user, before=before, reason=note.strip())
    return proposal


@transaction.atomic
def proposal_start_work(*, proposal: Proposal, user: User, note: str = "") -> Proposal:
    """A selected proposal is being built."""
    return _move(
        proposal,
        user,
        source=(ProposalStatus.SELECTED,),
        target=ProposalStatus.IN_PROGRESS,
        note=note,
    )


@transaction.atomic
def proposal_mark_built(*, proposal: Proposal, user: User, note: str = "") -> Proposal:
    """A proposal has been built and handed over to the town."""
    return _move(
        proposal,
        user,
        source=(ProposalStatus.SELECTED, ProposalStatus.IN_PROGRESS),
        target=ProposalStatus.BUILT,
        note=note,
    )


@transaction.atomic
def progress_note_add(
    *, proposal: Proposal, user: User, text: str, photo: UploadedFile | None = None
) -> ProgressNote:
    """Report how the building work is going, with a photo if there is one."""
    _require_akimat(user, proposal)
    if proposal.status not in (
        ProposalStatus.SELECTED,
        ProposalStatus.IN_PROGRESS,
        ProposalStatus.BUILT,
    ):
        raise ActionRefused(
            "not_a_winner", _("Only winning proposals have building progress.")
        )
    if not text.strip():
        raise ActionRefused(
            "note_empty", _("Write what has been done."), status=400, field="text"
        )
    note = ProgressNote(
        proposal=proposal, author=user, text=text.strip(), token=secrets.token_hex(16)
    )
    if photo is not None:
        note.image.save("progress.jpg", reencode(photo), save=False)
    note.full_clean()
    note.save()
    return note
