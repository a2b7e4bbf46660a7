from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityMapConfig(AppConfig):
    name = "community_map"
    verbose_name = _("Community map")
