"""Admin for contests (texts, dates, jury) and a read-only view of the rest.

Contests and their juries are set up here by staff. Drawings, scores and awards
change only through the pages and their services; the admin shows them (with the
private fields the organisers need to reach families) and can accept drawings.
A contest's new dates go through ``contest_reschedule`` (the stage follows the
dates, so this is an audited stage change); its description is stored clean.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from codesign.errors import ActionRefused
from mapping.refusals import person
from mapping.richtext import RichTextFormMixin

from . import services
from .models import Award, Contest, Drawing, JuryMember, JuryScore

DATES = ("submission_start", "submission_end", "judging_start", "judging_end")


class JuryInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    autocomplete_fields = ["user"]


class ContestForm(RichTextFormMixin, forms.ModelForm):
    """Stores the description clean; only the organisers may move the dates."""

    rich_text_fields = ("description",)
    actor: Any  # set per request: see ContestAdmin.get_form

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        moved = self.instance.pk and any(d in self.changed_data for d in DATES)
        if moved and not self.actor.has_perm("contest.organise", self.instance):
            # contest_reschedule would refuse it; say so before anything is saved.
            raise forms.ValidationError(
                gettext("Only the chair of the jury and the organisers may do this."),
                code="not_organiser",
            )
        return cleaned


@admin.register(Contest)
class ContestAdmin(TranslationAdmin):
    form = ContestForm
    list_display = ["title", "town", "stage_now", "submission_start", "judging_end"]
    list_filter = ["town"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [JuryInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        """Jury seats go through the services, so each lands in the audit log."""
        if formset.model is not JuryMember:
            super().save_formset(request, form, formset, change)
            return
        members = formset.save(commit=False)
        for member in formset.deleted_objects:
            services.jury_member_remove(member=member, actor=person(request))
        for member in members:
            if member.pk is None:
                services.jury_member_add(
                    contest=form.instance,
                    user=member.user,
                    role=member.role,
                    is_chair=member.is_chair,
                    actor=person(request),
                )
            else:
                services.jury_member_change(member=member, actor=person(request))

    def save_model(
        self, request: HttpRequest, obj: Contest, form: Any, change: bool
    ) -> None:
        if change and any(d in form.changed_data for d in DATES):
            try:
                services.contest_reschedule(
                    contest=obj,
                    by=person(request),
                    submission=(obj.submission_start, obj.submission_end),
                    judging=(obj.judging_start, obj.judging_end),
                )
            except ActionRefused as refusal:
                # Refused meanwhile (a ban, say): the rest is saved, the dates kept.
                messages.error(request, str(refusal))
                stored = Contest.objects.get(pk=obj.pk)
                for name in DATES:
                    setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)

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
