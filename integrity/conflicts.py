"""What changed since a stale save's revision, told in the person's language."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from codesign.comparison.vocabulary import KINDS, kind
from codesign.models import Concept, ConceptElement, Proposal
from mapping.refusals import ActionRefused

from .locking import stale

FAMILIES = ("zone", "path", "object")


def _who(user: User | None, person: User) -> str:
    if user is None:
        return _("someone")
    if user.pk == person.pk:
        return _("you, in another window or on another device")
    return user.get_full_name() or user.get_username()


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def family_counts(kinds: Iterable[str]) -> dict[str, int]:
    """How many zones, paths and objects the given element kinds make."""
    known = {k.slug for k in KINDS}
    counted: Counter[str] = Counter(kind(k).family for k in kinds if k in known)
    return {family: counted[family] for family in FAMILIES}


def _counts_text(counts: dict[str, int]) -> str:
    words = {
        "zone": lambda n: ngettext("%(n)d zone", "%(n)d zones", n),
        "path": lambda n: ngettext("%(n)d path", "%(n)d paths", n),
        "object": lambda n: ngettext("%(n)d object", "%(n)d objects", n),
    }
    parts = [words[f](n) % {"n": n} for f, n in counts.items() if n]
    return ", ".join(parts) if parts else _("nothing drawn")


def concept_conflict(
    *,
    concept: Concept,
    person: User,
    revision: int,
    yours: Iterable[str] | None = None,
) -> ActionRefused:
    """The refusal of a concept change from ``revision``: who saved since, and what.

    ``yours`` are the kinds of the elements the person sent with a save; None
    for a submission, which sends none.
    """
    current = Concept.objects.select_related("revised_by").get(pk=concept.pk)
    draft = current.versions.order_by("-number").first()
    saved = family_counts(
        ConceptElement.objects.filter(version=draft).values_list("kind", flat=True)
        if draft
        else []
    )
    mine = family_counts(yours) if yours is not None else None
    who = _who(current.revised_by or current.author, person)
    facts = {"who": who, "when": _when(current.modified), "saved": _counts_text(saved)}
    if mine is None:
        message = (
            _(
                "This concept was saved elsewhere after you opened it, by %(who)s "
                "(%(when)s). Saved now: %(saved)s. Nothing was submitted: look at the "
                "saved drawing first, then submit it."
            )
            % facts
        )
    else:
        message = _(
            "This concept was saved elsewhere after you opened it, by %(who)s "
            "(%(when)s). Saved now: %(saved)s. Yours: %(yours)s. Nothing was "
            "overwritten. Save again to replace the saved drawing with yours, or "
            "reload the page to see it (your drawing here would be lost)."
        ) % {**facts, "yours": _counts_text(mine)}
    return stale(
        message,
        revision=current.revision,
        your_revision=revision,
        saves_since=max(current.revision - revision, 0),
        saved_by=who,
        saved_at=current.modified.isoformat(),
        version=draft.number if draft else None,
        submitted=bool(draft and draft.submitted_at),
        counts={"saved": saved, "yours": mine},
    )


def _field_names() -> dict[str, str]:
    return {
        "title": _("the title"),
        "description": _("the description"),
        "category": _("the category"),
        "geometry": _("the place on the map"),
        "cost": _("the cost"),
        "status": _("the status"),
    }


def proposal_conflict(
    *, proposal: Proposal, person: User, revision: int
) -> ActionRefused:
    """The refusal of a proposal edit from ``revision``: who changed what since."""
    current = Proposal.objects.get(pk=proposal.pk)
    versions = list(
        current.versions.filter(revision__gt=revision)
        .select_related("actor")
        .order_by("revision")
    )
    changed: list[str] = []
    for version in versions:
        changed += [name for name in version.changed if name not in changed]
    names = _field_names()
    fields = ", ".join(names.get(name, name) for name in changed) or _("something")
    last = versions[-1] if versions else None
    message = _(
        "This proposal was changed after you opened it: %(who)s changed %(fields)s "
        "(%(when)s). Your changes below are not saved yet. Compare them with the "
        "proposal as it is now, then save again to replace it with yours."
    ) % {
        "who": _who(last.actor if last else None, person),
        "fields": fields,
        "when": _when(last.created if last else current.modified),
    }
    if "status" in changed:
        message += " " + _("Its status is now “%(status)s”.") % {
            "status": current.get_status_display()
        }
    return stale(
        message,
        revision=current.revision,
        your_revision=revision,
        changed=changed,
        saved_by=_who(last.actor if last else None, person),
        saved_at=(last.created if last else current.modified).isoformat(),
    )
