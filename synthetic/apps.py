"""Synthetic data for benchmarks and load tests (``manage.py synth``); no models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "synthetic"
    verbose_name = _("Synthetic data")
