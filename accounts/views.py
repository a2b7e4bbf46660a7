"""The profile page, and allauth's form pages answering 400 to a form with mistakes."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mapping.refusals import ActionRefused, person, refused

from . import selectors, services
from .forms import ProfileForm
from .language import apply_language


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A person's name, e-mail, language and roles; the name and language change here."""
    user = person(request)
    form = ProfileForm(request.POST or None, instance=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.profile_update(
                    user=user,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    preferred_language=form.cleaned_data["preferred_language"],
                )
            except ActionRefused as refusal:
                status = refused(request, refusal, form)
            else:
                response = apply_language(
                    request, redirect("accounts:profile"), user.preferred_language
                )
                # Said after the switch, so the message is in the new language.
                messages.success(request, _("Your profile is saved."))
                return response  # type: ignore[return-value]
        else:
            status = 400
    return render(
        request,
        "account/profile.html",
        {"form": form, "roles": selectors.roles_of(user)},
        status=status,
    )


class InvalidFormIs400:
    """A form sent back with mistakes answers 400, as every Birge form does."""

    def form_invalid(self, form: Form) -> Any:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(InvalidFormIs400, allauth_views.LoginView):
    pass


class SignupView(InvalidFormIs400, allauth_views.SignupView):
    pass


class PasswordResetView(InvalidFormIs400, allauth_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(
    InvalidFormIs400, allauth_views.PasswordResetFromKeyView
):
    pass


class PasswordChangeView(InvalidFormIs400, allauth_views.PasswordChangeView):
    pass


class PasswordSetView(InvalidFormIs400, allauth_views.PasswordSetView):
    pass


class EmailView(InvalidFormIs400, allauth_views.EmailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # allauth's "current" is a confirmed address only; a person who never
        # confirmed theirs still has it, and it stays theirs until the new one is.
        context = super().get_context_data(**kwargs)
        current, pending = selectors.email_addresses(self.request.user)
        context.update(current_emailaddress=current, new_emailaddress=pending)
        return context
