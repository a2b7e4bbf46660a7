"""What a refused request is told: 429 with when to come back, or 413 with the limit."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Set on the request by the login backend, which cannot answer the request
# itself; the middleware turns the login page's answer into a 429.
REQUEST_ATTRIBUTE = "birge_limit_refusal"


def wait_text(seconds: int) -> str:
    """A wait in words: seconds under a minute, else minutes rounded up, or hours."""
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}
    hours, minutes = divmod(math.ceil(seconds / 60), 60)
    # Django's own translations of "hour" and "minute" (those of timesince).
    parts = []
    if hours:
        parts.append(TIME_STRINGS["hour"] % {"num": hours})
    if minutes:
        parts.append(TIME_STRINGS["minute"] % {"num": minutes})
    return ", ".join(parts)


@dataclass(frozen=True)
class TooMany:
    """Too many requests: 429 and Retry-After."""

    code: str
    retry_after: int
    by_address: bool = False
    until: dt.datetime | None = None  # a locked login's end

    @property
    def message(self) -> str:
        wait = wait_text(self.retry_after)
        if self.until is not None:
            return _(
                "Too many failed sign-ins to this account. You can try again at "
                "%(time)s (in %(wait)s); if you forgot the password, reset it."
            ) % {
                "time": formats.time_format(timezone.localtime(self.until)),
                "wait": wait,
            }
        if self.by_address:
            return _(
                "Too many requests are coming from your network. Please try again "
                "in %(wait)s."
            ) % {"wait": wait}
        return _("You are doing this too often. Please try again in %(wait)s.") % {
            "wait": wait
        }

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "retry_after": self.retry_after,
        }
        if self.until is not None:
            body["until"] = self.until.isoformat()
        return body


@dataclass(frozen=True)
class TooLarge:
    """A body over the limit: 413. ``size`` is None when it was never declared."""

    limit: int
    size: int | None = None
    code: str = "too_large"

    @property
    def message(self) -> str:
        if self.size is None:
            return _(
                "This request is larger than %(limit)s, the most Birge accepts at "
                "once. Send less, or smaller files."
            ) % {"limit": filesizeformat(self.limit)}
        return _(
            "This request is %(size)s; Birge accepts at most %(limit)s at once. "
            "Send less, or smaller files."
        ) % {"size": filesizeformat(self.size), "limit": filesizeformat(self.limit)}

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "limit": self.limit,
        }
        if self.size is not None:
            body["size"] = self.size
        return body
