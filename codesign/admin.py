"""Admin for campaigns (texts, categories, criteria, council) and a view of the rest.

Campaigns are set up here by akimat staff. Proposals, reviews and ballots change
only through the pages and their services (so every change is versioned and
checked); the admin shows them read-only. Council seats are given and taken
through the review services, so each is an audited role change; descriptions
are stored clean (mapping.richtext); limits that ballots already cast would
break are refused on the form.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.roles import Role
from accounts.services import role_change_check
from mapping.refusals import person
from mapping.richtext import RichTextFormMixin

from . import services
from .errors import ActionRefused
from .models import (
    Campaign,
    Category,
    Concept,
    CouncilMember,
    Criterion,
    DesignSession,
    PaletteEntry,
    Proposal,
    ProposalVersion,
)

VOTING_CODES_PER_ACTION = 100


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0
    prepopulated_fields = {"slug": ("name_en",)}


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


class CouncilFormSet(forms.BaseInlineFormSet):
    """Refuses, on the page, seats the signed-in person may not give or take."""

    actor: Any  # set per request: see CouncilInline.get_formset

    def clean(self) -> None:
        super().clean()
        campaign = self.instance
        if getattr(campaign, "town_id", None) is None:
            return  # the campaign's own form has errors; nothing is saved
        changing = [f for f in self.forms if f.has_changed() and not f.instance.pk]
        changing += self.deleted_forms
        if not changing:
            return
        # A campaign being added has no row yet: its town's administrators seat.
        place = {"campaign": campaign} if campaign.pk else {"town": campaign.town}
        try:
            role_change_check(actor=self.actor, role=Role.COUNCIL, **place)
        except ActionRefused as refusal:
            raise forms.ValidationError(str(refusal), code=refusal.code) from None
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.reviews.exists():
                raise forms.ValidationError(
                    _(
                        "%(member)s has reviewed proposals; their seat stays on "
                        "the record."
                    )
                    % {"member": form.instance.user},
                    code="member_has_reviews",
                )


class CouncilInline(admin.TabularInline):
    model = CouncilMember
    formset = CouncilFormSet
    extra = 0
    autocomplete_fields = ["user"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"actor": request.user})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a seat is given or taken away (each audited), never edited


class CampaignForm(RichTextFormMixin, forms.ModelForm):
    """Stores the description clean; refuses limits the ballots cast do not fit."""

    rich_text_fields = ("description",)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "accepts_iin" in self.changed_data and self.instance.pk is not None:
            try:
                services.campaign_methods_check(
                    campaign=self.instance, accepts_iin=cleaned["accepts_iin"]
                )
            except ActionRefused as refusal:
                self.add_error("accepts_iin", str(refusal))
        limits = ("budget", "ballot_type", "max_choices", "max_points")
        if (
            self.instance.pk is None
            or self.errors
            or not any(name in self.changed_data for name in limits)
        ):
            return cleaned
        try:
            services.campaign_limits_check(
                campaign=self.instance,
                budget=cleaned["budget"],
                ballot_type=cleaned["ballot_type"],
                max_choices=cleaned.get("max_choices"),
                max_points=cleaned.get("max_points"),
            )
        except ActionRefused as refusal:
            field = refusal.field if refusal.field in self.fields else None
            self.add_error(field, str(refusal))
        return cleaned


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin):
    form = CampaignForm
    list_display = ["title", "town", "phase_now", "budget", "cap", "rule"]
    list_filter = ["town", "rule", "ballot_type"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [CategoryInline, CriterionInline, CouncilInline]
    actions = ["issue_voting_codes"]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        if formset.model is not CouncilMember:
            super().save_formset(request, form, formset, change)
            return
        campaign = form.instance
        added = formset.save(commit=False)  # only new seats: old ones cannot change
        # As stored, not as the read-only rows of the form left them.
        gone = CouncilMember.objects.filter(
            pk__in=[m.pk for m in formset.deleted_objects]
        ).select_related("user")
        try:
            for member in gone:
                services.council_member_remove(
                    campaign=campaign, user=member.user, actor=person(request)
                )
            for member in added:
                services.council_member_add(
                    campaign=campaign,
                    user=member.user,
                    affiliation=member.affiliation,
                    actor=person(request),
                )
        except ActionRefused as refusal:
            # Checked on the form already; this is a change made meanwhile.
            messages.error(request, str(refusal))

    @admin.display(description=_("phase"))
    def phase_now(self, obj: Campaign) -> str:
        return str(obj.phase.label)

    @admin.action(
        description=_(
            "Issue 100 anonymous voting codes for a vote without IINs "
            "(downloads a CSV to print)"
        )
    )
    def issue_voting_codes(
        self, request: HttpRequest, queryset: QuerySet[Campaign]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one campaign."), level=messages.WARNING
            )
            return None
        campaign = queryset.get()
        try:
            codes = services.voting_codes_issue(
                campaign=campaign, count=VOTING_CODES_PER_ACTION
            )
        except ActionRefused as refusal:
            self.message_user(request, str(refusal), level=messages.ERROR)
            return None
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["campaign", "code"])
        writer.writerows([campaign.slug, code] for code in codes)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8-sig"), content_type="text/csv"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{campaign.slug}-voting-codes.csv"'
        )
        return response


class VersionInline(admin.TabularInline):
    model = ProposalVersion
    extra = 0
    can_delete = False
    fields = ("revision", "created", "actor", "status", "cost", "changed", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "campaign", "status", "cost", "district"]
    list_filter = ["campaign__town", "campaign", "status"]
    search_fields = ["title", "description"]
    inlines = [VersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PaletteInline(TranslationTabularInline):
    model = PaletteEntry
    extra = 0
    fields = ("position", "kind", "name", "colour", "symbol", "unit_cost")


@admin.register(DesignSession)
class DesignSessionAdmin(TranslationAdmin):
    list_display = ["title", "site", "starts", "ends", "participation"]
    list_filter = ["site__town", "participation"]
    inlines = [PaletteInline]

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # A new session starts with the whole vocabulary, as the service gives it.
        services.palette_fill(session=form.instance)


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "official", "author", "modified"]
    list_filter = ["session", "official"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
