from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Children's drawing contest")

    def ready(self) -> None:
        from mapping import sections

        sections.register(_("Children's drawing contest"), "contest:contests")
