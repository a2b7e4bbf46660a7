"""The Content-Security-Policy, and the sources that keep pages inside it.

The browser side (no violation on any kind of page) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.report_map import content_security_policy
from tests.codesign.sketching import drawn

BASE = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [BASE / "templates", *BASE.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
HTML_SINKS = re.compile(
    r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\.setHTML\("
    r"|\beval\(|new Function\(|\.html\(",
)


def templates() -> list[Path]:
    return sorted(
        path
        for folder in TEMPLATE_DIRS
        if ".venv" not in folder.parts
        for path in folder.rglob("*.html")
    )


def own_scripts() -> list[Path]:
    return sorted((BASE / "static" / "js").glob("*.js"))


def test_templates_have_no_inline_script_handler_or_style_attribute():
    assert len(templates()) > 50
    found = []
    for path in templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE):
            found += [f"{path.relative_to(BASE)}: {m}" for m in pattern.findall(text)]
        if "javascript:" in text.lower():
            found.append(f"{path.relative_to(BASE)}: javascript: URL")
    assert found == []


def test_map_scripts_build_the_page_without_html_strings():
    """Popups and lists are DOM nodes with textContent: no HTML parsing of data."""
    assert len(own_scripts()) > 10
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in own_scripts()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HTML_SINKS.search(line) and not line.strip().startswith("//")
    ]
    assert found == []


@pytest.mark.django_db
def test_pages_carry_the_policy_and_the_permissions_policy(client, aksu):
    response = client.get("/en/towns/aksu/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in policy
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def test_the_report_policy_allows_exactly_the_documents_inline_scripts():
    document = (
        "<html><head><style>#map{height:100%}</style>"
        "<script>var map = L.map('map');</script></head>"
        '<body><script src="/static/vendor/leaflet/leaflet.js"></script>'
        "<script>\n  L.geoJson(data).addTo(map);\n</script></body></html>"
    )
    policy = content_security_policy(document)
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    style_src = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert sorted(script_src) == sorted(
        [
            "'self'",
            sha256("var map = L.map('map');"),
            sha256("\n  L.geoJson(data).addTo(map);\n"),
        ]
    )
    assert sorted(style_src) == sorted(["'self'", sha256("#map{height:100%}")])
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_the_report_map_is_served_with_the_hashes_of_its_own_scripts(
    client, aksu, django_user_model
):
    architect = django_user_model.objects.create_user(username="architect")
    role_grant(actor=None, user=architect, role=Role.ARCHITECT, town=aksu)
    today = timezone.localdate()
    session = services.design_session_create(
        site=aksu.sites.get(slug="neglected-park"),
        slug="spring",
        titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
    )
    plan = services.concept_create(
        session=session, author=architect, title="Plan", official=True
    )
    shape = "POLYGON((0 0, 100 0, 100 200, 0 200, 0 0))"
    services.concept_save(
        concept=plan,
        author=architect,
        elements=[drawn(aksu, "plaza", shape)],
    )
    services.concept_submit(concept=plan, author=architect)
    url = reverse(
        "codesign:report-map",
        kwargs={"town": "aksu", "site": "neglected-park", "session": "spring"},
    )
    response = client.get(url)
    document = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script>(.*?)</script>", document, re.DOTALL)
    assert len(inline) >= 2
    for script in inline:
        assert sha256(script) in policy
    assert "'unsafe-inline'" not in policy
    # Only this document may be framed, and only by Birge's own report page.
    assert "frame-ancestors 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_swagger_ui_needs_no_inline_script_or_style(client):
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert not INLINE_SCRIPT.search(html)
    assert "<style" not in html
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    start = client.get(script.replace("&amp;", "&"))
    assert start.status_code == 200
    assert start.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start.content.decode()


@pytest.mark.django_db
def test_redoc_loads_nothing_from_outside(client):
    page = client.get("/api/v1/redoc/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "fonts.googleapis.com" not in html and "<style" not in html
    assert not INLINE_SCRIPT.search(html)
    policy = page.headers["Content-Security-Policy"]
    assert re.search(r"script-src 'self';", policy + ";")
