from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
