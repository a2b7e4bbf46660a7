"""The write load: signed-in residents sending proposals through the drawing form.

Each proposal is sent with an idempotency key of its own (the header for even
clients, the form field for odd ones) and a marker in its title. After a broken
connection, a 5xx, a 429 or a 409 ("busy") the client sends the same bytes with
the same key again until the server acknowledges (302 to the new proposal) or
refuses it (any other 4xx).
"""

from __future__ import annotations

import http.client
import json
import re
import statistics
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

GEOMETRY = json.dumps({"type": "Point", "coordinates": [76.93, 52.045]})
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Errors of a request that may or may not have reached the server.
BROKEN = (OSError, http.client.HTTPException)


@dataclass
class Sent:
    """One proposal a client sent: its marker and key, and what became of it."""

    marker: str
    key: str
    started: float
    attempts: int = 0
    statuses: list[tuple[float, Any]] = field(default_factory=list)
    outcome: str = "pending"  # acknowledged, refused or abandoned
    answered: float | None = None
    location: str = ""
    answer: str = ""  # what a refusal said


class Resident(threading.Thread):
    """One signed-in browser sending proposals until told to stop."""

    def __init__(
        self,
        number: int,
        *,
        port: int,
        seed: dict[str, Any],
        run: str,
        stop: threading.Event,
        give_up_after: float = 120,
    ) -> None:
        super().__init__(name=f"resident-{number}", daemon=True)
        self.number = number
        self.port = port
        self.path = seed["propose"]
        self.cookies = {seed["session_cookie"]: seed["sessions"][number]}
        self.run_id = run
        self.stop = stop
        self.give_up_after = give_up_after
        self.sent: list[Sent] = []
        self.token = ""
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self._send_one(len(self.sent))
        except BaseException as error:  # reported by the harness, never swallowed
            self.error = error

    def _request(
        self, method: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, Message, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(
                method,
                self.path,
                body=body,
                headers={"Cookie": cookie, **(headers or {})},
            )
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name != "messages":
                    self.cookies[name] = rest.split(";", 1)[0]
            # The headers as sent, looked up without regard to case (the server
            # writes header names in lower case, as HTTP allows).
            return response.status, response.headers, content
        finally:
            connection.close()

    def _fetch_token(self, deadline: float) -> None:
        """The form's CSRF token, from the drawing page (retried through faults)."""
        last: Any = None
        while time.monotonic() < deadline:
            try:
                status, _headers, content = self._request("GET")
            except BROKEN as error:
                last = error
                time.sleep(0.2)
                continue
            match = TOKEN.search(content.decode("utf-8", "replace"))
            if status == 200 and match:
                self.token = match.group(1)
                return
            last = (status, content[:300])
            time.sleep(0.2)
        raise TimeoutError(f"{self.name}: the drawing page never loaded: {last!r}")

    def _send_one(self, index: int) -> None:
        marker = f"{self.run_id}-c{self.number}-{index:05d}"
        sent = Sent(marker=marker, key=str(uuid.uuid4()), started=time.monotonic())
        self.sent.append(sent)
        deadline = sent.started + self.give_up_after
        while time.monotonic() < deadline:
            if not self.token:
                self._fetch_token(deadline)
            fields = {
                "csrfmiddlewaretoken": self.token,
                "title": f"Fault {marker}",
                "description": "Sent by the fault test; counted afterwards.",
                "cost_estimate": "1000000",
                "language": "en",
                "geometry": GEOMETRY,
                "submit": "submit",
            }
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if self.number % 2:
                fields["idempotency_key"] = sent.key
            else:
                headers["Idempotency-Key"] = sent.key
            body = urllib.parse.urlencode(fields).encode()
            sent.attempts += 1
            try:
                status, answer, content = self._request("POST", body, headers)
            except BROKEN as error:
                sent.statuses.append((time.monotonic(), type(error).__name__))
                time.sleep(0.2)
                continue
            sent.statuses.append((time.monotonic(), status))
            if status in (302, 303) and "/proposals/" in answer.get("Location", ""):
                sent.outcome, sent.answered = "acknowledged", time.monotonic()
                sent.location = answer.get("Location", "")
                return
            if status == 403:
                # A refused CSRF token: fetch the page again and resend.
                self.token = ""
                continue
            # 409 here is codesign's "Too many proposals at once; please try
            # again" (proposal numbers taken concurrently); the key was given back
            # with the refusal, so sending again is what a person would do.
            if status in (409, 429) or status >= 500:
                wait = float(answer.get("Retry-After") or 0.2)
                time.sleep(min(wait, 2.0))
                continue
            sent.outcome, sent.answered = "refused", time.monotonic()
            sent.answer = f"{status} {answer.get('Location', '')} {_text(content)}"
            return
        sent.outcome = "abandoned"


@dataclass
class Fault:
    """One fault injected during the load, and how long no write was acknowledged."""

    kind: str
    at: float
    done: float = 0.0
    downtime: float | None = None
    hit: int = 0  # requests answered with an error or cut off around it


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[
        min(998, int(share * 1000) - 1)
    ]


def summary(
    residents: list[Resident], found: dict[str, int], faults: list[Fault]
) -> dict[str, Any]:
    """The figures of a run: what was sent, acknowledged and found."""
    sent = [s for r in residents for s in r.sent]
    markers = {s.marker for s in sent}
    acked = [s for s in sent if s.outcome == "acknowledged"]
    acked_markers = {s.marker for s in acked}
    acked_times = sorted(s.answered for s in acked if s.answered is not None)
    for fault in faults:
        after = [t for t in acked_times if t > fault.done]
        fault.downtime = after[0] - fault.at if after else None
        fault.hit = sum(
            1
            for s in sent
            if any(
                fault.at <= t <= fault.done + 10 and not _ok(status)
                for t, status in s.statuses
            )
        )
    latencies = [(s.answered - s.started) * 1000 for s in acked if s.answered]
    return {
        "requests": len(sent),
        "attempts": sum(s.attempts for s in sent),
        "acknowledged": len(acked),
        "retried": sum(1 for s in sent if s.attempts > 1),
        "busy": sum(1 for s in sent for _t, status in s.statuses if status == 409),
        "refused": [
            (s.marker, [status for _t, status in s.statuses], s.answer)
            for s in sent
            if s.outcome == "refused"
        ],
        "abandoned": [s.marker for s in sent if s.outcome == "abandoned"],
        "rows_found": sum(found.values()),
        "duplicates": {m: n for m, n in found.items() if n > 1},
        "lost": sorted(acked_markers - set(found)),
        "not_sent": sorted(set(found) - markers),
        "refused_but_stored": sorted(
            s.marker for s in sent if s.outcome == "refused" and s.marker in found
        ),
        "locations_shared": len(acked) - len({s.location for s in acked}),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "faults": [(f.kind, f.downtime, f.hit) for f in faults],
    }


def _text(content: bytes) -> str:
    """The gist of a refusal: the form's errors, an alert, or the page title."""
    page = content.decode("utf-8", "replace")
    for pattern in (
        r'class="errorlist[^"]*"[^>]*>(.*?)</ul>',
        r'role="alert"[^>]*>(.*?)</',
        r"<title>(.*?)</title>",
    ):
        found = re.search(pattern, page, re.S)
        if found:
            page = found.group(1)
            break
    return re.sub(r"<[^>]+>|\s+", " ", page).strip()[:300]


def _ok(status: Any) -> bool:
    return status in (302, 303)


def found_markers(connection: Any, run: str) -> dict[str, int]:
    """How many proposals carry each of this run's markers in their title."""
    rows = connection.execute(
        "SELECT substr(title, 7), count(*) FROM codesign_proposal "
        "WHERE title LIKE %s GROUP BY title",
        [f"Fault {run}-%"],
    ).fetchall()
    return dict(rows)
