"""Pages for flagging content and for moderators (added with the moderation app)."""

from django.urls import URLPattern, URLResolver

app_name = "moderation"

urlpatterns: list[URLPattern | URLResolver] = []
