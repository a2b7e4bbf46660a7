"""The kinds of public content residents may flag, and what moderation asks of each.

Each kind says in one place which town's moderators handle a row, who wrote it
(they still see it when hidden), whether the public sees it at all (only public
content can be flagged), its page and a short title. Models are looked up
lazily: codesign, community_map and contest import ``moderation.models``, so
this module must not import theirs at load time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    """How moderation treats one model."""

    slug: str
    model_label: str
    label: str | Promise
    town_id: Callable[[Any], int]
    # (user, obj): its author, or those who answer for it; they see it hidden.
    is_author: Callable[[Any, Any], bool]
    is_public: Callable[[Any], bool]
    url: Callable[[Any], str]
    author: Callable[[Any], Any]  # the person told about a decision, or None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def get(self, pk: int) -> Any:
        """The row, or Http404."""
        found = self.model._default_manager.filter(pk=pk).first()
        if found is None:
            raise Http404(gettext("There is no such page."))
        return found


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _concept_url(concept: Any) -> str:
    session = concept.session
    return reverse(
        "codesign:concept",
        kwargs={
            "town": session.site.town.slug,
            "site": session.site.slug,
            "session": session.slug,
            "pk": concept.pk,
        },
    )


def _concept_public(concept: Any) -> bool:
    return (
        not concept.official
        and concept.versions.filter(submitted_at__isnull=False).exists()
    )


def _edits_community(user: Any, community: Any) -> bool:
    return _signed_in(user) and (
        community.created_by_id == user.pk
        or user.has_perm("community_map.change_community", community)
    )


def _sends_or_judges(user: Any, drawing: Any) -> bool:
    # The jury keeps judging a hidden drawing: its sheet shows the picture.
    return _signed_in(user) and (
        drawing.submitted_by_id == user.pk
        or user.has_perm("contest.organise", drawing.contest)
        or user.has_perm("contest.judge", drawing.contest)
    )


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            slug="proposal",
            model_label="codesign.Proposal",
            label=_("proposal"),
            town_id=lambda p: p.campaign.town_id,
            is_author=lambda u, p: _signed_in(u) and p.author_id == u.pk,
            is_public=lambda p: p.status != "draft",
            url=lambda p: p.get_absolute_url(),
            author=lambda p: p.author,
        ),
        Kind(
            slug="concept",
            model_label="codesign.Concept",
            label=_("concept"),
            town_id=lambda c: c.session.site.town_id,
            is_author=lambda u, c: _signed_in(u) and c.author_id == u.pk,
            is_public=_concept_public,
            url=_concept_url,
            author=lambda c: c.author,
        ),
        Kind(
            slug="community",
            model_label="community_map.Community",
            label=_("community"),
            town_id=lambda c: c.town_id,
            is_author=_edits_community,
            is_public=lambda c: True,
            url=lambda c: c.get_absolute_url(),
            author=lambda c: c.created_by,
        ),
        Kind(
            slug="place",
            model_label="community_map.MeetingPlace",
            label=_("meeting place"),
            town_id=lambda p: p.community.town_id,
            is_author=lambda u, p: _edits_community(u, p.community),
            is_public=lambda p: not p.community.is_hidden,
            url=lambda p: p.community.get_absolute_url(),
            author=lambda p: p.community.created_by,
        ),
        Kind(
            slug="drawing",
            model_label="contest.Drawing",
            label=_("drawing"),
            town_id=lambda d: d.contest.town_id,
            is_author=_sends_or_judges,
            is_public=lambda d: d.status == "accepted",
            url=lambda d: d.get_absolute_url(),
            author=lambda d: d.submitted_by,
        ),
    )
}


def kind_named(slug: str) -> Kind:
    """The kind with this slug, or Http404."""
    if slug not in KINDS:
        raise Http404(gettext("There is no such page."))
    return KINDS[slug]


def kind_of(obj: models.Model) -> Kind:
    """The kind of a moderated row (LookupError for any other model)."""
    label = obj._meta.label
    for kind in KINDS.values():
        if kind.model_label == label:
            return kind
    raise LookupError(f"{label} is not moderated")


def by_model_label() -> dict[str, Kind]:
    return {kind.model_label.lower(): kind for kind in KINDS.values()}
