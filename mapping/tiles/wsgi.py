"""Tiles answered ahead of Django's request handling: the WSGI application's front.

A map asks for dozens of tiles per view, and a tile needs none of what Django's
middleware does (sessions, language, CSRF, accounts, audit, limits, idempotency):
it is the same bytes for everyone, read-only and public. Through the whole stack
a cold tile cost about 1.6 ms of Python on top of its SQL (docs/performance.md);
here it costs the cache lookup, one round trip (``answer.answer``) and the write.
The production server's ASGI front (``mapping.tiles.asgi``) answers tiles with
the same ``TileResponder``, on the thread that reads the request;
``config.wsgi`` keeps ``TilesFirst`` in front of Django for any WSGI server.

Only a plain, valid request takes this path: GET or HEAD of
``/tiles/<layer>/<z>/<x>/<y>.mvt`` for a known layer and an existing tile, on an
allowed host, over HTTPS when the settings insist on it. Everything else, and any request that fails here, goes to Django as before, which answers it
with its 404, 400, redirect or logged 500 in the person's language.

The response carries what the middleware would add to a tile: the security
headers below (a test compares both paths header by header), but not ``Vary:
Accept-Language`` or ``Content-Language``, which would split a shared cache's
copies of a tile by language for nothing: a tile has no words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

from csp.utils import build_policy
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port, validate_host

from . import registry
from .answer import Conditions, TileAnswer, answer, valid_tile

logger = logging.getLogger(__name__)

TILE_PATH = re.compile(
    r"^/tiles/(?P<layer>[-a-zA-Z0-9_]+)/(?P<z>[0-9]{1,2})/(?P<x>[0-9]{1,7})/"
    r"(?P<y>[0-9]{1,7})\.mvt$"
)
STATUS = {200: "200 OK", 304: "304 Not Modified", 412: "412 Precondition Failed"}

# Host headers already checked against ALLOWED_HOSTS: the answer for each, so
# that a tile after the first does not check its host again. Forgotten when a
# setting changes (tests); bounded, since the header is the client's to choose.
_hosts: dict[str, bool] = {}
MAX_HOSTS = 64


@receiver(setting_changed)
def _forget_hosts(**_kwargs: Any) -> None:
    _hosts.clear()


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class TileResponder:
    """The answer to a plain, valid tile request, read from a WSGI environ; what
    the WSGI front below and the ASGI front (``mapping.tiles.asgi``) share."""

    def respond(
        self, environ: dict[str, Any]
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """Status, headers and body of a tile answered in front; None for a
        request that goes to Django."""
        secure = self._secure(environ)
        request = self._tile_request(environ, secure)
        if request is None:
            return None
        result = self._answer(environ, request)
        if result is None:
            return None
        body = result.body
        headers = [*result.headers, *self._fixed_headers(secure)]
        if result.status != 304:
            headers.append(("Content-Length", str(len(body))))
        return (
            result.status,
            headers,
            b"" if environ["REQUEST_METHOD"] == "HEAD" else body,
        )

    def _tile_request(
        self, environ: dict[str, Any], secure: bool
    ) -> tuple[registry.TileLayer, int, int, int] | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        match = TILE_PATH.match(environ.get("PATH_INFO", ""))
        if match is None:
            return None
        try:
            layer = registry.get(match["layer"])
        except KeyError:
            return None
        z, x, y = int(match["z"]), int(match["x"]), int(match["y"])
        if not valid_tile(z, x, y):
            return None
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None
        if not self._allowed_host(environ):
            return None
        return layer, z, x, y

    def _answer(
        self,
        environ: dict[str, Any],
        request: tuple[registry.TileLayer, int, int, int],
    ) -> TileAnswer | None:
        layer, z, x, y = request
        conditions = Conditions.of(environ)
        cache = caches["tiles"]
        # Django's request signals are not sent: their receivers are Django's
        # own (tests/tiles/test_wsgi.py keeps the list) and cost a cold tile 84
        # µs of CPU. What they do for a tile is done here: the connections tiles
        # are built on are checked as they are taken and given back (``pool``),
        # and the one cache a tile touches is closed, as ``close_caches`` does.
        try:
            return answer(layer, z, x, y, conditions, cache)
        except Exception:
            # Django answers it again from the start, on a fresh connection if
            # this one broke, and logs and renders any error as for any page.
            logger.warning(
                "tile %s/%s/%s/%s passed to Django",
                *(layer.name, z, x, y),
                exc_info=True,
            )
            return None
        finally:
            if type(cache).close is not BaseCache.close:  # the base's does nothing
                cache.close()

    @staticmethod
    def _secure(environ: dict[str, Any]) -> bool:
        """As ``HttpRequest.is_secure``: the proxy's header if configured."""
        proxy = settings.SECURE_PROXY_SSL_HEADER
        if proxy:
            header, secure_value = proxy
            value = environ.get(header)
            if value is not None:
                return bool(value.split(",", 1)[0].strip() == secure_value)
        return bool(environ.get("wsgi.url_scheme") == "https")

    @staticmethod
    def _allowed_host(environ: dict[str, Any]) -> bool:
        """As ``HttpRequest.get_host``: False sends the request to Django's 400."""
        if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
            host = environ["HTTP_X_FORWARDED_HOST"]
        elif "HTTP_HOST" in environ:
            host = environ["HTTP_HOST"]
        else:
            return False  # Django builds one from SERVER_NAME: let it
        known = _hosts.get(host)
        if known is None:
            domain, _port = split_domain_port(host)
            allowed = settings.ALLOWED_HOSTS
            if settings.DEBUG and not allowed:
                allowed = [".localhost", "127.0.0.1", "[::1]"]
            known = bool(domain) and validate_host(domain, allowed)
            if len(_hosts) < MAX_HOSTS:  # a client may send any Host it likes
                _hosts[host] = known
        return known

    def _fixed_headers(self, secure: bool) -> list[tuple[str, str]]:
        return self._https_headers if secure else self._plain_headers

    @cached_property
    def _plain_headers(self) -> list[tuple[str, str]]:
        """The headers the middleware adds to every response (SecurityMiddleware,
        django-csp, Permissions-Policy, XFrameOptionsMiddleware)."""
        headers = []
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            headers.append(("X-Content-Type-Options", "nosniff"))
        if settings.SECURE_REFERRER_POLICY:
            policy = settings.SECURE_REFERRER_POLICY
            if not isinstance(policy, str):
                policy = ",".join(policy)
            headers.append(("Referrer-Policy", policy))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            headers.append(
                (
                    "Cross-Origin-Opener-Policy",
                    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
                )
            )
        for header, report_only in (
            ("Content-Security-Policy", False),
            ("Content-Security-Policy-Report-Only", True),
        ):
            policy = build_policy(report_only=report_only)
            if policy:
                headers.append((header, policy))
        if getattr(settings, "PERMISSIONS_POLICY", ""):
            headers.append(("Permissions-Policy", settings.PERMISSIONS_POLICY))
        headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS.upper()))
        return headers

    @cached_property
    def _https_headers(self) -> list[tuple[str, str]]:
        headers = list(self._plain_headers)
        if settings.SECURE_HSTS_SECONDS:
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                value += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                value += "; preload"
            headers.append(("Strict-Transport-Security", value))
        return headers


class TilesFirst(TileResponder):
    """Serve valid tile requests directly; hand everything else to ``app``."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        response = self.respond(environ)
        if response is None:
            return self.app(environ, start_response)
        status, headers, body = response
        start_response(STATUS[status], headers)
        return [body]
