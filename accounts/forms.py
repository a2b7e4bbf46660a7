"""The account forms: allauth's, with Birge's labels, and the profile.

allauth ships no Kazakh; the labels are given here as Birge's own strings so that
they are translated with the rest of Birge. Placeholders repeating the label are
dropped: a label above each field reads better and screen readers say it once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class BirgeLabels:
    """Sets each field's label (and help) from LABELS and HELP, drops placeholders."""

    LABELS: ClassVar[dict[str, Any]] = {}  # lazily translated strings
    HELP: ClassVar[dict[str, Any]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.LABELS:
                field.label = self.LABELS[name]
            if name in self.HELP:
                field.help_text = self.HELP[name]


class LoginForm(BirgeLabels, allauth_forms.LoginForm):
    LABELS = {
        "login": _("E-mail or username"),
        "password": _("Password"),
        "remember": _("Remember me on this device"),
    }

    def add_prefix(self, field_name: str) -> str:
        # allauth calls the field "login"; the page keeps the name "username"
        # it always had, which browsers' password managers and the browser
        # tests fill in.
        return super().add_prefix("username" if field_name == "login" else field_name)


class SignupForm(BirgeLabels, allauth_forms.SignupForm):
    LABELS = {
        "email": _("E-mail"),
        "username": _("Username"),
        "password1": _("Password"),
        "password2": _("Password (again)"),
    }
    HELP = {
        "email": _(
            "You sign in with it; we write when your proposal's status changes."
        ),
        "username": _("Shown beside your proposals and concepts."),
    }

    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of pages and e-mails for you."),
    )
    field_order = ["email", "username", "password1", "password2", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()


class ResetPasswordForm(BirgeLabels, allauth_forms.ResetPasswordForm):
    LABELS = {"email": _("E-mail")}


class ResetPasswordKeyForm(BirgeLabels, allauth_forms.ResetPasswordKeyForm):
    LABELS = {"password1": _("New password"), "password2": _("New password (again)")}


class ChangePasswordForm(BirgeLabels, allauth_forms.ChangePasswordForm):
    LABELS = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class SetPasswordForm(BirgeLabels, allauth_forms.SetPasswordForm):
    LABELS = {"password1": _("Password"), "password2": _("Password (again)")}


class AddEmailForm(BirgeLabels, allauth_forms.AddEmailForm):
    LABELS = {"email": _("New e-mail")}

    def save(self, request: HttpRequest) -> EmailAddress:
        """The change, keeping the current address until the new one is
        confirmed (``services.email_change_request``)."""
        assert self.user is not None
        return services.email_change_request(
            request=request, user=self.user, email=self.cleaned_data["email"]
        )


class ProfileForm(forms.ModelForm):
    """What a person changes about themselves on the profile page."""

    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of pages and e-mails for you."),
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "preferred_language")
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
        }
        help_texts = {
            "first_name": _("Shown instead of your username when you give it."),
        }
