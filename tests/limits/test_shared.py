"""Counters live in PostgreSQL: separate connections and processes agree on them."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator

import pytest
from django.db import connections

from limits import throttle
from limits.conf import Rate
from tests.factories import TownFactory
from tests.production_server import serving

CHECK = "/api/v1/towns/aksu/geometry/check/"
POINT = json.dumps({"type": "Point", "coordinates": [76.93, 52.04]}).encode()


@pytest.mark.django_db(transaction=True)
def test_eight_connections_at_once_never_spend_one_allowance_twice():
    rate = Rate(25, 3600)
    key = throttle.key("write", rate, "a10.9.9.9")
    answers: list[bool] = []
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(10):
                answers.append(throttle.spend([(key, rate)]).allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 80
    assert answers.count(True) == 25


@pytest.fixture(scope="module")
def app_server(django_db_setup) -> Iterator[int]:
    """The production server, two worker processes, on the test database; its port."""
    with serving(workers=2, threads=2) as port:
        yield port


@pytest.fixture
def server(app_server, transactional_db) -> int:
    """The server, with Aksu committed where its workers can see it."""
    TownFactory(slug="aksu")
    return app_server


def post(port: int, body, client: str, **headers: str) -> tuple[int, dict, str]:
    """POST the geometry check as `client` (X-Forwarded-For), on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            CHECK,
            body=body,
            headers={
                "Content-Type": "application/json",
                "Accept-Language": "en",
                "X-Forwarded-For": client,
                **headers,
            },
            encode_chunked=not isinstance(body, bytes),
        )
        response = conn.getresponse()
        return (
            response.status,
            json.loads(response.read()),
            response.getheader("Retry-After", ""),
        )
    finally:
        conn.close()


def test_two_worker_processes_share_one_address_limit(server):
    statuses: list[int] = []
    start = threading.Barrier(8)

    def send() -> None:
        start.wait()
        statuses.append(post(server, POINT, "10.3.0.1")[0])

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Four an hour from one address, whichever process answered each request.
    assert sorted(statuses) == [200] * 4 + [429] * 4
    status, answer, retry_after = post(server, POINT, "10.3.0.1")
    assert status == 429 and answer["error"]["code"] == "rate_limited"
    assert int(retry_after) == answer["error"]["retry_after"] > 0
    assert post(server, POINT, "10.3.0.2")[0] == 200


def test_a_real_servers_chunked_body_is_read_or_refused_by_size(server):
    def chunks(data: bytes) -> Iterator[bytes]:
        for i in range(0, len(data), 1000):
            yield data[i : i + 1000]

    status, answer, _ = post(server, chunks(POINT), "10.4.0.1")
    assert status == 200 and answer["geometry"]["type"] == "Point"
    padded = json.dumps(
        {"type": "Point", "coordinates": [76.93, 52.04], "pad": "x" * 20_000}
    ).encode()
    status, answer, _ = post(server, chunks(padded), "10.4.0.2")
    assert status == 413
    assert answer["error"]["code"] == "too_large"
    assert "larger than 9.8\xa0KB" in answer["error"]["message"]
