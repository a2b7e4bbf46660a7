"""Birge's production settings with the bench-only serializer URL added."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.tiles.urls"
