"""The ASGI front answers valid tiles as the WSGI front does, and passes the rest."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import RequestFactory, override_settings

from config.server import command as server_command
from mapping.tiles.asgi import TilesFirstASGI, environ
from mapping.tiles.wsgi import TilesFirst
from tests.production_server import ROOT, serving
from tests.tiles.conftest import decode, tile_of
from tests.tiles.test_wsgi import Recorder, in_test_transaction, versioned_tile

# Committed rows: on the loop's thread Django's connections are those of the
# loop's context (asgiref's Local), never the test's own, whose transaction the
# front could not see. The tiles are built on the pool's connections.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def loop_may_use_the_database(monkeypatch):
    # As config/asgi.py says for the server: the front blocks on the loop's thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Pages:
    """The application behind the front: notes what reaches it, answers 299."""

    def __init__(self):
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"page"})


def scope(path: str, method: str = "GET", query: bytes = b"", **headers) -> dict:
    return {
        "type": "http",
        "method": method,
        "scheme": "https",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": [
            (b"host", b"127.0.0.1"),
            *(
                (name.replace("_", "-").encode(), v.encode())
                for name, v in headers.items()
            ),
        ],
    }


def call(app, request: dict) -> tuple[int, dict[str, str], bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # On a thread of its own, as a server's worker: the suite's main thread may
    # already run an event loop (Playwright's), where asyncio.run() refuses.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(asyncio.run, app(request, receive, send)).result()
    start, *bodies = sent
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in bodies)


def tile_path(z: int = 15) -> str:
    z, x, y = tile_of(76.93, 52.04, z)
    return f"/tiles/proposals/{z}/{x}/{y}.mvt"


def wsgi_answer(path: str, method: str = "GET", **headers):
    """The WSGI front's answer to the same request (the reference)."""
    request = RequestFactory(HTTP_HOST="127.0.0.1").generic(
        method,
        path,
        secure=True,
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    )
    with in_test_transaction():
        response = TilesFirst(Recorder()).respond(request.environ)
    assert response is not None
    status, headers_, body = response
    return status, dict(headers_), body


@override_settings(SECURE_HSTS_SECONDS=3600)
def test_a_tile_is_answered_in_front_as_the_wsgi_front_answers_it(proposals):
    pages = Pages()
    status, headers, body = call(TilesFirstASGI(pages), scope(tile_path()))
    assert pages.paths == []  # answered on the loop's thread, no page thread ran
    assert status == 200
    assert len(decode(body, "proposals")) == 1
    reference = wsgi_answer(tile_path())
    assert body == reference[2]
    assert headers == {name.lower(): value for name, value in reference[1].items()}
    assert headers["content-type"] == "application/vnd.mapbox-vector-tile"
    assert headers["content-length"] == str(len(body))
    assert "strict-transport-security" in headers  # as HTTPS


def test_conditional_and_head_requests_are_answered_in_front(proposals):
    pages = Pages()
    front = TilesFirstASGI(pages)
    etag = call(front, scope(tile_path()))[1]["etag"]
    status, headers, body = call(front, scope(tile_path(), if_none_match=etag))
    assert (status, body) == (304, b"")
    assert headers["etag"] == etag and "content-length" not in headers
    status, headers, body = call(front, scope(tile_path(), method="HEAD"))
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, _headers, _body = call(front, scope(tile_path(), if_match='"other"'))
    assert status == 412
    assert pages.paths == []


def test_a_versioned_url_is_cached_for_a_year(proposals, client):
    path, query = versioned_tile(client)
    status, headers, _body = call(
        TilesFirstASGI(Pages()), scope(path, query=query.encode())
    )
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/tiles/nothing/1/0/0.mvt", "GET", {}),
        ("/tiles/proposals/2/4/0.mvt", "GET", {}),
        ("/tiles/proposals/14/0/0.mvt", "POST", {}),
        ("/tiles/proposals/14/0/0.mvt", "OPTIONS", {}),
        ("/tiles/proposals/14/0/0.mvt", "GET", {"x_forwarded_host": "a"}),
        ("/tiles/proposals.json", "GET", {}),
        ("/en/", "GET", {}),
    ],
)
def test_anything_else_goes_to_the_pages(proposals, path, method, headers):
    pages = Pages()
    request = scope(path, method=method, **headers)
    if "x_forwarded_host" in headers:  # a host Django would refuse
        request["headers"] = [(b"host", b"evil.example")]
    assert call(TilesFirstASGI(pages), request)[0] == 299
    assert pages.paths == [path]


def test_the_request_reads_as_wsgi_names_it():
    meta = environ(
        {
            "type": "http",
            "method": "GET",
            "path": "/birge/tiles/towns/1/0/0.mvt",
            "root_path": "/birge",
            "query_string": b"v=abc",
            "headers": [
                (b"host", b"example.kz"),
                (b"if-none-match", b'"a"'),
                (b"if-none-match", b'"b"'),
                (b"content-length", b"0"),
            ],
        }
    )
    assert meta["PATH_INFO"] == "/tiles/towns/1/0/0.mvt"
    assert meta["SCRIPT_NAME"] == "/birge"
    assert meta["QUERY_STRING"] == "v=abc"
    assert meta["wsgi.url_scheme"] == "http"
    assert meta["HTTP_HOST"] == "example.kz"
    assert meta["HTTP_IF_NONE_MATCH"] == '"a","b"'  # repeated headers, joined
    assert "CONTENT_LENGTH" not in meta and "HTTP_CONTENT_LENGTH" not in meta


def test_the_production_server_serves_the_asgi_front():
    assert "config.asgi:application" in server_command(port=8000)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.asgi as a; from mapping.tiles.asgi import TilesFirstASGI;"
            "print(isinstance(a.application, TilesFirstASGI))",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


@pytest.fixture
def served(proposals):
    """The production server on the test database (its rows committed); its port."""
    with serving(workers=1, threads=2) as port:
        yield port


def test_a_tile_and_a_page_through_the_production_server(served, client):
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=30)
    try:
        conn.request("GET", tile_path(), headers={"Host": "127.0.0.1"})
        tile = conn.getresponse()
        body = tile.read()
        # the same connection, kept alive: a page after a tile
        conn.request("GET", "/tiles/proposals.json", headers={"Host": "127.0.0.1"})
        page = conn.getresponse()
        tilejson = json.loads(page.read())
    finally:
        conn.close()
    assert tile.status == 200
    assert tile.getheader("Content-Type") == "application/vnd.mapbox-vector-tile"
    assert len(decode(body, "proposals")) == 1
    assert body == client.get(tile_path()).content
    assert tile.getheader("Server") is None
    # Answered on the loop's thread, not handed to Django, which adds these.
    assert tile.getheader("Content-Language") is None
    assert tile.getheader("Vary") is None
    assert page.status == 200 and tilejson["name"]
