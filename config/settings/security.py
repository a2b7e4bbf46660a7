"""Web security: Content-Security-Policy (django-csp) and related headers.

base.py splices SECURITY_MIDDLEWARE into its middleware, right after whitenoise.
"""

SECURITY_APPS: list[str] = []
SECURITY_MIDDLEWARE: list[str] = []
