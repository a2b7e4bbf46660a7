"""HTTP load with wrk: a Lua script walks a list of paths, none twice per pass."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .common import WORK, Load, generator_threads

# Each thread takes every n-th path from its own start, so with any number of
# threads no path is asked for twice until the list is used up (then it wraps,
# and the run reports how often). done() prints the numbers as one JSON line.
SCRIPT = """
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  stride = tonumber(args[2])
  position = id + 1
  wrapped = 0
end

function request()
  local path = paths[position]
  position = position + stride
  if position > #paths then
    position = (position - 1) % #paths + 1
    wrapped = wrapped + 1
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do wraps = wraps + thread:get("wrapped") end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p99_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "wrapped": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, wraps))
end
"""


def run(
    *,
    side: str,
    case: str,
    base_url: str,
    paths: list[str],
    connections: int,
    seconds: float,
    once: bool = True,
) -> Load:
    """Load ``base_url`` with ``paths`` for ``seconds`` from GENERATOR_THREADS threads.

    ``once``: the paths are meant to be distinct, so a run that wraps says so.
    """
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / "walk.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    listing = WORK / f"paths-{side}-{case}.txt".replace(" ", "_")
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    threads = generator_threads(connections)
    out = _wrk(script, listing, base_url, threads, connections, seconds)
    numbers = json.loads(out.split("WRK ", 1)[1].splitlines()[0])
    errors = sum(numbers[k] for k in ("connect", "read", "write", "status", "timeout"))
    load = Load(
        side=side,
        case=case,
        connections=connections,
        requests=numbers["requests"],
        seconds=numbers["duration_us"] / 1e6,
        p50_ms=numbers["p50_us"] / 1e3,
        p99_ms=numbers["p99_us"] / 1e3,
        errors=errors,
        bytes=numbers["bytes"],
    )
    if once and numbers["wrapped"]:
        load.notes.append(
            f"list of {len(paths):,} paths used up; {numbers['wrapped']} wrap(s)"
        )
    if not load.requests:
        load.notes.append("no request finished within the run")
    if errors:
        load.notes.append(f"{errors} errors or non-2xx/3xx responses")
    return load


def _wrk(
    script: Path,
    listing: Path,
    base_url: str,
    threads: int,
    connections: int,
    seconds: float,
) -> str:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "60s",
        "-s",
        str(script),
        base_url,
        "--",
        str(listing),
        str(threads),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 120
    )
    return done.stdout
