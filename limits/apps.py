from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    """Abuse limits: write and login rate limits, lockout, body and upload sizes."""

    name = "limits"
    verbose_name = _("Abuse limits")
