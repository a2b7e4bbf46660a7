"""The row check runs in a thread after the request's transaction commits.

The thread has its own database connection and closes it at the end. It commits
each chunk of rows with the job's progress and a heartbeat, so a reloaded page
shows where it is; if the heartbeat stops (the process was restarted), the next
status request starts a new worker from the first row not yet checked. With
``BIRGE_IMPORT_INLINE = True`` (tests) the check runs in the caller instead.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..conf import worker_settings
from ..models import ConcernImport, ImportState

logger = logging.getLogger(__name__)


def start(job_id: int) -> None:
    """Check the job's rows: now (inline) or in a thread once the data is committed."""
    if worker_settings().inline:
        run(job_id)
        return
    transaction.on_commit(lambda: _thread(job_id))


def _thread(job_id: int) -> None:
    def body() -> None:
        try:
            run(job_id)
        finally:
            connections.close_all()  # this thread's connections only

    threading.Thread(target=body, name=f"birge-import-{job_id}", daemon=True).start()


def run(job_id: int) -> None:
    """The worker: checks the rows; an unexpected error fails the job, visibly."""
    from ..services.imports import import_check

    # The row messages are written in the language the mapper chose the columns in.
    mapping = (
        ConcernImport.objects.filter(pk=job_id)
        .values_list("mapping", flat=True)
        .first()
    )
    language = (mapping or {}).get("language") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            import_check(job_id=job_id)
    except Exception:
        # Not "log and carry on": the job stops as FAILED and the page says so.
        logger.exception("Checking the rows of import %s failed", job_id)
        with translation.override(language):
            failure = _(
                "Checking the rows failed unexpectedly. Try again, or upload the file "
                "again."
            )
        ConcernImport.objects.filter(pk=job_id, state=ImportState.CHECKING).update(
            state=ImportState.FAILED, failure=failure, finished=timezone.now()
        )


def resume_if_stale(job: ConcernImport) -> bool:
    """Start a new worker if the job's checker stopped beating; True if one started."""
    if job.state != ImportState.CHECKING:
        return False
    now = timezone.now()
    stale = now - timedelta(seconds=worker_settings().stale_seconds)
    claimed = (
        ConcernImport.objects.filter(pk=job.pk, state=ImportState.CHECKING)
        .filter(Q(heartbeat__isnull=True) | Q(heartbeat__lt=stale))
        .update(heartbeat=now)
    )
    if claimed:
        logger.warning("Import %s: the checker stopped; resuming it", job.pk)
        start(job.pk)
    return bool(claimed)
