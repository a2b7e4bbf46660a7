"""Accounts: django-allauth (e-mail sign-up and login, password reset) and roles.

Owned by the accounts app; base.py splices these lists into its own.
"""

ACCOUNT_APPS: list[str] = []
ACCOUNT_MIDDLEWARE: list[str] = []
