"""The import's pages: upload, mapping, progress (status), report, fix, import."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community_map.models import Concern, ConcernImport, ImportState

from . import test_import_support as support
from .test_import_support import (
    csv_bytes,
    rows_of,
    upload_file,
    uploaded,
)

pytestmark = pytest.mark.django_db
inline = support.inline  # a fixture
mapper_client = support.mapper_client  # a fixture


def new_url(ngo) -> str:
    return reverse("community_map:import-new", kwargs={"town": ngo.town.slug})


def job_url(job, name: str = "import", **extra) -> str:
    return reverse(
        f"community_map:{name}", kwargs={"town": job.town.slug, "pk": job.pk, **extra}
    )


def post_file(client, ngo, name: str, content: bytes):
    return client.post(
        new_url(ngo), {"file": upload_file(name, content), "community": ngo.pk}
    )


def test_the_whole_import_through_the_pages(inline, mapper_client, ngo):
    rows = rows_of(12)
    rows[2][1] = ""  # row 4
    response = post_file(mapper_client, ngo, "concerns.csv", csv_bytes(rows))
    assert response.status_code == 302
    job = ConcernImport.objects.get()
    page = mapper_client.get(response.url).content.decode()
    assert "Check rows" in page and "A-1" in page and 'id="id_lat"' in page
    response = mapper_client.post(
        job_url(job, "import-mapping"),
        {**job.mapping["fields"], "default_source": "hotline"},
    )
    assert response.status_code == 302
    page = mapper_client.get(job_url(job)).content.decode()
    assert 'id="flagged-rows"' in page and "Row 4" in page
    assert "Latitude is missing." in page and "the header is row 1" in page
    assert "Check again" in page and 'name="lat"' in page
    response = mapper_client.post(
        job_url(job, "import-fix-row", number=4), {"lat": "52.03"}
    )
    assert response.status_code == 302
    page = mapper_client.get(job_url(job)).content.decode()
    assert "Import 12 rows" in page
    assert mapper_client.post(job_url(job, "import-publish")).status_code == 302
    page = mapper_client.get(job_url(job)).content.decode()
    assert 'id="created-count">12<' in page and 'id="unchanged-count">0<' in page
    assert Concern.objects.filter(source="hotline").count() == 12


def test_the_status_endpoint_reports_progress(mapper_client, mapper, ngo):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(10_000)))
    ConcernImport.objects.filter(pk=job.pk).update(
        state=ImportState.CHECKING, processed_rows=4_300, heartbeat=timezone.now()
    )
    status = mapper_client.get(job_url(job, "import-status")).json()
    assert status["processed"] == 4_300 and status["total"] == 10_000
    assert status["checking"] is True
    assert status["text"] == "4,300 of 10,000 rows checked"
    page = mapper_client.get(job_url(job)).content.decode()
    assert 'id="import-progress"' in page and 'value="4300"' in page
    assert "js/concern_import.js" in page and "<script>" not in page


def test_a_checker_that_stopped_is_restarted_by_the_status_request(
    inline, mapper_client, mapper, ngo
):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(30)))
    ConcernImport.objects.filter(pk=job.pk).update(
        state=ImportState.CHECKING,
        heartbeat=timezone.now() - datetime.timedelta(minutes=5),
    )
    status = mapper_client.get(job_url(job, "import-status")).json()
    assert status["state"] == "checked" and status["processed"] == 30


def test_nobody_but_the_communitys_mappers_sees_a_job(client, mapper, ngo, resident):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2)))
    assert client.get(job_url(job)).status_code == 404
    client.force_login(resident)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(job_url(job, "import-status")).status_code == 404
    assert client.post(job_url(job, "import-publish")).status_code == 404
    assert client.get(new_url(ngo)).status_code == 404


def test_staff_may_import_for_any_community_of_the_town(client, staff, ngo):
    client.force_login(staff)
    response = post_file(client, ngo, "c.csv", csv_bytes(rows_of(2)))
    assert response.status_code == 302


def test_a_refused_file_is_a_400_page_with_the_message(mapper_client, ngo):
    response = post_file(mapper_client, ngo, "c.csv", b"")
    assert response.status_code == 400
    assert "The file is empty" in response.content.decode()
    assert not ConcernImport.objects.exists()


def test_a_bad_mapping_is_a_400_page(mapper_client, mapper, ngo):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2)))
    response = mapper_client.post(
        job_url(job, "import-mapping"),
        {
            "category": "category",
            "date": "date",
            "text": "text",
            "default_source": "web",
        },
    )
    assert response.status_code == 400
    assert "Choose where the location is" in response.content.decode()
    assert ConcernImport.objects.get().state == ImportState.UPLOADED


def test_cancelling_deletes_the_file_and_rows(inline, mapper_client, mapper, ngo):
    job = uploaded(mapper, ngo, "c.csv", csv_bytes(rows_of(2)))
    assert mapper_client.post(job_url(job, "import-cancel")).status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.CANCELLED and bytes(job.content) == b""
