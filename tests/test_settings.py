"""Settings come from the environment: DATABASE_URL, production's fail-fast key."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

SHOW_DATABASE = (
    "import django; from django.conf import settings; django.setup(); "
    "d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], d['USER'])"
)


def settings_output(code: str, module: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
    )


def test_database_url_is_honoured_and_always_postgis():
    result = settings_output(
        SHOW_DATABASE,
        "config.settings.local",
        DATABASE_URL="postgres://planner:secret@db.example.kz:6432/aksu",
    )
    assert result.stdout.split() == [
        "django.contrib.gis.db.backends.postgis",
        "db.example.kz",
        "6432",
        "aksu",
        "planner",
    ], result.stderr


def test_without_database_url_the_local_cluster_socket_is_used():
    result = settings_output(SHOW_DATABASE, "config.settings.local")
    _engine, host, _port, name, user = result.stdout.split()
    assert host == str(settings.BASE_DIR / ".pgdata" / "run")
    assert (name, user) == ("birge", "birge")


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_output(
        "import django; django.setup()",
        "config.settings.production",
        DJANGO_ALLOWED_HOSTS="birge.kz",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
