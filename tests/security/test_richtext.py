"""Organisers' descriptions keep a small rich-text subset; nothing executable survives."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.roles import Role
from accounts.services import role_grant
from codesign.models import Phase
from community_map.services.communities import community_create
from mapping.richtext import clean, render
from tests.codesign.conftest import make_campaign, propose
from tests.contest.conftest import make_contest

# The classic payloads: each tries to run a script or load something of its own.
PAYLOADS = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('x');\">",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(2)">x</a>',
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<body onload="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "<!--<img src=--><img src=x onerror=alert(1)//-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://ok.example" target="_blank" rel="opener">tab</a>',
    "<template><script>alert(1)</script></template>",
    '<video><source onerror="alert(1)"></video>',
    '<h3 onclick="alert(1)" id="x" class="y">heading</h3>',
]

EXECUTABLE = re.compile(
    r"<\s*(script|img|svg|math|iframe|object|embed|form|input|style|link|meta|base"
    r"|video|source|body|details|template|noscript)\b"
    r"|\son\w+\s*="
    r"|javascript:|vbscript:|data:|\sstyle\s*=|\ssrc\s*=|srcdoc|xlink",
    re.IGNORECASE,
)
ALLOWED_TAG = re.compile(r"</?(p|br|strong|em|ul|ol|li|a|h3|blockquote)\b[^>]*>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives_cleaning(payload):
    for html in (clean(payload), str(render(payload)), clean(clean(payload))):
        assert not EXECUTABLE.search(html), html
        tags = re.findall(r"<[^>]*>", html)
        assert all(ALLOWED_TAG.fullmatch(tag) for tag in tags), tags


def test_the_allowed_subset_is_kept():
    html = (
        "<h3>Что будет</h3><p>Мы <strong>вместе</strong> <em>решаем</em>.</p>"
        "<ul><li>скамейки</li><li>свет</li></ul><ol><li>один</li></ol>"
        "<blockquote>Бірге!</blockquote><p>line<br>break</p>"
    )
    assert clean(html) == html


def test_links_keep_http_https_and_mailto_and_get_nofollow_noopener():
    html = clean(
        '<a href="https://akimat.example.kz/budget" target="_blank">akimat</a> '
        '<a href="http://old.example.kz">old</a> '
        '<a href="mailto:birge@akimat.kz">mail</a> '
        '<a href="ftp://files.example.kz">ftp</a> <a href="/kk/">here</a>'
    )
    assert '<a href="https://akimat.example.kz/budget" rel="nofollow noopener">' in html
    assert '<a href="http://old.example.kz" rel="nofollow noopener">' in html
    assert '<a href="mailto:birge@akimat.kz" rel="nofollow noopener">' in html
    assert "ftp:" not in html
    # A path on this site is kept (tests/security/test_richtext_roundtrip.py).
    assert '<a href="/kk/" rel="nofollow noopener">here</a>' in html
    assert "target" not in html


def test_plain_text_keeps_its_paragraphs_and_line_breaks():
    text = "Первый абзац,\nвторая строка.\n\nВторой абзац: 5 < 7 & «кавычки»."
    assert str(render(text)) == (
        "<p>Первый абзац,<br>вторая строка.</p>"
        "<p>Второй абзац: 5 &lt; 7 &amp; «кавычки».</p>"
    )


def test_the_template_filter_cleans_what_was_stored_another_way():
    # A row written around the services (the admin, an old import) is cleaned too.
    page = Template("{% load richtext %}{{ text|richtext }}").render(
        Context({"text": "<p>ok</p><img src=x onerror=alert(1)><script>x()</script>"})
    )
    assert page == "<p>ok</p>"


ATTACK = (
    '<p>Join <strong>us</strong>!</p><img src=x onerror="alert(1)">'
    '<a href="javascript:alert(2)">prize</a><script>alert(3)</script>'
)


def assert_page_is_clean(response) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "<p>Join <strong>us</strong>!</p>" in page
    assert "onerror" not in page and "alert(" not in page
    assert "javascript:" not in page


@pytest.mark.django_db
def test_a_campaign_description_is_stored_clean_and_shown_formatted(aksu, client):
    campaign = make_campaign(
        aksu, Phase.SUBMISSION, descriptions={"en": ATTACK, "ru": ATTACK}
    )
    assert campaign.description_en == clean(ATTACK)
    assert "onerror" not in campaign.description_ru
    response = client.get(campaign.get_absolute_url())
    assert_page_is_clean(response)


@pytest.mark.django_db
def test_a_contest_description_is_stored_clean_and_shown_formatted(aksu, client):
    contest = make_contest(aksu, texts={"description": {"en": ATTACK}})
    assert contest.description_en == clean(ATTACK)
    response = client.get(
        reverse("contest:gallery", kwargs={"town": "aksu", "slug": contest.slug})
    )
    assert_page_is_clean(response)


@pytest.mark.django_db
def test_a_community_description_is_stored_clean_and_shown_formatted(
    aksu, client, django_user_model
):
    mapper = django_user_model.objects.create_user(username="mapper", password="x")
    role_grant(actor=None, user=mapper, role=Role.NGO_MAPPER, town=aksu)
    community = community_create(
        actor=mapper,
        town=aksu,
        names={"en": "Bereke"},
        descriptions={"en": ATTACK},
        kind="ngo",
    )
    assert community.description_en == clean(ATTACK)
    response = client.get(
        reverse(
            "community_map:community", kwargs={"town": "aksu", "slug": community.slug}
        )
    )
    assert_page_is_clean(response)


@pytest.mark.django_db
def test_a_residents_proposal_stays_plain_text(aksu, client, django_user_model):
    resident = django_user_model.objects.create_user(username="resident", password="x")
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    proposal = propose(campaign, resident, description="<strong>Big</strong> swings")
    response = client.get(proposal.get_absolute_url())
    page = response.content.decode()
    assert "&lt;strong&gt;Big&lt;/strong&gt; swings" in page
    assert "<strong>Big</strong>" not in page
