"""HTTP caching of map data: ETags from layer versions, 304 on a match.

A response's tag names the versions of the layers it is drawn from (see
``mapping.tiles.versions``), the URL with its query, the language, and the viewer
when the view shows signed-in people something else. Any write to those layers
changes the tag, so a conditional request after a write gets the new data and one
before it gets ``304 Not Modified`` without the view running.

``Cache-Control: no-cache`` lets browsers and shared caches keep a copy but makes
them ask each time; the answer to the question costs one indexed read. Tiles
requested with their layer's current version (``?v=``, as TileJSON hands them out)
never change and are cached for a year instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from .tiles.versions import LayerState, current

FOREVER = "public, max-age=31536000, immutable"
REVALIDATE_PUBLIC = "public, no-cache"
REVALIDATE_PRIVATE = "private, no-cache"


def etag_for(request: HttpRequest, state: LayerState, *, per_viewer: bool) -> str:
    """The strong ETag of a response drawn from layers in ``state``."""
    parts = [state.tag, request.get_full_path(), get_language() or ""]
    if per_viewer and request.user.is_authenticated:
        parts.append(f"user={request.user.pk}")
    digest = hashlib.blake2s("|".join(parts).encode(), digest_size=10).hexdigest()
    return f'"{digest}"'


def cache_headers(
    *, etag: str, state: LayerState, cache_control: str
) -> list[tuple[str, str]]:
    """ETag, Cache-Control and (once a layer was written) Last-Modified."""
    headers = [("ETag", etag), ("Cache-Control", cache_control)]
    if state.changed is not None:
        headers.append(("Last-Modified", http_date(state.changed.timestamp())))
    return headers


def set_headers(
    response: HttpResponseBase,
    *,
    etag: str,
    state: LayerState,
    cache_control: str,
) -> HttpResponseBase:
    for name, value in cache_headers(
        etag=etag, state=state, cache_control=cache_control
    ):
        response[name] = value
    return response


def not_modified(
    request: HttpRequest, *, etag: str, state: LayerState, cache_control: str
) -> HttpResponseBase | None:
    """A 304 with the same headers if the client's copy is current, else None."""
    last_modified = int(state.changed.timestamp()) if state.changed else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        return None
    return set_headers(response, etag=etag, state=state, cache_control=cache_control)


# Public layers may be drawn by any web map, like OpenStreetMap's tiles.
OPEN_TO_ALL = ("Access-Control-Allow-Origin", "*")


def open_to_all(response: HttpResponseBase) -> HttpResponseBase:
    response[OPEN_TO_ALL[0]] = OPEN_TO_ALL[1]
    return response


def respond(
    request: HttpRequest,
    layers: Iterable[str],
    render: Callable[[LayerState], HttpResponseBase],
    *,
    per_viewer: bool = False,
) -> HttpResponseBase:
    """``render(state)``'s answer tagged with the layers' versions, or a 304.

    ``per_viewer``: the answer shows signed-in people more (their drafts, exact
    places), so their tag includes who they are and their copy stays private.
    """
    state = current(layers)
    private = per_viewer and request.user.is_authenticated
    cache_control = REVALIDATE_PRIVATE if private else REVALIDATE_PUBLIC
    etag = etag_for(request, state, per_viewer=per_viewer)
    answer = not_modified(request, etag=etag, state=state, cache_control=cache_control)
    if answer is not None:
        return answer
    response = render(state)
    if response.status_code == 200 and not response.has_header("ETag"):
        set_headers(response, etag=etag, state=state, cache_control=cache_control)
    return response


ViewFunc = Callable[..., HttpResponseBase]


def layer_cached(
    *layers: str, per_viewer: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    """Give a read-only map-data view ETags from the versions of ``layers``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            return respond(
                request,
                layers,
                lambda _state: view(request, *args, **kwargs),
                per_viewer=per_viewer,
            )

        return wrapped

    return decorator
