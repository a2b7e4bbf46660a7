"""Forms of moderation pages: a report, a decision, a ban, the audit log's filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FlagReason
from .services import REASON_MAX


class FlagForm(forms.Form):
    """What a resident says when they report content."""

    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("More details (needed for “Something else”)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    """A moderator's reason; the author reads it."""

    reason = forms.CharField(
        label=_("Reason (the author will read it)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BanForm(forms.Form):
    """Whom to ban, why, and until when (empty: for good)."""

    username = forms.CharField(label=_("Account name"), max_length=150)
    reason = forms.CharField(
        label=_("Reason (the person will read it)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    until = forms.DateField(
        label=_("Until (leave empty for a ban with no end)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        person = get_user_model().objects.filter(username=name).first()
        if person is None:
            raise forms.ValidationError(_("There is no account with this name."))
        return person

    def until_moment(self) -> dt.datetime | None:
        """The end of the chosen day in the project's time zone."""
        day = self.cleaned_data.get("until")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


class AuditFilterForm(forms.Form):
    """The audit log's filters: who, what, which object, when."""

    who = forms.CharField(label=_("Who (account name)"), required=False, max_length=150)
    action = forms.CharField(
        label=_("What (e.g. moderation.hide, or review)"), required=False, max_length=64
    )
    target = forms.CharField(label=_("Object"), required=False, max_length=300)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
