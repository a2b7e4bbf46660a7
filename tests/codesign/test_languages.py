"""Budgeting pages in Kazakh and Russian show none of their English interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services

from .conftest import IINS, on_ballot

CATALOG = (
    Path(__file__).resolve().parents[2] / "locale" / "kk" / "LC_MESSAGES" / "django.po"
)


def english_of_budgeting() -> list[str]:
    """Every several-word English message of the budgeting pages and code."""
    text = CATALOG.read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n"):
        if "codesign" not in block or "msgid_plural" in block:
            continue
        match = re.search(r'^msgid "(.*)"$', block, flags=re.M)
        if not match or not match.group(1):
            continue
        msgid = match.group(1)
        # Only plain sentences: placeholders and markup make poor search strings.
        if "%" in msgid or "<" in msgid or len(msgid.split()) < 3:
            continue
        found.append(msgid.replace('\\"', '"'))
    return found


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_budgeting_pages_have_no_english_left(client, aksu, resident, expert, language):
    english = english_of_budgeting()
    assert len(english) > 40  # the catalog really lists the budgeting pages
    campaign, proposals = on_ballot(aksu, resident, expert)
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    services.ballot_submit(
        campaign=campaign, user=resident, choices={proposals[0].pk: 1}
    )
    # The akimat's official also sees the paper ballot page and its link.
    role_grant(actor=None, user=expert, role=Role.AKIMAT, town=aksu)
    client.force_login(expert)
    kwargs = {"town": "aksu", "slug": campaign.slug}
    with translation.override(language):
        pages = [
            reverse("codesign:campaigns", kwargs={"town": "aksu"}),
            reverse("codesign:built", kwargs={"town": "aksu"}),
            reverse("codesign:campaign", kwargs=kwargs),
            reverse("codesign:vote", kwargs=kwargs),
            reverse("codesign:paper-ballot", kwargs=kwargs),
            reverse("codesign:voting-codes", kwargs=kwargs),
            reverse("codesign:activity", kwargs=kwargs),
            reverse("codesign:review", kwargs=kwargs),
            proposals[0].get_absolute_url(),
        ]
    # The same pages in English do show these sentences: the check can fail.
    english_page = visible_text(
        client.get(pages[3].replace(f"/{language}/", "/en/")).content.decode()
    )
    assert any(e in english_page for e in english)
    for path in pages:
        assert path.startswith(f"/{language}/")
        text = visible_text(client.get(path).content.decode())
        left = [e for e in english if e in text]
        assert left == [], (path, left)
    # The slip of a code just issued, too.
    slip = client.post(pages[5], {"iin": IINS[2]}).content.decode()
    assert 'id="voting-code"' in slip
    left = [e for e in english if e in visible_text(slip)]
    assert left == [], left
