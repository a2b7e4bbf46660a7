"""An NGO's CSV of concerns: checked row by row, fixed, skipped, imported once."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from community_map.models import Concern, ConcernImport, ConcernImportRow, ImportState
from community_map.services import imports
from mapping.refusals import ActionRefused

from . import test_import_support as support
from .test_import_support import (
    HEADER,
    checked,
    csv_bytes,
    rows_of,
    uploaded,
)

pytestmark = pytest.mark.django_db
inline = support.inline  # a fixture


def problems_by_row(job: ConcernImport) -> dict[int, list[str]]:
    return {
        row.number: [f"{p['column']}: {p['message']}" for p in row.problems]
        for row in job.rows.exclude(problems=[])
    }


def test_the_columns_are_guessed_from_the_header(mapper, ngo):
    header = ["№", "Широта", "Долгота", "Категория", "Дата", "Описание", "Статус"]
    job = uploaded(mapper, ngo, "c.csv", csv_bytes([["1"] * 7], header=header))
    assert job.mapping["fields"] == {
        "external_id": "№",
        "lat": "Широта",
        "lon": "Долгота",
        "category": "Категория",
        "date": "Дата",
        "text": "Описание",
        "status": "Статус",
    }
    assert job.total_rows == 1 and job.state == ImportState.UPLOADED
    assert job.preview[0] == {"number": 2, "cells": dict.fromkeys(header, "1")}


def test_each_row_is_checked_and_problems_name_row_and_column(inline, mapper, ngo):
    rows = rows_of(40)
    rows[15][1] = ""  # row 17: the header is row 1
    rows[28][1], rows[28][2] = "52.5", "77.5"  # row 30: far outside
    rows[4][1], rows[4][2] = rows[4][2], rows[4][1]  # row 6: swapped
    rows[7][3] = "weather"  # row 9
    rows[8][4] = "31.12.2099"  # row 10
    rows[9][4] = "yesterday"  # row 11
    rows[10][5] = "  "  # row 12
    rows[11][5] = "x" * 4001  # row 13
    job = checked(mapper, uploaded(mapper, ngo, "concerns.csv", csv_bytes(rows)))
    assert job.state == ImportState.CHECKED
    assert (job.processed_rows, job.flagged_rows) == (40, 8)
    found = problems_by_row(job)
    assert found[17] == ["lat: Latitude is missing."]
    assert "outside" in found[30][0] and found[30][0].startswith("lat: ")
    assert "swapped" in found[6][0]
    assert found[9][0].startswith("category: “weather” is not a category")
    assert found[10] == ["date: the date 2099-12-31 is in the future."]
    assert "not a date" in found[11][0]
    assert "text is empty" in found[12][0]
    assert "at most 4000" in found[13][0]
    ready = job.rows.filter(problems=[])
    assert {row.values["category"] for row in ready} == {"heating", "lighting", "roads"}
    assert ready.first().values["reported_on"] == "2025-01-15"


def test_a_flagged_row_is_fixed_in_the_page_and_checked_again(inline, mapper, ngo):
    rows = rows_of(3)
    rows[1][1] = ""
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows)))
    assert job.flagged_rows == 1
    with pytest.raises(ActionRefused) as refused:
        imports.import_publish(actor=mapper, job=job)
    assert "1 rows are flagged" in str(refused.value)
    row = imports.import_fix_row(actor=mapper, job=job, number=3, cells={"lat": "abc"})
    assert "“abc” is not a latitude" in row.problems[0]["message"]
    row = imports.import_fix_row(
        actor=mapper, job=job, number=3, cells={"lat": "52,041"}
    )
    assert row.problems == [] and row.location.y == pytest.approx(52.041)
    job.refresh_from_db()
    assert job.flagged_rows == 0
    job = imports.import_publish(actor=mapper, job=job)
    assert (job.state, job.created_count) == (ImportState.DONE, 3)


def test_flagged_rows_may_be_skipped(inline, mapper, ngo):
    rows = rows_of(5)
    rows[0][3] = ""
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows)))
    imports.import_skip_flagged(actor=mapper, job=job)
    job = imports.import_publish(actor=mapper, job=job)
    assert job.created_count == 4
    assert Concern.objects.filter(imported_by=job).count() == 4
    assert bytes(job.content) == b""


def test_imported_concerns_are_private_recorded_and_placed(inline, mapper, ngo):
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2))))
    imports.import_publish(actor=mapper, job=job)
    concern = Concern.objects.get(external_id="A-1")
    assert (concern.community, concern.recorded_by, concern.imported_by) == (
        ngo,
        mapper,
        job,
    )
    assert concern.private and concern.source == "survey" and concern.status == "new"
    assert concern.public_point is not None and concern.district is not None
    assert concern.reported_on == datetime.date(2025, 1, 15)


def test_importing_the_same_file_twice_creates_nothing_new(inline, mapper, ngo):
    content = csv_bytes(rows_of(20))
    first = imports.import_publish(
        actor=mapper, job=checked(mapper, uploaded(mapper, ngo, "c.csv", content))
    )
    assert (first.created_count, first.updated_count, first.unchanged_count) == (
        20,
        0,
        0,
    )
    again = imports.import_publish(
        actor=mapper, job=checked(mapper, uploaded(mapper, ngo, "c.csv", content))
    )
    assert (again.created_count, again.updated_count, again.unchanged_count) == (
        0,
        0,
        20,
    )
    rows = rows_of(21)
    rows[3][5] = "The text was corrected"
    changed = imports.import_publish(
        actor=mapper,
        job=checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows))),
    )
    assert (changed.created_count, changed.updated_count) == (1, 1)
    assert changed.unchanged_count == 19
    assert Concern.objects.count() == 21
    assert Concern.objects.get(external_id="A-4").text == "The text was corrected"


def test_rows_without_ids_get_stable_ids_and_are_not_duplicated(inline, mapper, ngo):
    header = HEADER[1:]
    rows = [row[1:] for row in rows_of(10)]
    content = csv_bytes(rows, header=header, delimiter=";")
    first = imports.import_publish(
        actor=mapper, job=checked(mapper, uploaded(mapper, ngo, "c.csv", content))
    )
    again = imports.import_publish(
        actor=mapper, job=checked(mapper, uploaded(mapper, ngo, "c.csv", content))
    )
    assert (first.created_count, again.created_count, again.unchanged_count) == (
        10,
        0,
        10,
    )
    ids = set(Concern.objects.values_list("external_id", flat=True))
    assert len(ids) == 10 and all(i.startswith("sha1:") for i in ids)


def test_the_same_id_twice_in_a_file_is_flagged(inline, mapper, ngo):
    rows = rows_of(3)
    rows[2][0] = "A-1"
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows)))
    assert "already on row 2" in problems_by_row(job)[4][0]


def test_a_failed_import_writes_no_concern_and_says_why(inline, mapper, ngo, record):
    record()
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(50))))
    # One row breaks a database rule after its check (as a bug or a race would).
    row = job.rows.get(number=40)
    row.values = {**row.values, "precision_m": 0}
    row.save()
    with pytest.raises(ActionRefused) as refused:
        imports.import_publish(actor=mapper, job=job)
    assert "no concern from the file was saved" in str(refused.value)
    assert Concern.objects.count() == 1
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "precision" in job.failure
    assert job.rows.count() == 50  # the rows stay, to fix and import again


def test_a_failure_in_the_statement_itself_rolls_everything_back(
    inline, mapper, ngo, monkeypatch
):
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(30))))
    with connection.cursor() as cursor:  # the statement fails after inserting rows
        cursor.execute(
            "CREATE FUNCTION test_fail_late() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN IF NEW.external_id = 'A-25' THEN RAISE EXCEPTION 'boom'; "
            "END IF; RETURN NEW; END $$;"
            "CREATE TRIGGER test_fail_late BEFORE INSERT ON community_map_concern "
            "FOR EACH ROW EXECUTE FUNCTION test_fail_late();"
        )
    with pytest.raises(ActionRefused):
        imports.import_publish(actor=mapper, job=job)
    assert Concern.objects.count() == 0
    assert ConcernImport.objects.get(pk=job.pk).state == ImportState.FAILED


def test_ten_thousand_rows_are_checked_and_imported(inline, mapper, ngo, settings):
    settings.BIRGE_IMPORT_CHUNK_ROWS = 2_000
    job = checked(mapper, uploaded(mapper, ngo, "big.csv", csv_bytes(rows_of(10_000))))
    assert (job.processed_rows, job.flagged_rows) == (10_000, 0)
    job = imports.import_publish(actor=mapper, job=job)
    assert job.created_count == 10_000
    assert Concern.objects.filter(community=ngo).count() == 10_000


class WorkerDied(BaseException):
    """The process running the check stops (killed, restarted) mid-way."""


def test_a_stopped_check_resumes_where_it_stopped(mapper, ngo, settings, monkeypatch):
    settings.BIRGE_IMPORT_CHUNK_ROWS = 10
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(35)))
    real, calls = imports.check_row, []

    def dies_at_row_25(cells, plan):
        calls.append(1)
        if len(calls) == 25:
            raise WorkerDied
        return real(cells, plan)

    monkeypatch.setattr(imports, "check_row", dies_at_row_25)
    settings.BIRGE_IMPORT_INLINE = True
    with pytest.raises(WorkerDied):
        checked(mapper, job)
    job.refresh_from_db()
    assert (job.state, job.processed_rows) == (ImportState.CHECKING, 20)
    assert ConcernImportRow.objects.filter(job=job).count() == 20
    monkeypatch.setattr(imports, "check_row", real)
    imports.import_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.CHECKED and job.processed_rows == 35
    numbers = list(job.rows.values_list("number", flat=True))
    assert numbers == list(range(2, 37))


def test_only_the_communitys_mappers_may_import(inline, mapper, ngo, resident):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2)))
    with pytest.raises(ActionRefused) as refused:
        imports.import_map_columns(
            actor=resident, job=job, fields={}, default_source="survey"
        )
    assert refused.value.status == 404


def test_a_bad_mapping_is_refused(mapper, ngo):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2)))
    with pytest.raises(ActionRefused) as refused:
        checked(mapper, job, lat="", lon="")
    assert "Choose where the location is" in str(refused.value)
    with pytest.raises(ActionRefused):
        checked(mapper, job, text="no such column")
    assert ConcernImport.objects.get(pk=job.pk).state == ImportState.UPLOADED


def test_a_date_in_the_future_is_judged_by_todays_date(inline, mapper, ngo):
    rows = rows_of(1)
    rows[0][4] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    job = checked(mapper, uploaded(mapper, ngo, "c.csv", csv_bytes(rows)))
    assert "in the future" in problems_by_row(job)[2][0]
