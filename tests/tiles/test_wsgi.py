"""The WSGI front answers valid tiles as the whole stack would, and passes the rest."""

from __future__ import annotations

import contextlib
import gc

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory, override_settings

from config.wsgi import application
from mapping.tiles import wsgi as tiles_wsgi
from mapping.tiles.wsgi import TilesFirst
from tests.tiles.conftest import decode, tile_of

pytestmark = pytest.mark.django_db

# Headers the middleware adds that a tile does not need (it has no language).
LANGUAGE_HEADERS = {"Vary", "Content-Language"}


@contextlib.contextmanager
def in_test_transaction():
    """As Django's test client: requests must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class Recorder:
    """Django behind the front, noting which requests reach it."""

    def __init__(self):
        self.paths: list[str] = []
        self.django = WSGIHandler()  # middleware as the settings are now

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.django(environ, start_response)


def call(app, environ: dict) -> tuple[int, dict[str, str], bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    with in_test_transaction():
        chunks = app(dict(environ), start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
    return answer["status"], answer["headers"], body


def environ(path: str, method: str = "GET", secure: bool = True, **headers) -> dict:
    factory = RequestFactory(HTTP_HOST="127.0.0.1")
    request = factory.generic(method, path, secure=secure, **headers)
    return request.environ


def tile_path(z: int = 15) -> str:
    z, x, y = tile_of(76.93, 52.04, z)
    return f"/tiles/proposals/{z}/{x}/{y}.mvt"


def test_production_serves_through_the_front():
    assert isinstance(application, TilesFirst)


def test_a_worker_keeps_what_it_loaded_out_of_the_collectors_way():
    """What a worker loads as it starts (Django, the URLconf, pandas) is frozen:
    a full garbage collection had walked its ~168,000 objects for 99-195 ms
    while every thread of the worker waited, in the middle of someone's tile."""
    assert gc.get_freeze_count() > 100_000


@override_settings(
    SECURE_HSTS_SECONDS=3600,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_a_tile_is_the_same_through_the_front_and_through_django(proposals):
    django_answer = call(WSGIHandler(), environ(tile_path()))
    recorder = Recorder()
    front = TilesFirst(recorder)
    status, headers, body = call(front, environ(tile_path()))
    assert recorder.paths == []  # answered in front, Django never ran
    assert status == django_answer[0] == 200
    assert body == django_answer[2]
    assert len(decode(body, "proposals")) == 1
    expected = {
        name: value
        for name, value in django_answer[1].items()
        if name not in LANGUAGE_HEADERS
    }
    assert headers == expected
    assert "Strict-Transport-Security" in headers
    assert "Vary" not in headers


@pytest.mark.parametrize("secure", [True, False])
def test_304_and_head_match_django_header_for_header(proposals, secure):
    first = call(TilesFirst(Recorder()), environ(tile_path(), secure=secure))
    etag = first[1]["ETag"]
    for method, extra in (
        ("GET", {"HTTP_IF_NONE_MATCH": etag}),
        ("GET", {"HTTP_IF_MODIFIED_SINCE": first[1]["Last-Modified"]}),
        ("HEAD", {}),
        ("GET", {"HTTP_IF_MATCH": '"other"'}),
        ("GET", {"HTTP_IF_MATCH": etag}),
        ("GET", {"HTTP_IF_UNMODIFIED_SINCE": "Mon, 01 Jan 2001 00:00:00 GMT"}),
    ):
        request = environ(tile_path(), method=method, secure=secure, **extra)
        recorder = Recorder()
        ours = call(TilesFirst(recorder), request)
        theirs = call(recorder.django, request)
        assert recorder.paths == []
        assert ours[0] == theirs[0]
        if method == "HEAD" or ours[0] != 200:
            assert ours[2] == b""
        # A 304 has no length; a 412's empty body no type.
        skip = LANGUAGE_HEADERS | {304: {"Content-Length"}, 412: {"Content-Type"}}.get(
            ours[0], set()
        )
        assert {k: v for k, v in ours[1].items() if k not in skip} == {
            k: v for k, v in theirs[1].items() if k not in skip
        }


def versioned_tile(client) -> tuple[str, str]:
    """Path and query of the z15 tile at Aksu's centre, as TileJSON gives it."""
    template = client.get("/tiles/proposals.json").json()["tiles"][0]
    z, x, y = tile_of(76.93, 52.04, 15)
    path, query = (
        template.replace("{z}/{x}/{y}", f"{z}/{x}/{y}")
        .split("testserver")[1]
        .split("?")
    )
    return path, query


def test_a_versioned_url_is_cached_for_a_year(proposals, client):
    path, query = versioned_tile(client)
    status, headers, _body = call(
        TilesFirst(Recorder()), environ(path, QUERY_STRING=query)
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("path", "method", "extra", "status"),
    [
        ("/tiles/nothing/1/0/0.mvt", "GET", {}, 404),
        ("/tiles/proposals/2/4/0.mvt", "GET", {}, 404),
        ("/tiles/proposals/23/0/0.mvt", "GET", {}, 404),
        ("/tiles/proposals/14/0/0.mvt", "OPTIONS", {}, 405),
        ("/tiles/proposals/14/0/0.mvt", "POST", {}, 403),  # CSRF, before the view
        ("/tiles/proposals/14/0/0.mvt", "GET", {"HTTP_HOST": "evil.example"}, 400),
        ("/tiles/proposals.json", "GET", {}, 200),
    ],
)
def test_anything_else_goes_to_django(proposals, path, method, extra, status):
    recorder = Recorder()
    got = call(TilesFirst(recorder), environ(path, method=method, **extra))
    assert recorder.paths == [path]
    assert got[0] == status


def test_a_host_once_refused_is_let_in_when_the_settings_allow_it(proposals):
    """The front remembers each Host header's check, and forgets when a
    setting changes."""
    outsider = environ(tile_path(), HTTP_HOST="maps.aksu.example")
    recorder = Recorder()
    assert call(TilesFirst(recorder), outsider)[0] == 400
    with override_settings(ALLOWED_HOSTS=["maps.aksu.example"]):
        recorder = Recorder()
        status, _headers, body = call(TilesFirst(recorder), outsider)
        assert (status, recorder.paths) == (200, [])
        assert len(decode(body, "proposals")) == 1
    recorder = Recorder()
    assert call(TilesFirst(recorder), outsider)[0] == 400
    assert recorder.paths == [tile_path()]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_by_django_when_https_is_required(proposals):
    recorder = Recorder()
    status, headers, _body = call(
        TilesFirst(recorder), environ(tile_path(), secure=False)
    )
    assert recorder.paths == [tile_path()]
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_a_failure_in_front_is_answered_by_django(proposals, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tiles_wsgi, "answer", broken)
    recorder = Recorder()
    status, _headers, body = call(TilesFirst(recorder), environ(tile_path()))
    assert recorder.paths == [tile_path()]
    assert status == 200
    assert len(decode(body, "proposals")) == 1
    assert "passed to Django" in caplog.text


def test_the_front_stands_in_for_every_receiver_of_the_request_signals():
    """The front does not send request_started/finished: it does what these
    receivers do for the connection and cache a tile touches (``pool``, and the
    cache closed). A new receiver would be skipped for tiles; this list makes
    that a decision."""
    receivers = {
        f"{receiver.__module__}.{receiver.__qualname__}"
        for signal in (signals.request_started, signals.request_finished)
        for receiver in signal._live_receivers(None)[0]
    }
    assert receivers == {
        "django.db.reset_queries",
        "django.db.close_old_connections",
        "django.core.cache.close_caches",
        "django.core.handlers.base.reset_urlconf",
    }
