"""An NGO's file of concerns, from upload to import: each step a named operation.

upload (file checked and read, columns guessed) → map columns → check every row
(in the background, in committed chunks) → fix or skip flagged rows → publish
(one statement, all or nothing). See docs/imports.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from mapping.files import is_formula, read_table, receive
from mapping.models import Town
from mapping.refusals import ActionRefused
from moderation.bans import ensure_may_write

from ..conf import import_limits, worker_settings
from ..imports import worker
from ..imports.checks import RowPlan, check_row
from ..imports.columns import FIELD_SLUGS, guess_mapping, key
from ..imports.publish import ready_rows, write_concerns
from ..imports.source import PREVIEW_ROWS, table_of
from ..models import (
    Community,
    ConcernImport,
    ConcernImportRow,
    ConcernSource,
    ImportState,
)

GEOMETRY_COLUMN = "geometry"


def _not_found() -> ActionRefused:
    return ActionRefused("not_found", _("There is no such import."), status=404)


def _check_actor(actor: User, community: Community) -> None:
    if not actor.has_perm("community_map.import_concerns", community):
        raise _not_found()
    ensure_may_write(actor)


def _in_state(job: ConcernImport, *states: str) -> None:
    if job.state not in states:
        raise ActionRefused(
            "import_wrong_state",
            _("This import is “%(state)s”: that cannot be done now.")
            % {"state": job.get_state_display()},
            status=409,
        )


def import_upload(
    *, actor: User, town: Town, community: Community, upload: UploadedFile
) -> ConcernImport:
    """Check and read an uploaded file; keep it with its columns and a guessed mapping."""
    _check_actor(actor, community)
    if community.town_id != town.pk:
        raise _not_found()
    limits = import_limits()
    content = receive(upload, limits)
    name = (upload.name or "upload")[-255:]
    table = read_table(content, name, limits=limits, geometry_column=GEOMETRY_COLUMN)
    if not table.rows:
        raise ActionRefused(
            "no_rows",
            _("The file has a header but no rows of concerns."),
            status=400,
            field="file",
        )
    job = ConcernImport(
        town=town,
        community=community,
        created_by=actor,
        file_name=name,
        file_format=table.format.slug,
        content=content,
        columns=table.columns,
        geometry_column=table.geometry_column,
        preview=[
            {"number": row.number, "cells": row.cells}
            for row in table.rows[:PREVIEW_ROWS]
        ],
        mapping={
            "fields": guess_mapping(table.columns, table.geometry_column),
            "default_source": ConcernSource.SURVEY.value,
        },
        total_rows=len(table.rows),
    )
    job.full_clean(exclude=["content"])
    job.save()
    return job


def import_map_columns(
    *,
    actor: User,
    job: ConcernImport,
    fields: Mapping[str, str],
    default_source: str,
) -> ConcernImport:
    """Say which column holds what, then check every row (in the background)."""
    _check_actor(actor, job.community)
    chosen = {slug: column for slug, column in fields.items() if column}
    _check_mapping(job, chosen, default_source)
    with transaction.atomic():
        locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
        _in_state(locked, ImportState.UPLOADED, ImportState.CHECKED, ImportState.FAILED)
        locked.rows.all().delete()
        locked.mapping = {
            "fields": chosen,
            "default_source": default_source,
            "language": translation.get_language(),
        }
        locked.state = ImportState.CHECKING
        locked.processed_rows = locked.flagged_rows = 0
        locked.skip_flagged = False
        locked.failure = ""
        locked.heartbeat = timezone.now()
        locked.full_clean(exclude=["content"])
        locked.save()
    worker.start(locked.pk)
    locked.refresh_from_db()
    return locked


def _check_mapping(job: ConcernImport, chosen: Mapping[str, str], source: str) -> None:
    def refuse(message: str) -> None:
        raise ActionRefused("bad_mapping", message, status=400, field="mapping")

    for slug, column in chosen.items():
        if slug not in FIELD_SLUGS or column not in job.columns:
            refuse(_("“%(column)s” is not a column of the file.") % {"column": column})
    if ("lat" in chosen) != ("lon" in chosen):
        refuse(_("Choose both the latitude and the longitude column, or neither."))
    if "lat" in chosen and chosen["lat"] == chosen["lon"]:
        refuse(_("Latitude and longitude must be two different columns."))
    if "wkt" not in chosen and "lat" not in chosen:
        refuse(
            _(
                "Choose where the location is: the latitude and longitude columns, "
                "or a column of WKT shapes."
            )
        )
    for slug, name in (
        ("category", _("category")),
        ("date", _("date")),
        ("text", _("text")),
    ):
        if slug not in chosen:
            refuse(_("Choose the column that holds the %(field)s.") % {"field": name})
    if source not in ConcernSource.values:
        refuse(_("Choose the source of concerns whose row names none."))


def row_plan(job: ConcernImport) -> RowPlan:
    """What the job's rows are checked against."""
    community = job.community
    names = {community.slug, community.name or ""}
    names.update(
        getattr(community, f"name_{code}", "") or "" for code in ["kk", "ru", "en"]
    )
    return RowPlan(
        town=job.town,
        columns=job.mapping.get("fields", {}),
        default_source=job.mapping.get("default_source", ConcernSource.SURVEY),
        community_names=frozenset(key(n) for n in names if n),
        today=timezone.localdate(),
    )


def import_check(*, job_id: int, chunk_rows: int | None = None) -> None:
    """The worker's body: check the rows not yet checked, a committed chunk at a time.

    Resumes where a previous worker stopped (rows already checked are kept); stops
    if the job was cancelled, re-mapped, or another worker took over.
    """
    job = ConcernImport.objects.select_related("town", "community").get(pk=job_id)
    if job.state != ImportState.CHECKING:
        return
    try:
        rows = table_of(job).rows
    except ActionRefused as refusal:
        _fail(job, str(refusal))
        return
    plan = row_plan(job)
    chunk_rows = chunk_rows or worker_settings().chunk_rows
    start = job.processed_rows
    while start < len(rows):
        part = rows[start : start + chunk_rows]
        checked = []
        for row in part:
            result = check_row(row.cells, plan)
            checked.append(
                ConcernImportRow(
                    job=job,
                    number=row.number,
                    raw=row.cells,
                    values=result.values,
                    location=result.location,
                    problems=result.problems,
                    checked=True,
                )
            )
        with transaction.atomic():
            locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
            if locked.state != ImportState.CHECKING or locked.processed_rows != start:
                return
            ConcernImportRow.objects.bulk_create(checked)
            locked.processed_rows = start + len(part)
            locked.flagged_rows += sum(1 for row in checked if row.problems)
            locked.heartbeat = timezone.now()
            locked.save(update_fields=["processed_rows", "flagged_rows", "heartbeat"])
        start += len(part)
    with transaction.atomic():
        locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
        if locked.state != ImportState.CHECKING:
            return
        _flag_repeated_ids(locked)
        locked.flagged_rows = locked.rows.exclude(problems=[]).count()
        locked.state = ImportState.CHECKED
        locked.heartbeat = timezone.now()
        locked.save(update_fields=["flagged_rows", "state", "heartbeat"])


def _repeated_message(first: int) -> str:
    return _(
        "the same id (or, without an id, the same concern) is already on row "
        "%(row)d: give each row its own id, or remove the copy."
    ) % {"row": first}


def _flag_repeated_ids(job: ConcernImport) -> None:
    """A second row with an id already used in the file is flagged, naming the first."""
    first: dict[str, int] = {}
    repeated = []
    column = job.mapping.get("fields", {}).get("external_id", "")
    for row in (
        job.rows.filter(problems=[])
        .order_by("number")
        .only("pk", "job_id", "number", "values", "problems")
    ):
        external_id = row.values.get("external_id", "")
        if external_id in first:
            row.problems = [
                {
                    "field": "external_id",
                    "column": column,
                    "message": _repeated_message(first[external_id]),
                }
            ]
            repeated.append(row)
        else:
            first[external_id] = row.number
    ConcernImportRow.objects.bulk_update(repeated, ["problems"], batch_size=500)


def _fail(job: ConcernImport, message: str) -> None:
    ConcernImport.objects.filter(pk=job.pk).update(
        state=ImportState.FAILED,
        failure=message[:2000],
        finished=timezone.now(),
        heartbeat=timezone.now(),
    )


def import_fix_row(
    *, actor: User, job: ConcernImport, number: int, cells: Mapping[str, str]
) -> ConcernImportRow:
    """Correct a flagged row's cells in the page and check it again."""
    _check_actor(actor, job.community)
    with transaction.atomic():
        locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
        _in_state(locked, ImportState.CHECKED)
        row = locked.rows.filter(number=number).first()
        if row is None:
            raise ActionRefused("not_found", _("There is no such row."), status=404)
        raw = dict(row.raw)
        for column in row.raw:
            if column in cells:
                value = str(cells[column]).strip()
                if is_formula(value):
                    raise ActionRefused(
                        "formula",
                        _(
                            'Column "%(column)s": this is a spreadsheet formula. '
                            "Write the value instead."
                        )
                        % {"column": column},
                        status=400,
                        field=column,
                    )
                raw[column] = value
        result = check_row(raw, row_plan(locked))
        problems = result.problems
        external_id = result.values.get("external_id", "")
        if not problems:
            twin = (
                locked.rows.filter(problems=[], values__external_id=external_id)
                .exclude(pk=row.pk)
                .order_by("number")
                .first()
            )
            if twin is not None:
                problems = [
                    {
                        "field": "external_id",
                        "column": locked.mapping["fields"].get("external_id", ""),
                        "message": _repeated_message(twin.number),
                    }
                ]
        row.raw, row.values, row.location = raw, result.values, result.location
        row.problems, row.checked = problems, True
        row.save()
        locked.flagged_rows = locked.rows.exclude(problems=[]).count()
        locked.save(update_fields=["flagged_rows", "modified"])
    return row


def import_skip_flagged(
    *, actor: User, job: ConcernImport, skip: bool = True
) -> ConcernImport:
    """Import only the ready rows (or, with skip=False, ask again for every row)."""
    _check_actor(actor, job.community)
    with transaction.atomic():
        locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
        _in_state(locked, ImportState.CHECKED, ImportState.FAILED)
        locked.skip_flagged = skip
        locked.save(update_fields=["skip_flagged", "modified"])
    return locked


def import_cancel(*, actor: User, job: ConcernImport) -> ConcernImport:
    """Stop an import before it is done: its file and rows are deleted."""
    _check_actor(actor, job.community)
    with transaction.atomic():
        locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
        _in_state(
            locked,
            ImportState.UPLOADED,
            ImportState.CHECKING,
            ImportState.CHECKED,
            ImportState.FAILED,
        )
        locked.rows.all().delete()
        locked.state = ImportState.CANCELLED
        locked.content = b""
        locked.processed_rows = locked.flagged_rows = 0
        locked.finished = timezone.now()
        locked.save()
    return locked


def import_publish(*, actor: User, job: ConcernImport) -> ConcernImport:
    """Write every ready row as a concern in one statement: all of them or none."""
    _check_actor(actor, job.community)
    try:
        with transaction.atomic():
            locked = ConcernImport.objects.select_for_update().get(pk=job.pk)
            _in_state(locked, ImportState.CHECKED, ImportState.FAILED)
            if locked.processed_rows < locked.total_rows:
                raise ActionRefused(
                    "import_not_checked",
                    _("Not every row is checked yet: wait for the check to end."),
                )
            if locked.flagged_rows and not locked.skip_flagged:
                raise ActionRefused(
                    "import_flagged_rows",
                    _(
                        "%(count)d rows are flagged: fix them, or choose to skip "
                        "them, then import."
                    )
                    % {"count": locked.flagged_rows},
                )
            ready = ready_rows(locked)
            written = write_concerns(
                locked,
                recorder_id=actor.pk,
                mapped=locked.mapping.get("fields", {}).keys(),
            )
            locked.created_count = written.created
            locked.updated_count = written.updated
            locked.unchanged_count = ready - written.created - written.updated
            locked.state = ImportState.DONE
            locked.failure = ""
            locked.content = b""
            locked.finished = timezone.now()
            locked.save()
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        message = _(
            "The import stopped and no concern from the file was saved: %(reason)s"
        ) % {"reason": reason}
        _fail(job, message)
        raise ActionRefused("import_failed", message, status=409) from error
    return locked
