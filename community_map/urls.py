from django.urls import URLPattern

from .views import (
    communities,
    concerns_map,
    dashboard,
    exports,
    imports,
)

app_name = "community_map"

# Every page lives under towns/<town>/; each view module lists its own routes.
urlpatterns: list[URLPattern] = [
    *communities.urlpatterns,
    *concerns_map.urlpatterns,
    *dashboard.urlpatterns,
    *exports.urlpatterns,
    *imports.urlpatterns,
]
