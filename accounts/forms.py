"""Sign-up for residents: a name, an e-mail for notifications, a language."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We write when your proposal's status changes."),
    )

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "email", "preferred_language")
