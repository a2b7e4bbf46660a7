"""Integrity: idempotency keys on submissions.

base.py splices INTEGRITY_MIDDLEWARE last among the request-handling middleware.
"""

INTEGRITY_MIDDLEWARE: list[str] = []
