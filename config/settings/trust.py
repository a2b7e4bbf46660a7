"""Moderation and the audit log: the request context the audit log records.

base.py splices AUDIT_MIDDLEWARE after authentication.
"""

import environ

env = environ.Env()

AUDIT_MIDDLEWARE: list[str] = ["audit.middleware.RequestContextMiddleware"]

# How many reverse proxies (nginx, a load balancer) stand in front of Birge; their
# X-Forwarded-For entries give the client's address (audit/context.py).
BIRGE_PROXY_COUNT = env.int("BIRGE_PROXY_COUNT", default=0)
