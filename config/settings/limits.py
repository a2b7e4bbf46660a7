"""Abuse limits: rate limits on writes and logins, lockout, body and upload sizes.

base.py splices LIMIT_MIDDLEWARE after authentication, so limits know the account.
The values are checked when Birge starts (limits/conf.py); docs/limits.md says
how to tune them. Each may be replaced from the environment (JSON for the dicts).
"""

import environ

env = environ.Env()

LIMIT_MIDDLEWARE: list[str] = ["limits.middleware.LimitMiddleware"]

# Per bucket: rates per account and per address ("COUNT/PERIOD", comma-separated;
# a plain string applies to both). Addresses are looser than accounts: a school,
# an akimat office or a mobile operator's NAT puts many people behind one.
BIRGE_RATE_LIMITS = {
    # Every POST, PUT, PATCH and DELETE (not /tiles/ or /ogc/).
    "write": {"account": "60/m, 1000/h", "address": "300/m, 5000/h"},
    # Login attempts, per account tried and per address (limits.backends).
    "login": {"account": "10/m, 50/h", "address": "30/m, 300/h"},
    # Bodies with files (multipart/form-data).
    "upload": {"account": "10/m, 100/h", "address": "60/m, 600/h"},
    "signup": {"address": "5/h, 20/d"},
    "password_reset": {"account": "5/h", "address": "10/h, 50/d"},
    "flag": {"account": "10/m, 100/d", "address": "60/m, 1000/d"},
    "vote": {"account": "5/m, 30/h", "address": "60/m, 1000/h"},
    **env.json("BIRGE_RATE_LIMITS", default={}),
}

# Which views spend from which bucket besides "write": shell-style patterns
# matched against the URL's "namespace:name", its bare name and the view's dotted
# path (some of allauth's pages are served by unnamed subclasses in accounts).
BIRGE_RATE_LIMIT_ROUTES = {
    "signup": ["accounts:signup", "account_signup", "*.SignupView"],
    "password_reset": [
        "account_reset_password",
        "account_reset_password_from_key",
        "*.PasswordResetView",
        "*.PasswordResetFromKeyView",
    ],
    "flag": ["moderation:report"],
    "vote": ["codesign:vote"],
}

# After `after` failed logins an account is refused for `first` seconds, doubling
# with each further failure up to `longest`; failures older than `forget` are
# forgotten, and a successful login forgives at once.
BIRGE_LOGIN_LOCKOUT = {
    "after": 5,
    "first": 60,
    "longest": 3600,
    "forget": 86400,
    **env.json("BIRGE_LOGIN_LOCKOUT", default={}),
}

# The largest request body (multipart, with its files); bodies without files are
# held to Django's DATA_UPLOAD_MAX_MEMORY_SIZE. At least the largest per-file
# limit (photos, plans, imports), so their own messages show.
BIRGE_MAX_BODY_BYTES = env.int("BIRGE_MAX_BODY_BYTES", default=32 * 1024 * 1024)

# django-allauth keeps its own rate limits in the per-process cache, so each
# worker would allow its own share. Birge's, in PostgreSQL, replace those for
# logins, sign-ups and password resets (a reset is limited per e-mail address
# too: anonymous requests count against the account their form names). Kept:
# allauth's limits where Birge has none of its own (changing a password or an
# e-mail address, re-authenticating, login codes) and the e-mail cooldowns.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": None,
    "reset_password": None,
    "reset_password_from_key": None,
}
