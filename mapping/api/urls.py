from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from . import views

app_name = "api"

urlpatterns = [
    path("towns/", views.TownListView.as_view(), name="towns"),
    path("towns/<slug:slug>/", views.TownDetailView.as_view(), name="town"),
    path(
        "towns/<slug:slug>/districts/",
        views.TownDistrictsView.as_view(),
        name="town-districts",
    ),
    path("towns/<slug:slug>/sites/", views.TownSitesView.as_view(), name="town-sites"),
    path(
        "towns/<slug:slug>/geometry/check/",
        views.GeometryCheckView.as_view(),
        name="geometry-check",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as its own request, so the
    # page needs no inline script (docs/security.md).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # Redoc injects its styles as <style> elements and runs its search in a blob:
    # worker: only this page allows both; its scripts stay files.
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html"
            )
        ),
        name="redoc",
    ),
]
