"""The limits in force, read from settings prefixed BIRGE_ and checked (fail fast).

``BIRGE_RATE_LIMITS`` maps a bucket to its rates, per account and per address::

    {"write": {"account": "60/m, 1000/h", "address": "300/m, 5000/h"},
     "signup": "5/h"}           # a plain string: the same for both

A rate is ``COUNT/PERIOD``; the period is a unit (``s``, ``m``, ``h``, ``d``),
optionally with a number in front (``5/10m``: five per ten minutes). Several
rates are separated by commas and all of them apply. An empty string or a
missing subject means no limit. ``docs/limits.md`` has the buckets and defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SUBJECTS = ("account", "address")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")

# Buckets with a meaning in code: every write, logins (limits.backends) and
# multipart bodies (uploads). The rest are named in BIRGE_RATE_LIMIT_ROUTES.
WRITE, LOGIN, UPLOAD = "write", "login", "upload"
REQUIRED_BUCKETS = (WRITE, LOGIN, UPLOAD)


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests per ``seconds``, with bursts up to ``count``."""

    count: int
    seconds: int

    @property
    def label(self) -> str:
        return f"{self.count}/{self.seconds}"


@dataclass(frozen=True)
class Bucket:
    """A named kind of request and its rates for each subject."""

    name: str
    account: tuple[Rate, ...]
    address: tuple[Rate, ...]

    def rates(self, subject: str) -> tuple[Rate, ...]:
        return self.account if subject == "account" else self.address


@dataclass(frozen=True)
class Lockout:
    """After ``after`` failed logins an account waits ``first`` seconds, doubling
    with each further failure up to ``longest``; failures older than ``forget``
    seconds no longer count."""

    after: int = 5
    first: int = 60
    longest: int = 3600
    forget: int = 86400


@dataclass(frozen=True)
class Limits:
    """Everything the middleware and the login backend need, parsed once."""

    buckets: dict[str, Bucket]
    routes: tuple[tuple[str, str], ...]  # (URL name pattern, bucket)
    lockout: Lockout
    max_body_bytes: int

    def routed(self, *names: str) -> list[str]:
        """The buckets whose route patterns match one of the view's names."""
        return [
            bucket
            for pattern, bucket in self.routes
            if any(fnmatchcase(name, pattern) for name in names if name)
        ]


def parse_rates(text: Any, where: str) -> tuple[Rate, ...]:
    """``"60/m, 1000/h"`` as rates; ImproperlyConfigured names a bad one."""
    if text is None:
        return ()
    if not isinstance(text, str):
        raise ImproperlyConfigured(f"{where} must be a string such as '60/m, 1000/h'")
    rates = []
    for part in filter(str.strip, text.split(",")):
        match = _RATE.match(part)
        if not match or int(match[1]) < 1:
            raise ImproperlyConfigured(
                f"{where}: {part.strip()!r} is not a rate; write COUNT/PERIOD "
                "such as 60/m, 5/10m or 1000/d (units s, m, h, d)"
            )
        count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
        if multiple < 1:
            raise ImproperlyConfigured(f"{where}: the period of {part!r} must be > 0")
        rates.append(Rate(count, multiple * UNITS[unit]))
    return tuple(rates)


def _bucket(name: str, value: Any) -> Bucket:
    where = f"BIRGE_RATE_LIMITS[{name!r}]"
    if not isinstance(value, Mapping):
        rates = parse_rates(value, where)
        return Bucket(name, rates, rates)
    unknown = set(value) - set(SUBJECTS)
    if unknown:
        raise ImproperlyConfigured(
            f"{where} has {sorted(unknown)}; the subjects are 'account' and 'address'"
        )
    return Bucket(
        name,
        parse_rates(value.get("account"), f"{where}['account']"),
        parse_rates(value.get("address"), f"{where}['address']"),
    )


def _lockout(value: Any) -> Lockout:
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured("BIRGE_LOGIN_LOCKOUT must be a dict")
    names = set(Lockout.__dataclass_fields__)
    unknown = set(value) - names
    if unknown:
        raise ImproperlyConfigured(
            f"BIRGE_LOGIN_LOCKOUT has {sorted(unknown)}; it takes {sorted(names)}"
        )
    for key, number in value.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ImproperlyConfigured(
                f"BIRGE_LOGIN_LOCKOUT[{key!r}] must be a whole number above 0"
            )
    lockout = Lockout(**value)
    if lockout.longest < lockout.first:
        raise ImproperlyConfigured(
            "BIRGE_LOGIN_LOCKOUT['longest'] must be at least its 'first'"
        )
    return lockout


def _routes(value: Any, buckets: Mapping[str, Bucket]) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured("BIRGE_RATE_LIMIT_ROUTES must be a dict")
    routes: list[tuple[str, str]] = []
    for bucket, patterns in value.items():
        if bucket not in buckets:
            raise ImproperlyConfigured(
                f"BIRGE_RATE_LIMIT_ROUTES names {bucket!r}, which is not a bucket "
                "of BIRGE_RATE_LIMITS"
            )
        if isinstance(patterns, str) or not all(
            isinstance(p, str) and p for p in patterns
        ):
            raise ImproperlyConfigured(
                f"BIRGE_RATE_LIMIT_ROUTES[{bucket!r}] must be a list of URL names"
            )
        routes.extend((pattern, bucket) for pattern in patterns)
    return tuple(routes)


def _max_body_bytes() -> int:
    value = getattr(settings, "BIRGE_MAX_BODY_BYTES", 32 * 1024 * 1024)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ImproperlyConfigured("BIRGE_MAX_BODY_BYTES must be a whole number > 0")
    # A cap below a per-file limit would hide that limit's own, clearer refusal.
    for name in (
        "BIRGE_PHOTO_MAX_BYTES",
        "BIRGE_PLAN_MAX_BYTES",
        "BIRGE_IMPORT_MAX_BYTES",
    ):
        limit = getattr(settings, name, None)
        if isinstance(limit, int) and limit > value:
            raise ImproperlyConfigured(
                f"BIRGE_MAX_BODY_BYTES ({value}) must be at least {name} ({limit})"
            )
    return value


def parse() -> Limits:
    """Read and check every limit setting; raise ImproperlyConfigured if one is bad."""
    raw = getattr(settings, "BIRGE_RATE_LIMITS", None)
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured("BIRGE_RATE_LIMITS must be a dict of buckets")
    buckets = {str(name): _bucket(str(name), value) for name, value in raw.items()}
    missing = [name for name in REQUIRED_BUCKETS if name not in buckets]
    if missing:
        raise ImproperlyConfigured(f"BIRGE_RATE_LIMITS lacks the buckets {missing}")
    return Limits(
        buckets=buckets,
        routes=_routes(getattr(settings, "BIRGE_RATE_LIMIT_ROUTES", {}), buckets),
        lockout=_lockout(getattr(settings, "BIRGE_LOGIN_LOCKOUT", {})),
        max_body_bytes=_max_body_bytes(),
    )


_SETTINGS = (
    "BIRGE_RATE_LIMITS",
    "BIRGE_RATE_LIMIT_ROUTES",
    "BIRGE_LOGIN_LOCKOUT",
    "BIRGE_MAX_BODY_BYTES",
    "BIRGE_PHOTO_MAX_BYTES",
    "BIRGE_PLAN_MAX_BYTES",
    "BIRGE_IMPORT_MAX_BYTES",
)
_cache: tuple[str, Limits] | None = None


def limits() -> Limits:
    """The parsed limits, parsed again whenever one of their settings changes."""
    global _cache
    # Tests override or even mutate these settings; their text keys the cache
    # (a few microseconds, against about a hundred to parse them again).
    key = repr([getattr(settings, name, None) for name in _SETTINGS])
    if _cache is None or _cache[0] != key:
        _cache = (key, parse())
    return _cache[1]
