"""What else a town offers, registered by the apps built on mapping.

mapping imports neither codesign nor community_map; they add their town pages
here in ``AppConfig.ready()`` and the town page links to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class TownSection:
    label: str | Promise
    url_name: str  # reversed with the town's slug as ``town``


_SECTIONS: list[TownSection] = []


def register(label: str | Promise, url_name: str) -> None:
    """Link a page of another app from every town's page (idempotent)."""
    section = TownSection(label, url_name)
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def links(town_slug: str) -> list[dict[str, str]]:
    """The registered sections of one town, as label and URL."""
    return [
        {"label": str(s.label), "url": reverse(s.url_name, kwargs={"town": town_slug})}
        for s in _SECTIONS
    ]
