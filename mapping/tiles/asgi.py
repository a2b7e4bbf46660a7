"""Tiles answered on the thread that reads the request: the ASGI application's front.

The production server (``config.server``: uvicorn, ``config.asgi``) reads each
request on one event-loop thread per worker and hands pages to a thread pool
(``a2wsgi``). A valid tile request is answered here instead, on the loop's own
thread, by the same code as the WSGI front (``wsgi.TileResponder``): the
same bytes, tags, caching rules and headers. It blocks the loop while its one
statement runs, which is the point: a cold tile at one connection then crosses
one thread instead of two, and measured 0.85-0.87x of the benchmark's floor
side by side where the WSGI front under granian, whose Rust thread reads the
request and hands it to a Python thread, measured 0.83x (docs/performance.md).

The cost of that choice: while a tile's statement runs (1-2 ms, at most 22 ms
measured at z0-z16 on a million proposals), the worker reads no other request;
pages already handed to the pool go on, and so do the other workers. A
database that stops answering holds the loop as it would hold the thread of a
page, which needs the database too; a refused connection fails at once, and the
tile then goes to Django, which answers it with its error page.

Anything that is not a plain valid tile, and any tile that fails here, goes to
the pages, where Django answers it as the WSGI front would have handed it on.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .wsgi import TileResponder

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[..., Awaitable[None]]  # (scope, receive, send), as ASGI says


class TilesFirstASGI:
    """Serve valid tile requests on the loop's thread; hand the rest to ``pages``."""

    def __init__(self, pages: ASGIApp) -> None:
        self.pages = pages
        self.front = TileResponder()
        # Every tile runs in this one context. Django's connections and caches
        # are kept per context (asgiref's Local), and each request's task has
        # a context of its own: in it, each tile would make a new connection
        # wrapper and cache backend, and give them up after. Tiles run one at a
        # time on the loop's thread, so one context never runs twice at once.
        self.context = contextvars.copy_context()

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and scope["path"].endswith(".mvt")
        ):
            response = self.context.run(self.front.respond, environ(scope))
            if response is not None:
                status, headers, body = response
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [
                            # ASGI's names are lower case (HTTP's are in any case)
                            (name.lower().encode("latin-1"), value.encode("latin-1"))
                            for name, value in headers
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.pages(scope, receive, send)


def environ(scope: Scope) -> dict[str, Any]:
    """What the tile front reads of a request, as WSGI names it (PEP 3333): the
    method, path, query string, scheme and headers; no body, no server."""
    path = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    meta: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root,
        # WSGI's native strings: the decoded path's bytes, read as latin-1.
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "wsgi.url_scheme": scope.get("scheme", "http"),
    }
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            continue  # a GET's body is not read here
        key = f"HTTP_{name}"
        value = raw_value.decode("latin-1")
        meta[key] = f"{meta[key]},{value}" if key in meta else value
    return meta
