"""Admin for people and their roles; every role change goes through the services.

A grant is made or revoked, never edited, so that each change is one audit entry
(accounts.services.role_grant / role_revoke) saying who did it and from where.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mapping.refusals import ActionRefused

from . import services
from .models import RoleGrant, User


class RoleGrantForm(forms.ModelForm):
    """Refuses, on the form, a grant the signed-in administrator may not make."""

    actor: User  # set per request: see form_for

    class Meta:
        model = RoleGrant
        fields = ("user", "role", "town", "campaign", "session")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Existing grants are shown, not changed (and may be another town's).
        if self.instance.pk or self.errors or not cleaned.get("role"):
            return cleaned
        try:
            services.role_change_check(
                actor=self.actor,
                role=cleaned["role"],
                town=cleaned.get("town"),
                campaign=cleaned.get("campaign"),
                session=cleaned.get("session"),
            )
        except ActionRefused as refusal:
            raise forms.ValidationError(str(refusal), code=refusal.code) from None
        return cleaned


def form_for(actor: Any) -> type[RoleGrantForm]:
    """The grant form for one request, knowing who is granting."""
    return type("RoleGrantForm", (RoleGrantForm,), {"actor": actor})


def _scope(grant: RoleGrant) -> dict[str, Any]:
    return {
        "role": grant.role,
        "town": grant.town,
        "campaign": grant.campaign,
        "session": grant.session,
    }


def _grant(request: HttpRequest, grant: RoleGrant) -> RoleGrant | None:
    try:
        return services.role_grant(
            actor=request.user,  # type: ignore[arg-type]
            user=grant.user,
            **_scope(grant),
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return None


def _revoke(request: HttpRequest, grant: RoleGrant) -> None:
    try:
        services.role_revoke(
            actor=request.user,  # type: ignore[arg-type]
            user=grant.user,
            **_scope(grant),
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    form = RoleGrantForm
    fk_name = "user"
    extra = 0
    fields = ("role", "town", "campaign", "session", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")
    autocomplete_fields = ("town", "campaign")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = form_for(request.user)
        return super().get_formset(request, obj, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke and grant again instead


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Language"), {"fields": ("preferred_language",)}),
    )
    inlines = [RoleGrantInline]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        if formset.model is not RoleGrant:
            super().save_formset(request, form, formset, change)
            return
        added = formset.save(commit=False)  # only new rows: old ones cannot change
        # As stored, not as the read-only rows of the form left them.
        deleted = RoleGrant.objects.filter(
            pk__in=[g.pk for g in formset.deleted_objects]
        )
        for grant in deleted.select_related("user", "town", "campaign", "session"):
            _revoke(request, grant)
        for grant in added:
            grant.user = form.instance
            _grant(request, grant)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    form = RoleGrantForm
    list_display = (
        "user",
        "role",
        "town",
        "campaign",
        "session",
        "granted_by",
        "granted_at",
    )
    list_filter = ("role", "town")
    search_fields = ("user__username", "user__email", "user__last_name")
    autocomplete_fields = ("user", "town", "campaign")
    readonly_fields = ("granted_by", "granted_at")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = form_for(request.user)
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke and grant again instead

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return True
        try:
            services.role_change_check(actor=request.user, **_scope(obj))  # type: ignore[arg-type]
        except ActionRefused:
            return False
        return True

    def save_model(
        self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool
    ) -> None:
        grant = _grant(request, obj)
        if grant is not None:
            # The admin's own messages and redirect name the grant that exists.
            obj.pk = grant.pk
            obj.granted_by = grant.granted_by
            obj.granted_at = grant.granted_at

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        _revoke(request, obj)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[RoleGrant]
    ) -> None:
        for grant in queryset.select_related("user", "town", "campaign", "session"):
            _revoke(request, grant)
