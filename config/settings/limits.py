"""Abuse limits: rate limits on writes and logins, lockout, body and upload sizes.

base.py splices LIMIT_MIDDLEWARE after authentication, so limits know the account.
"""

LIMIT_MIDDLEWARE: list[str] = []
