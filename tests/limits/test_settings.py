"""Limit settings are checked when Birge starts: a bad value stops it, saying why."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from limits.conf import Rate, parse, parse_rates


def test_rates_are_read_as_written_in_the_docs():
    assert parse_rates("60/m, 1000/h", "x") == (Rate(60, 60), Rate(1000, 3600))
    assert parse_rates("5/10m", "x") == (Rate(5, 600),)
    assert parse_rates("", "x") == ()


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("BIRGE_RATE_LIMITS", {"write": "sixty a minute"}, "is not a rate"),
        ("BIRGE_RATE_LIMITS", {"write": "0/m"}, "is not a rate"),
        ("BIRGE_RATE_LIMITS", {"write": "5/0m"}, "must be > 0"),
        ("BIRGE_RATE_LIMITS", {"write": {"acount": "5/m"}}, "the subjects are"),
        ("BIRGE_RATE_LIMIT_ROUTES", {"likes": ["x"]}, "not a bucket"),
        ("BIRGE_LOGIN_LOCKOUT", {"after": 0}, "whole number above 0"),
        ("BIRGE_LOGIN_LOCKOUT", {"first": 600, "longest": 60}, "at least its"),
        ("BIRGE_MAX_BODY_BYTES", 1_000, "must be at least BIRGE_PHOTO_MAX_BYTES"),
    ],
)
def test_a_bad_value_is_refused_naming_it(settings, name, value, said):
    current = getattr(settings, name)
    if isinstance(current, dict) and name == "BIRGE_RATE_LIMITS":
        value = {**current, **value}
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=said):
        parse()


def test_every_write_bucket_the_code_needs_is_there(settings):
    settings.BIRGE_RATE_LIMITS = {"write": "60/m"}
    with pytest.raises(ImproperlyConfigured, match="lacks the buckets"):
        parse()


def test_birge_does_not_start_with_a_bad_limit():
    env = {**os.environ, "BIRGE_RATE_LIMITS": '{"vote": "lots"}'}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "BIRGE_RATE_LIMITS['vote']: 'lots' is not a rate" in result.stderr
