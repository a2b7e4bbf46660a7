"""OGC API – Features under /ogc/ (outside the language prefix: the request's
Accept-Language chooses the language of titles, names and labels)."""

from django.urls import path, re_path

from . import views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("api", views.api, name="api"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<slug:collection>", views.collection, name="collection"),
    path("collections/<slug:collection>/items", views.features, name="items"),
    path(
        "collections/<slug:collection>/items/<str:feature_id>",
        views.feature,
        name="item",
    ),
    # Anything else under /ogc/ is a JSON 404 too, not the site's page.
    re_path(r"^.*$", views.unknown),
]
