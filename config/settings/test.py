"""Settings for the test suite (`make test`): real PostGIS, fast hashing."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-not-secret-birge-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render pages without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BIRGE_VOTER_HASH_KEY = "test-only-not-secret-birge-voter-key"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Two test runs at once (two engineers, or a run beside CI) each need their own.
DATABASES["default"].setdefault("TEST", {})["NAME"] = env(  # noqa: F405
    "BIRGE_TEST_DATABASE", default="test_birge"
)
# Abuse limits stay on, so every write in the suite passes the limiter, but far
# above what ordinary tests do; tests/limits/ turn realistic limits on.
BIRGE_RATE_LIMITS = dict.fromkeys(BIRGE_RATE_LIMITS, "100000/s")  # noqa: F405
BIRGE_LOGIN_LOCKOUT = {**BIRGE_LOGIN_LOCKOUT, "after": 1000}  # noqa: F405
