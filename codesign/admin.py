"""Admin for campaigns (texts, categories, criteria, council) and a view of the rest.

Campaigns are set up here by akimat staff. Proposals, reviews and ballots change
only through the pages and their services (so every change is versioned and
checked); the admin shows them read-only.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
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


class CouncilInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin):
    list_display = ["title", "town", "phase_now", "budget", "cap", "rule"]
    list_filter = ["town", "rule", "ballot_type"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en"]
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [CategoryInline, CriterionInline, CouncilInline]
    actions = ["issue_voting_codes"]

    @admin.display(description=_("phase"))
    def phase_now(self, obj: Campaign) -> str:
        return str(obj.phase.label)

    @admin.action(description=_("Issue 100 voting codes (downloads a CSV to print)"))
    def issue_voting_codes(
        self, request: HttpRequest, queryset: QuerySet[Campaign]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one campaign."), level=messages.WARNING
            )
            return None
        campaign = queryset.get()
        codes = services.voting_codes_issue(
            campaign=campaign, count=VOTING_CODES_PER_ACTION
        )
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
