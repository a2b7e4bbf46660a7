"""Settings for a developer's machine (`make run`)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-only-not-secret-birge-development-key"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
BIRGE_VOTER_HASH_KEY = env(
    "BIRGE_VOTER_HASH_KEY", default="local-only-not-secret-birge-voter-key"
)
