"""Production settings pass `manage.py check --deploy` and send the security headers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "birge.example.kz",
    "BIRGE_VOTER_HASH_KEY": secrets.token_urlsafe(32),
    # Never connected to: the checks below do not open the database.
    "DATABASE_URL": "postgis://birge:secret@db.example.kz:5432/birge",
}


def run(
    args: list[str], without: str = "", **overrides: str
) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "BIRGE_", "DATABASE_"))
    }
    environment.update(PRODUCTION_ENV, **overrides)
    environment.pop(without, None)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        timeout=300,
    )


def deploy_check(**overrides: str) -> subprocess.CompletedProcess:
    return run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **overrides
    )


def test_check_deploy_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_secret_key():
    result = deploy_check(DJANGO_SECRET_KEY="short-and-guessable")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize("secret", ["DJANGO_SECRET_KEY", "BIRGE_VOTER_HASH_KEY"])
def test_production_refuses_to_start_without_its_secrets(secret):
    result = run(["-c", "import django; django.setup()"], without=secret)
    assert result.returncode != 0
    assert secret in result.stderr


HEADERS = """
import django
django.setup()
from django.test import Client
response = Client().get("/api/v1/schema/", secure=True, HTTP_HOST="birge.example.kz")
print(response.status_code)
for name in ("Strict-Transport-Security", "Content-Security-Policy",
             "Permissions-Policy", "Cross-Origin-Opener-Policy",
             "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
    print(name + ": " + response.headers.get(name, "MISSING"))
plain = Client().get("/api/v1/schema/", HTTP_HOST="birge.example.kz")
print("http: " + str(plain.status_code) + " " + plain.headers.get("Location", ""))
from django.conf import settings as s
print("cookies:", s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
      s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY)
"""


def test_production_pages_carry_the_security_headers():
    result = run(["-c", HEADERS])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:8])
    assert lines[0] == "200"
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "upgrade-insecure-requests" in policy
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert lines[8] == "http: 301 https://birge.example.kz/api/v1/schema/"
    assert lines[9] == "cookies: True True Lax True True"
