"""A real production server for tests/limits/test_shared.py: the test database, close limits."""

import os

from config.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["BIRGE_LIMITS_DATABASE"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each test speaks for its own "clients" through X-Forwarded-For.
BIRGE_PROXY_COUNT = 1
BIRGE_RATE_LIMITS = {
    **BIRGE_RATE_LIMITS,  # noqa: F405
    "write": {"account": "100/h", "address": "4/h"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
