from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did what, when and from where: moderation, review, status and role changes."""

    name = "audit"
    verbose_name = _("Audit log")
