"""One fault run: cluster and app server up, residents writing, faults on a schedule."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

from .harness import AppServer, Cluster, free_port, prepare
from .load import Fault, Resident, found_markers, summary

KINDS = ("kill-app", "restart-db-fast", "restart-db-immediate")


def run(
    *,
    clients: int,
    faults: Sequence[str],
    settle: float,
    duration: float = 0,
    log: Any = None,
) -> dict[str, Any]:
    """Write while injecting `faults` in turn; the figures of the run.

    Each fault comes after `settle` seconds of steady writing, once the one before
    has been recovered from; the load then goes on until `duration` seconds.
    """
    assert all(kind in KINDS for kind in faults), faults
    say = log or (lambda text: None)
    cluster = Cluster()
    server: AppServer | None = None
    try:
        cluster.start()
        seed = prepare(cluster, clients)
        server = AppServer(cluster, free_port())
        server.start()
        server.wait_ready()
        say(f"cluster in {cluster.base}, the app server on port {server.port}")
        load = Load(server, cluster, seed, clients, say)
        load.drive(faults, settle=settle, duration=duration)
        server.wait_ready()
        with cluster.connect() as connection:
            found = found_markers(connection, load.run_id)
            total = connection.execute("SELECT count(*) FROM codesign_proposal")
            rows_total = total.fetchone()[0]  # type: ignore[index]
        figures = summary(load.residents, found, load.faults)
        figures["rows_total"] = rows_total
        figures["clients"] = clients
        figures["duration"] = load.elapsed
        figures["errors"] = [repr(r.error) for r in load.residents if r.error]
        return figures
    except BaseException:
        for path in (cluster.log, cluster.base / "server.log"):
            if path.exists():
                say(f"--- last lines of {path}:\n" + _tail(path))
        raise
    finally:
        if server is not None:
            server.stop()
        cluster.remove()


class Load:
    """Residents writing through the app server, and the faults injected meanwhile."""

    def __init__(
        self,
        server: AppServer,
        cluster: Cluster,
        seed: dict[str, Any],
        clients: int,
        say: Any,
    ) -> None:
        self.server, self.cluster, self.say = server, cluster, say
        self.run_id = uuid.uuid4().hex[:8]
        self.stop = threading.Event()
        self.residents = [
            Resident(n, port=server.port, seed=seed, run=self.run_id, stop=self.stop)
            for n in range(clients)
        ]
        self.faults: list[Fault] = []
        self.began = 0.0
        self.elapsed = 0.0

    def drive(self, faults: Sequence[str], *, settle: float, duration: float) -> None:
        self.began = time.monotonic()
        for resident in self.residents:
            resident.start()
        try:
            self._acknowledged_after(self.began)
            time.sleep(settle)
            for kind in faults:
                # A fault that happens to cut no request off proves nothing: try
                # it again (at most three times) until one is hit.
                for _try in range(3):
                    fault = self._inject(kind)
                    self._acknowledged_after(fault.done)
                    time.sleep(settle)
                    if self._hit(fault):
                        break
            time.sleep(max(0.0, self.began + duration - time.monotonic()))
        finally:
            self.stop.set()
            for resident in self.residents:
                # Each finishes the proposal it is sending (acknowledged or given up).
                resident.join(timeout=resident.give_up_after + 30)
            self.elapsed = time.monotonic() - self.began

    def _inject(self, kind: str) -> Fault:
        fault = Fault(kind=kind, at=time.monotonic())
        if kind == "kill-app":
            self.server.kill()
            self.server.start()
        else:
            self.cluster.restart(kind.removeprefix("restart-db-"))
        fault.done = time.monotonic()
        self.faults.append(fault)
        self.say(f"{fault.at - self.began:6.1f} s  {kind}")
        return fault

    def _acknowledged_after(self, moment: float, timeout: float = 180) -> None:
        """Wait until some proposal is acknowledged after `moment`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(
                sent.answered is not None
                and sent.answered > moment
                and sent.outcome == "acknowledged"
                for resident in self.residents
                for sent in list(resident.sent)
            ):
                return
            if all(not resident.is_alive() for resident in self.residents):
                raise RuntimeError("every resident stopped")
            time.sleep(0.1)
        raise TimeoutError(f"no proposal acknowledged for {timeout} s")

    def _hit(self, fault: Fault) -> bool:
        return any(
            fault.at <= t <= fault.done + 10 and status not in (302, 303)
            for resident in self.residents
            for sent in list(resident.sent)
            for t, status in list(sent.statuses)
        )


def _tail(path: Any, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def table(figures: dict[str, Any]) -> str:
    """The run's figures as a Markdown table."""
    rows = [
        ("clients, seconds", f"{figures['clients']}, {figures['duration']:.0f}"),
        ("proposals sent", figures["requests"]),
        ("HTTP requests (with retries)", figures["attempts"]),
        ("acknowledged", figures["acknowledged"]),
        ("retried", figures["retried"]),
        ('409 "too many at once" answers', figures["busy"]),
        (
            "refused / abandoned",
            f"{len(figures['refused'])} / {len(figures['abandoned'])}",
        ),
        ("rows found", figures["rows_found"]),
        ("duplicates", len(figures["duplicates"])),
        ("lost (acknowledged, not found)", len(figures["lost"])),
        ("found but never sent", len(figures["not_sent"])),
        ("latency p50 / p99, ms", f"{figures['p50_ms']:.0f} / {figures['p99_ms']:.0f}"),
    ]
    for n, (kind, downtime, hit) in enumerate(figures["faults"], 1):
        shown = "never recovered" if downtime is None else f"{downtime:.2f} s"
        rows.append((f"fault {n}: {kind}", f"{shown} down, {hit} requests hit"))
    width = max(len(str(name)) for name, _value in rows)
    lines = [f"| {'measure':<{width}} | value |", f"|{'-' * (width + 2)}|-------|"]
    lines += [f"| {name:<{width}} | {value} |" for name, value in rows]
    return "\n".join(lines)
