"""Reporting content, and the moderators' pages (under /<language>/moderation/)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "moderation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
    path("content/<slug:kind>/<int:pk>/", views.item, name="item"),
    path("audit/", views.audit, name="audit"),
    path("bans/", views.bans, name="bans"),
    path("bans/new/", views.ban, name="ban"),
    path("bans/<int:user_id>/lift/", views.unban, name="unban"),
]
