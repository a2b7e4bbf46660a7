"""Integrity: idempotency keys on submissions.

base.py splices INTEGRITY_MIDDLEWARE last among the request-handling middleware,
so keys belong to the signed-in account and rate-limited requests never claim one.
"""

import environ

env = environ.Env()

INTEGRITY_MIDDLEWARE: list[str] = ["integrity.middleware.IdempotencyMiddleware"]

# How long a key and its stored answer are kept, and the largest answer body kept
# for replay (integrity/conf.py checks them).
BIRGE_IDEMPOTENCY_TTL_SECONDS = env.int("BIRGE_IDEMPOTENCY_TTL_SECONDS", default=86_400)
BIRGE_IDEMPOTENCY_MAX_STORED_BYTES = env.int(
    "BIRGE_IDEMPOTENCY_MAX_STORED_BYTES", default=1_000_000
)
