"""Civic communities, meeting places and residents' concerns; builds on `mapping`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityMapConfig(AppConfig):
    name = "community_map"
    verbose_name = _("Community map")

    def ready(self) -> None:
        from mapping import sections

        from . import rules  # noqa: F401  (registers the permissions)
        from .tile_layers import register_layers

        register_layers()

        sections.register(_("Communities"), "community_map:directory")
        sections.register(_("Residents' concerns"), "community_map:concerns")
