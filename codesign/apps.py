from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesignConfig(AppConfig):
    name = "codesign"
    verbose_name = _("Co-design")

    def ready(self) -> None:
        from mapping import sections

        from .tile_layers import register_layers

        register_layers()

        sections.register(_("Participatory budgeting"), "codesign:campaigns")
        sections.register(_("What has been built"), "codesign:built")
        sections.register(_("Site co-design"), "codesign:sessions")
