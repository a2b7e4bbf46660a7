"""Settings of the app under fault tests: the test settings on a throwaway cluster.

The cluster's socket folder and database come from BIRGE_FAULTS_PGHOST and
BIRGE_FAULTS_DATABASE; rate limits are lifted, since a handful of clients send
hundreds of proposals a minute from one address on purpose.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, env

DATABASES["default"].update(
    NAME=env("BIRGE_FAULTS_DATABASE", default="birge"),
    HOST=env("BIRGE_FAULTS_PGHOST"),
    PORT="5432",
    USER="birge",
)
# A test database name is not needed: this database is made for the run.
DATABASES["default"].pop("TEST", None)

# Kept on (its bookkeeping is part of every write), but far above the load.
BIRGE_RATE_LIMITS = {
    bucket: {"account": "1000000/m", "address": "1000000/m"}
    for bucket in BIRGE_RATE_LIMITS  # noqa: F405
}
