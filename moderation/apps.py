from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Flags from residents, moderators' decisions to hide or restore, the ban list."""

    name = "moderation"
    verbose_name = _("Moderation")
