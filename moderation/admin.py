"""Flags, decisions and bans in the admin: read only, since the pages and the
services keep the audit log; the admin is for looking things up."""

from django.contrib import admin

from .models import Ban, Decision, Flag


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnly):
    list_display = ("created", "reason", "content_type", "object_id", "town", "outcome")
    list_filter = ("reason", "outcome", "content_type")
    date_hierarchy = "created"


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ("at", "action", "content_type", "object_id", "town", "moderator")
    list_filter = ("action", "content_type")
    date_hierarchy = "at"


@admin.register(Ban)
class BanAdmin(ReadOnly):
    list_display = ("person", "until", "created", "by", "lifted_at")
    search_fields = ("person__username",)
