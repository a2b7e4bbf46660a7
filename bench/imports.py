"""How long importing an NGO's 10 000-row CSV takes, against a plain baseline.

Run: `.venv/bin/python -m bench.imports`. Uses a throwaway database (named by
BIRGE_TEST_DATABASE, default ``bench_imports``) on the project's PostGIS, created
and dropped by the run. Birge's pipeline: read (upload: sniff, decode, formula
check, columns), check (every row through the geometry intake and the value
checks, committed in chunks of 500 as the worker does) and publish (one
INSERT … SELECT … ON CONFLICT, the trigger coarsening each point). Baseline in the
same run: pyogrio reading the same CSV and a plain ``bulk_create`` of the same
10 000 concerns (the trigger runs for it too). Writes bench/results/imports.md.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("BIRGE_TEST_DATABASE", "bench_imports")
django.setup()

import datetime  # noqa: E402

import pyogrio  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.gis.geos import Point  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import role_grant  # noqa: E402
from community_map.models import Community, Concern, ConcernImport  # noqa: E402
from community_map.services import imports  # noqa: E402
from mapping.intake import accept_geometry  # noqa: E402
from mapping.services import town_create  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "imports.md"
ROWS = 10_000
REPEAT = 3
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[76.90, 52.02], [76.96, 52.02], [76.96, 52.07], [76.90, 52.07], [76.90, 52.02]]
    ],
}


def sample_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "lat", "lon", "category", "date", "text", "source"])
    for n in range(rows):
        writer.writerow(
            [
                f"S-{n}",
                f"{52.025 + (n % 400) * 0.0001:.6f}",
                f"{76.905 + (n % 500) * 0.0001:.6f}",
                ("heating", "отопление", "освещение", "roads")[n % 4],
                "15.01.2025",
                f"Concern number {n}: no heating in the flat since Monday",
                ("hotline", "WhatsApp", "опрос")[n % 3],
            ]
        )
    return out.getvalue().encode()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def birge(content: bytes, user: User, community: Community) -> tuple[float, ...]:
    """Read, check and publish through the services; seconds for each."""
    jobs: list[ConcernImport] = []
    read = timed(
        lambda: jobs.append(
            imports.import_upload(
                actor=user,
                town=community.town,
                community=community,
                upload=SimpleUploadedFile("concerns.csv", content),
            )
        )
    )
    job = jobs[0]
    check = timed(
        lambda: imports.import_map_columns(
            actor=user,
            job=job,
            fields=job.mapping["fields"],
            default_source="survey",
        )
    )
    job.refresh_from_db()
    assert job.flagged_rows == 0, job.flagged_rows
    publish = timed(lambda: imports.import_publish(actor=user, job=job))
    job.refresh_from_db()
    assert job.created_count == ROWS
    return read, check, publish


def baseline(path: Path, community: Community) -> tuple[float, float]:
    """pyogrio reading the CSV; a plain bulk_create of its rows as concerns."""
    frames = []
    read = timed(
        lambda: frames.append(
            pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
        )
    )
    frame = frames[0]
    day = datetime.date(2025, 1, 15)
    categories = {"отопление": "heating", "освещение": "lighting"}
    sources = {"WhatsApp": "whatsapp", "опрос": "survey"}

    def write() -> None:
        Concern.objects.bulk_create(
            [
                Concern(
                    town=community.town,
                    community=community,
                    category=categories.get(c, c),
                    source=sources.get(s, s),
                    reported_on=day,
                    location=Point(g.x, g.y, srid=4326),
                    text=t,
                    external_id=i,
                )
                for i, c, s, t, g in zip(
                    frame["id"],
                    frame["category"],
                    frame["source"],
                    frame["text"],
                    frame.geometry,
                    strict=True,
                )
            ],
            batch_size=2_000,
        )

    return read, timed(write)


def main() -> None:
    settings.BIRGE_IMPORT_INLINE = True
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        town = town_create(
            slug="bench",
            names={"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"},
            boundary=accept_geometry(SQUARE, allowed=("Polygon", "MultiPolygon")),
            centre=accept_geometry({"type": "Point", "coordinates": [76.93, 52.045]}),
            utm_srid=32643,
        )
        # Importing is a mapper's, moderator's or akimat official's (rules.py).
        user = User.objects.create_user(username="bench")
        role_grant(actor=None, user=user, role=Role.MODERATOR, town=town)
        content = sample_csv(ROWS)
        path = Path(f"/tmp/birge-bench-{os.getpid()}.csv")
        path.write_bytes(content)
        ours, base = [], []
        for n in range(REPEAT):
            community = Community.objects.create(
                town=town, slug=f"ngo-{n}", name="NGO", kind="ngo"
            )
            ours.append(birge(content, user, community))
            other = Community.objects.create(
                town=town, slug=f"base-{n}", name="Base", kind="ngo"
            )
            base.append(baseline(path, other))
        path.unlink()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    read, check, publish = (statistics.median(s) for s in zip(*ours, strict=True))
    base_read, base_write = (statistics.median(s) for s in zip(*base, strict=True))
    total, base_total = read + check + publish, base_read + base_write
    lines = [
        "| step | Birge | baseline | Birge/baseline |",
        "|---|---:|---:|---:|",
        f"| read {ROWS:,} rows (Birge: upload checks; baseline: pyogrio) | "
        f"{read:.2f} s | {base_read:.2f} s | {read / base_read:.1f}x |",
        f"| check every row (intake, values; chunks of 500) | {check:.2f} s | — | — |",
        f"| publish (Birge: one INSERT … ON CONFLICT; baseline: bulk_create) | "
        f"{publish:.2f} s | {base_write:.2f} s | {publish / base_write:.1f}x |",
        f"| total | {total:.2f} s | {base_total:.2f} s | {total / base_total:.1f}x |",
    ]
    table = "\n".join(lines)
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Concern import benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; a CSV of "
        f"{ROWS:,} concerns, median of {REPEAT} runs in one process against "
        "PostGIS.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
