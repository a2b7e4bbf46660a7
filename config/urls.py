"""Birge's URLs: pages under a language prefix, the API and admin beside them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Birge administration")
admin.site.site_title = _("Birge administration")
admin.site.index_title = _("Towns, sites and people")

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include("mapping.api.urls")),
    path("tiles/", include("mapping.tiles.views")),
    path("ogc/", include("mapping.ogc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("codesign.urls")),
    path("", include("contest.urls")),
    path("", include("community_map.urls")),
    path("", include("mapping.urls")),
)

# Uploaded photos in development; in production the web server serves MEDIA_ROOT.
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "mapping.views.not_found"
handler500 = "mapping.views.server_error"
