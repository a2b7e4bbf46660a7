"""Where a request comes from, kept for the length of the request.

Services have no request; the audit log and the rate limits read the address
and the browser from here (set by `audit.middleware.RequestContextMiddleware`).
Commands and shells leave it empty, and the log records them as such.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class Origin:
    """The address and browser a write came from."""

    address: str | None = None
    user_agent: str = ""


# Origin is frozen, so sharing one default instance is safe.
_current: ContextVar[Origin] = ContextVar("birge_origin", default=Origin())  # noqa: B039


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, trusting BIRGE_PROXY_COUNT proxies in front.

    Behind nginx (one proxy), X-Forwarded-For's last entry is the one nginx saw;
    entries further left are whatever the client claimed and are never trusted.
    """
    proxies = getattr(settings, "BIRGE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def origin_of(request: HttpRequest) -> Origin:
    return Origin(
        address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def current() -> Origin:
    """The origin of the request being handled (empty outside a request)."""
    return _current.get()


def enter(origin: Origin) -> object:
    return _current.set(origin)


def leave(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
