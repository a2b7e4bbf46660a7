"""What the abuse limits cost a write, against the same write without them.

Run: `.venv/bin/python -m bench.limits`. Uses a throwaway database (named by
BIRGE_TEST_DATABASE, default ``bench_limits``) on the project's PostGIS, created
and dropped by the run. Baseline in the same run: the same requests through the
same middleware with ``LimitMiddleware`` left out (and, for logins, without
``LoginLimitBackend``). Limits are set far above the load, so nothing is refused:
what is measured is the check itself. Writes bench/results/limits.md.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("BIRGE_TEST_DATABASE", "bench_limits")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import authenticate  # noqa: E402
from django.contrib.auth.signals import user_login_failed  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import role_grant  # noqa: E402
from limits import receivers, throttle  # noqa: E402
from limits.conf import Rate  # noqa: E402
from mapping.intake import accept_geometry  # noqa: E402
from mapping.services import town_create  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "limits.md"
REQUESTS = 300
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[76.90, 52.02], [76.96, 52.02], [76.96, 52.07], [76.90, 52.07], [76.90, 52.02]]
    ],
}
POINT = json.dumps({"type": "Point", "coordinates": [76.93, 52.04]})
LIMITER = "limits.middleware.LimitMiddleware"
BACKEND = "limits.backends.LoginLimitBackend"


def paired_ms(
    base: Callable[[], object], ours: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of the two, called in turn, so drift in the machine's load (and a
    table growing under the writes) weighs on both alike."""
    base()
    ours()
    samples: tuple[list[float], list[float]] = ([], [])
    for i in range(repeat):
        pair = (base, ours) if i % 2 else (ours, base)
        for fn in pair:
            start = time.perf_counter()
            fn()
            samples[fn is ours].append(time.perf_counter() - start)
    return statistics.median(samples[0]) * 1000, statistics.median(samples[1]) * 1000


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def client(user: User, *, limiter: bool) -> Client:
    """A signed-in client whose middleware chain has, or lacks, the limiter."""
    chain = [m for m in settings.MIDDLEWARE if limiter or m != LIMITER]
    made = Client(REMOTE_ADDR="10.0.0.1")
    with override_settings(MIDDLEWARE=chain):
        made.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        made.get("/api/v1/towns/")  # the handler loads its middleware now
    return made


def writes(user: User) -> list[tuple[str, float, float]]:
    rows = []
    counter = iter(range(10**6))

    def check(c: Client) -> Callable[[], object]:
        return lambda: c.post(
            "/api/v1/towns/bench/geometry/check/",
            POINT,
            content_type="application/json",
        )

    def site(c: Client) -> Callable[[], object]:
        def post() -> None:
            n = next(counter)
            lon = 76.905 + (n % 200) * 0.0002
            lat = 52.025 + (n // 200) * 0.0002
            body = {
                "name_kk": f"Аула {n}",
                "name_ru": f"Двор {n}",
                "name_en": f"Yard {n}",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [lon, lat],
                            [lon + 0.0001, lat],
                            [lon + 0.0001, lat + 0.0001],
                            [lon, lat],
                        ]
                    ],
                },
            }
            response = c.post(
                "/api/v1/towns/bench/sites/",
                json.dumps(body),
                content_type="application/json",
            )
            assert response.status_code == 201, response.content

        return post

    with_limits, without = client(user, limiter=True), client(user, limiter=False)
    for label, make in (
        ("POST geometry check (nothing stored)", check),
        ("POST a new site (one INSERT, version triggers)", site),
    ):
        rows.append((label, *paired_ms(make(without), make(with_limits), REQUESTS)))
    return rows


def failed_login() -> tuple[str, float, float]:
    request = RequestFactory().post("/en/accounts/login/", REMOTE_ADDR="10.0.0.2")
    names = iter(range(10**6))

    def attempt() -> None:
        # A new name each time: the lockout never locks, every attempt is counted.
        authenticate(request, username=f"nobody{next(names)}", password="wrong")

    without_backend = [b for b in settings.AUTHENTICATION_BACKENDS if b != BACKEND]

    def without_limits() -> None:
        # The baseline counts no failures either.
        user_login_failed.disconnect(dispatch_uid="limits")
        try:
            with override_settings(AUTHENTICATION_BACKENDS=without_backend):
                attempt()
        finally:
            user_login_failed.connect(receivers.login_failed, dispatch_uid="limits")

    return (
        "a failed login (authenticate: lockout, rates, failure counted)",
        *paired_ms(without_limits, attempt, REQUESTS),
    )


def statement() -> list[str]:
    """The check alone, and many workers checking at once."""
    rate = Rate(10**9, 1)
    one = [(throttle.key("write", rate, "u1"), rate)]
    four = [
        (throttle.key("write", r, s), r)
        for r in (rate, Rate(10**9, 3600))
        for s in ("u1", "a10.0.0.1")
    ]
    lines = [
        f"| `throttle.spend`, 1 key | {median_ms(lambda: throttle.spend(one), 1000):.3f} ms |",
        f"| `throttle.spend`, 4 keys (the default write bucket: 2 rates x account, address) | {median_ms(lambda: throttle.spend(four), 1000):.3f} ms |",
    ]
    for label, same in (("one key", True), ("a key each", False)):
        done: list[int] = []

        def worker(n: int, same: bool = same, done: list[int] = done) -> None:
            key = [(throttle.key("write", rate, "u1" if same else f"u{n}"), rate)]
            count = 0
            deadline = time.perf_counter() + 3
            while time.perf_counter() < deadline:
                throttle.spend(key)
                count += 1
            done.append(count)
            connections.close_all()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lines.append(
            f"| 8 threads (8 connections) for 3 s, {label} | "
            f"{sum(done) / 3:,.0f} checks/s |"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO limits_ratecounter SELECT 'old:' || n, 0, 1, 1 "
            "FROM generate_series(1, 100000) n"
        )
    start = time.perf_counter()
    purged = throttle.purge()
    lines.append(
        f"| purge {purged:,} expired counters (one DELETE) | "
        f"{(time.perf_counter() - start) * 1000:.0f} ms |"
    )
    return lines


def main() -> None:
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        settings.BIRGE_RATE_LIMITS = dict.fromkeys(
            settings.BIRGE_RATE_LIMITS, "10000000/s"
        )
        town = town_create(
            slug="bench",
            names={"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"},
            boundary=accept_geometry(SQUARE, allowed=("Polygon", "MultiPolygon")),
            centre=accept_geometry({"type": "Point", "coordinates": [76.93, 52.045]}),
            utm_srid=32643,
        )
        user = User.objects.create_user(username="bench")
        role_grant(actor=None, user=user, role=Role.ARCHITECT, town=town)
        rows = [*writes(user), failed_login()]
        extra = statement()
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    lines = [
        "| request | without limits (baseline) | with limits | with/without | added |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {label} | {base:.2f} ms | {ours:.2f} ms | {ours / base:.2f}x | "
            f"{ours - base:+.2f} ms |"
            for label, base, ours in rows
        ),
    ]
    table = "\n".join(lines)
    details = "\n".join(["| the check itself | time or rate |", "|---|---:|", *extra])
    print(table + "\n\n" + details)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Abuse limits benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; median of "
        f"{REQUESTS} requests each, in one process (Django's test client) against "
        "PostGIS on a unix socket.\n\n" + table + "\n\n" + details + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
