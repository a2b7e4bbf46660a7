"""Which buckets a request spends from, and whose: its account and its address."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve

from audit.context import client_address

from . import lockout, throttle
from .bodies import is_multipart
from .conf import UPLOAD, WRITE, Bucket, Limits, Rate
from .refusals import TooMany

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Map data is read-only: tiles and OGC API Features take no writes.
READ_ONLY_PREFIXES = ("/tiles/", "/ogc/")


def is_limited_write(request: HttpRequest) -> bool:
    return request.method in WRITE_METHODS and not request.path_info.startswith(
        READ_ONLY_PREFIXES
    )


def address_subject(address: str | None) -> str | None:
    """``a<address>``; an IPv6 address stands for its /64, which one home gets.

    None when the address is unknown (a unix socket without a proxy header):
    one shared bucket for everyone would refuse the whole town at once.
    """
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"a{ip.ipv4_mapped}"
        return f"a{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"a{ip}"


def subjects(
    request: HttpRequest, account: str | None = None, *, sensitive: bool = False
) -> dict[str, str]:
    """The request's subjects: its address and its account.

    The account is the one given, else the signed-in one; for an anonymous
    form on a sensitive route (a password reset, a sign-up), the account the
    form names, so one person's inbox cannot be flooded from many addresses.
    """
    found = {}
    address = address_subject(client_address(request))
    if address:
        found["address"] = address
    if account is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            account = f"u{user.pk}"
        elif sensitive:
            account = _account_named(request)
    if account:
        found["account"] = account
    return found


def _account_named(request: HttpRequest) -> str | None:
    if request.method != "POST":
        return None
    identifier = lockout.identifier_of(request.POST.dict())
    return lockout.account_key(identifier) if identifier else None


def view_path(match: ResolverMatch) -> str:
    """The view's dotted path (for a class-based view, its class's)."""
    view = getattr(match.func, "view_class", match.func)
    return f"{view.__module__}.{view.__qualname__}"


def buckets_for(request: HttpRequest, limits: Limits) -> tuple[list[Bucket], bool]:
    """Every write spends from "write"; uploads and named routes from theirs too.

    Also says whether a named route matched (a sensitive action).
    """
    names = [WRITE]
    if is_multipart(request):
        names.append(UPLOAD)
    routed: list[str] = []
    if limits.routes:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None:
            routed = limits.routed(
                match.view_name, match.url_name or "", view_path(match)
            )
    chosen = [limits.buckets[name] for name in dict.fromkeys(names + routed)]
    return chosen, bool(routed)


def check(buckets: list[Bucket], subjects: dict[str, str]) -> TooMany | None:
    """Spend from every bucket for every subject; the refusal if any refuses."""
    wanted: list[tuple[str, Rate]] = [
        (throttle.key(bucket.name, rate, subject), rate)
        for bucket in buckets
        for kind, subject in subjects.items()
        for rate in bucket.rates(kind)
    ]
    verdict = throttle.spend(wanted)
    if verdict.allowed:
        return None
    address = subjects.get("address")
    by_address = address is not None and all(
        key.endswith(f":{address}") for key in verdict.refused
    )
    return TooMany("rate_limited", verdict.retry_after, by_address=by_address)
