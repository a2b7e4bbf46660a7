"""Admin pages of the community map, with the offline map widget.

Shapes typed or drawn here pass mapping.intake like every other geometry; a
concern's public point and district are the database trigger's, shown read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.contrib.gis.admin.options import (  # type: ignore[attr-defined]
    GeoModelAdminMixin,
)
from django.db import models, transaction
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from mapping.forms import IntakeGeometryForm
from mapping.intake import AREAS, Place
from mapping.refusals import person
from mapping.richtext import RichTextFormMixin
from mapping.widgets import OfflineMapWidget

from .models import (
    Community,
    CommunityLink,
    CommunityMember,
    Concern,
    ConcernImport,
    MeetingPlace,
)
from .services.communities import member_audit


class CommunityForm(RichTextFormMixin, IntakeGeometryForm):
    intake_fields = {"work_area": AREAS}
    rich_text_fields = ("description",)  # stored clean, as community_update does


class MeetingPlaceForm(IntakeGeometryForm):
    intake_fields = {"location": ("Point",)}

    def intake_place(self) -> Place | None:
        # The inline's parent: its town is the place (none yet while adding it).
        community = getattr(self.instance, "community", None)
        return getattr(community, "town", None)


class ConcernForm(IntakeGeometryForm):
    intake_fields = {"location": ("Point", "Polygon", "MultiPolygon")}


class MeetingPlaceInline(GeoModelAdminMixin, TranslationStackedInline):
    model = MeetingPlace
    form = MeetingPlaceForm
    gis_widget = OfflineMapWidget  # type: ignore[assignment]
    extra = 0


class MemberInline(admin.TabularInline):
    model = CommunityMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Community)
class CommunityAdmin(GISModelAdmin, TranslationAdmin):
    form = CommunityForm
    gis_widget = OfflineMapWidget  # type: ignore[assignment]  # stubs say instance
    inlines = [MeetingPlaceInline, MemberInline]
    # Django 6 will assume https for a scheme-less address; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "town", "kind", "founded", "modified"]
    list_filter = ["town", "kind"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
    prepopulated_fields = {"slug": ("name_en",)}
    raw_id_fields = ["created_by"]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        """Seats in a community are roles: each change lands in the audit log."""
        if formset.model is not CommunityMember:
            super().save_formset(request, form, formset, change)
            return
        actor = person(request)
        with transaction.atomic():
            members = formset.save(commit=False)
            for member in formset.deleted_objects:
                member_audit("role.revoke", actor=actor, member=member)
                member.delete()
            for member in members:
                action = "role.change" if member.pk else "role.grant"
                member.save()
                member_audit(action, actor=actor, member=member)


@admin.register(CommunityLink)
class CommunityLinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "note"]
    list_filter = ["kind", "source__town"]
    search_fields = [
        "source__name_ru",
        "target__name_ru",
        "source__slug",
        "target__slug",
    ]
    autocomplete_fields = ["source", "target"]


@admin.register(Concern)
class ConcernAdmin(GISModelAdmin):
    form = ConcernForm
    gis_widget = OfflineMapWidget  # type: ignore[assignment]
    list_display = [
        "reported_on",
        "category",
        "source",
        "status",
        "town",
        "district",
        "community",
    ]
    list_filter = ["town", "category", "source", "status", "private"]
    search_fields = ["text", "external_id"]
    date_hierarchy = "reported_on"
    readonly_fields = ["public_point", "district"]
    raw_id_fields = ["reporter", "recorded_by", "imported_by", "community"]
    list_select_related = ["town", "district", "community"]


@admin.register(ConcernImport)
class ConcernImportAdmin(admin.ModelAdmin):
    """Imports run through their own pages; here they are only looked at."""

    list_display = [
        "file_name",
        "community",
        "state",
        "total_rows",
        "created_count",
        "updated_count",
        "created",
    ]
    list_filter = ["state", "town"]
    exclude = ["content"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
