"""Accounts: django-allauth (e-mail sign-up and login, password reset) and roles.

Owned by the accounts app; base.py splices these lists into its own. Login rate
limits and lockout belong to the limits part (config/settings/limits.py), so
ACCOUNT_RATE_LIMITS is deliberately not set here. See docs/accounts.md.
"""

ACCOUNT_APPS: list[str] = ["allauth", "allauth.account"]
ACCOUNT_MIDDLEWARE: list[str] = ["allauth.account.middleware.AccountMiddleware"]

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
}
# E-mail is the login; the username still works so that accounts made before
# e-mail login (and the demo's documented ones, which have no address) sign in.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
# The username is the name shown beside a person's proposals and concepts; it is
# asked for rather than made from the e-mail, which would publish part of it.
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Birge runs on closed networks where mail may be slow: a person signs in at once
# and confirms the address from the e-mail when it arrives.
ACCOUNT_EMAIL_VERIFICATION = "optional"
# One address per person; a new one replaces it once confirmed from its inbox
# by a link (accounts.services.email_change_request, which AddEmailForm uses,
# is written for this: change both together).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Birge · "
ACCOUNT_LOGOUT_REDIRECT_URL = "mapping:home"
ACCOUNT_SIGNUP_REDIRECT_URL = "mapping:home"
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "accounts:profile"
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "accounts:login"
