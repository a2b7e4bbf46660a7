"""Three languages: every string a person sees exists in kk, ru and en."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.mapping.test_pages import map_config
from tests.po_placeholders import check as check_placeholders

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGS = sorted(
    path
    for folder in settings.LOCALE_PATHS
    for path in Path(folder).glob("*/LC_MESSAGES/*.po")
)

# English interface strings that must not survive on a Kazakh or Russian page.
ENGLISH_UI = [
    "Skip to content",
    "Our town, together",
    "Districts",
    "Sites",
    "All towns",
    "Shape your town together",
    "Towns",
    "district",
    "Neglected: waiting for ideas",
]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: "/".join(p.parts[-4:]))
def test_every_message_is_translated(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = result.stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: "/".join(p.parts[-4:]))
def test_translations_keep_every_placeholder(po):
    assert check_placeholders(po) == []


def test_both_languages_have_catalogs():
    assert {p.parts[-3] for p in CATALOGS} == {"kk", "ru"}


def test_kazakh_admin_has_no_english_left(admin_client, aksu):
    html = admin_client.get("/kk/admin/mapping/site/").content.decode()
    # The page's words, not its markup: a random CSRF token once held "Go".
    text = re.sub(r"<[^>]*>", " ", html)
    for english in (
        "Select site to change",
        "Filter",
        "Action:",
        "Go",
        "Add site",
        "Show all",
    ):
        assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text), english


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("path", ["/", "/towns/aksu/"])
def test_pages_show_no_english_interface(client, aksu, language, path):
    html = client.get(f"/{language}{path}").content.decode()
    visible = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", visible)
    for english in ENGLISH_UI:
        assert not re.search(rf"\b{re.escape(english)}\b", visible), english


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Қалаңызды бірге өзгертіңіз"),
        ("ru", "Меняйте свой город вместе"),
        ("en", "Shape your town together"),
    ],
)
def test_home_heading_per_language(client, db, language, heading):
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


def test_language_switcher_links_to_the_same_page(client, aksu):
    html = client.get("/ru/towns/aksu/").content.decode()
    for code in ("kk", "ru", "en"):
        assert f'href="/{code}/towns/aksu/" hreflang="{code}"' in html
    assert 'hreflang="ru" lang="ru" aria-current="true"' in html


def test_map_labels_handed_to_the_script_are_translated(client, aksu):
    html = client.get("/kk/towns/aksu/").content.decode()
    labels = map_config(html)["labels"]
    assert labels["attribution"] != "Boundaries: Birge demo data"
    assert all(
        any("\u0400" <= ch <= "\u04ff" for ch in text) for text in labels.values()
    )


@pytest.mark.parametrize(
    ("language", "area"),
    [("kk", "1\xa0221,1"), ("ru", "1\xa0221,1"), ("en", "1,221.1")],
)
def test_areas_are_written_the_local_way(client, aksu, language, area):
    html = client.get(f"/{language}/towns/aksu/").content.decode()
    # The district is 0.04° x 0.04° at 52°N: 2.74 km x 4.45 km in UTM 43N.
    assert f"{area} " in html
