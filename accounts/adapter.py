"""How allauth fits Birge: messages in Birge's words, the person's language."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .language import apply_language
from .models import User

# allauth has no Kazakh catalog: every message a person can meet on Birge's
# account pages is Birge's own string, translated with the rest of Birge.
ERROR_MESSAGES = {
    "account_inactive": _("This account is switched off."),
    "duplicate_email": _("This e-mail is already yours."),
    "email_password_mismatch": _("The e-mail or the password is not right."),
    "username_password_mismatch": _("The username or the password is not right."),
    "email_taken": _("Someone already signed up with this e-mail."),
    "enter_current_password": _("Please type your current password."),
    "incorrect_password": _("The password is not right."),
    "invalid_login": _("The e-mail or the password is not right."),
    "invalid_password_reset": _(
        "This password reset link is not valid any more. Ask for a new one."
    ),
    "too_many_login_attempts": _(
        "Too many wrong passwords. Please wait a while and try again."
    ),
    "unknown_email": _("No account has this e-mail."),
    "username_blacklisted": _("This username cannot be used. Please choose another."),
    "username_taken": _("This username is taken. Please choose another."),
    "same_as_current": _("The new value must be different from the current one."),
    "rate_limited": _("Too many requests. Please wait a while and try again."),
}


class AccountAdapter(DefaultAccountAdapter):
    """Birge's allauth adapter."""

    error_messages = {**DefaultAccountAdapter.error_messages, **ERROR_MESSAGES}

    def save_user(
        self, request: HttpRequest, user: Any, form: BaseForm, commit: bool = True
    ) -> Any:
        """A new account keeps the language chosen on the sign-up form."""
        user.preferred_language = form.cleaned_data.get("preferred_language", "")
        return super().save_user(request, user, form, commit=commit)

    def post_login(
        self, request: HttpRequest, user: Any, **kwargs: Any
    ) -> HttpResponse:
        """After signing in (or up), pages follow the person's preferred language."""
        response = super().post_login(request, user, **kwargs)
        return apply_language(request, response, user.preferred_language)  # type: ignore[return-value]

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to a known person in their language, otherwise in the page's."""
        user = context.get("user")
        language = (
            getattr(user, "preferred_language", "") if isinstance(user, User) else ""
        )
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)
