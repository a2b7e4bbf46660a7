"""Admin for contests (texts, dates, jury) and a read-only view of the rest.

Contests and their juries are set up here by staff. Drawings, scores and awards
change only through the pages and their services; the admin shows them (with the
private fields the organisers need to reach families) and can accept drawings.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from codesign.errors import ActionRefused

from . import services
from .models import Award, Contest, Drawing, JuryMember, JuryScore


class JuryInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Contest)
class ContestAdmin(TranslationAdmin):
    list_display = ["title", "town", "stage_now", "submission_start", "judging_end"]
    list_filter = ["town"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [JuryInline]

    @admin.display(description=_("stage"))
    def stage_now(self, obj: Contest) -> str:
        return str(obj.stage.label)


class ReadOnly:
    """Rows written by the services: shown, never added or edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScoreInline(ReadOnly, admin.TabularInline):
    model = JuryScore
    extra = 0
    fields = ["juror", "score", "comment", "modified"]
    readonly_fields = ["juror", "score", "comment", "modified"]


@admin.register(Drawing)
class DrawingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "child_first_name",
        "child_age",
        "child_full_name",
        "guardian_contact",
        "status",
        "contest",
    ]
    list_filter = ["contest", "status"]
    search_fields = ["title", "child_full_name", "guardian_contact"]
    readonly_fields = ["picture"]
    exclude = ["image", "thumbnail"]
    inlines = [ScoreInline]
    actions = ["accept"]

    @admin.display(description=_("drawing"))
    def picture(self, obj: Drawing) -> str:
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}">',
            obj.get_absolute_url() + "thumb.jpg",
            obj.thumb_width,
            obj.thumb_height,
        )

    @admin.action(description=_("Accept the selected drawings into the contest"))
    def accept(self, request: HttpRequest, queryset: QuerySet[Drawing]) -> None:
        accepted = 0
        for drawing in queryset:
            try:
                services.drawing_accept(drawing=drawing, by=request.user)  # type: ignore[arg-type]
            except ActionRefused as refusal:
                self.message_user(
                    request, f"№{drawing.number}: {refusal}", messages.ERROR
                )
            else:
                accepted += 1
        self.message_user(
            request,
            ngettext("%(n)d drawing accepted.", "%(n)d drawings accepted.", accepted)
            % {"n": accepted},
        )


@admin.register(Award)
class AwardAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["serial", "kind", "drawing", "contest", "awarded_on"]
    list_filter = ["contest", "kind"]
