"""A town's map in headless Chromium: time from navigation until the tiles are drawn.

The map page sets ``data-tiles="drawn"`` on ``#map`` once the proposals tile
source has loaded and the map is idle. An init script records
``performance.now()`` (milliseconds since navigation started) the moment the
attribute appears, so polling adds nothing to the number.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = os.environ.get("BIRGE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 120_000

WATCH = """
(() => {
  const mark = () => {
    const map = document.getElementById("map");
    if (!map) return;
    if (map.dataset.tiles === "drawn" && window.__tilesDrawn === undefined)
      window.__tilesDrawn = performance.now();
    if (map.dataset.state === "ready" && window.__mapReady === undefined)
      window.__mapReady = performance.now();
  };
  new MutationObserver(mark).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-tiles", "data-state"],
  });
})();
"""

# The load event and the epoch time navigation started, from the page.
TIMING = """
(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    loaded: nav && nav.loadEventEnd ? nav.loadEventEnd : null,
    origin: performance.timeOrigin,
  };
})()
"""


@dataclass
class Visit:
    """One page load: when the tiles were drawn, and what it fetched."""

    drawn_ms: float | None
    loaded_ms: float | None  # the page's load event (scripts and styles in)
    ready_ms: float | None  # data-state=ready: districts drawn
    first_tile_ms: float | None  # a proposals tile first asked for
    last_tile_ms: float | None  # the last proposals tile received
    features: int | None  # data-tile-features: circles, lines and areas drawn
    proposals: int | None  # data-tile-count: the proposals they stand for
    tile_requests: int
    tile_bytes: int
    not_modified: int
    errors: list[str]


@dataclass
class MapTiming:
    url: str
    cold: Visit
    reload: Visit
    screenshot: Path


def _wait_for_drawn(page: Page) -> float:
    """The page's own stamp of when tiles were drawn, polled from outside.

    Polled with ``evaluate`` (the DevTools protocol), not ``wait_for_function``:
    Playwright evaluates that predicate as a string in the page, which Birge's
    Content-Security-Policy (no 'unsafe-eval') refuses. The stamp is taken in the
    page, so the polling interval does not change the time measured.
    """
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        drawn = page.evaluate("window.__tilesDrawn ?? null")
        if drawn is not None:
            return float(drawn)
        time.sleep(0.05)
    raise PlaywrightTimeout(f"window.__tilesDrawn unset after {TIMEOUT_MS} ms")


def _visit(page, go) -> Visit:  # type: ignore[no-untyped-def]
    responses: list = []
    finished: list = []
    errors: list[str] = []

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        responses.append(response)

    def on_finished(request) -> None:  # type: ignore[no-untyped-def]
        # MapLibre fetches tiles in a web worker: the page's resource timing
        # does not list them, Playwright's request timing does (epoch ms).
        if "/tiles/proposals/" in request.url:
            timing = request.timing
            if timing["startTime"] > 0 and timing["responseEnd"] >= 0:
                finished.append((timing["startTime"], timing["responseEnd"]))

    def on_error(error) -> None:  # type: ignore[no-untyped-def]
        errors.append(str(error))

    page.on("response", on_response)
    page.on("requestfinished", on_finished)
    page.on("pageerror", on_error)
    go()
    drawn = None
    try:
        drawn = _wait_for_drawn(page)
    except PlaywrightTimeout as error:
        errors.append(f"no data-tiles=drawn within {TIMEOUT_MS / 1000:.0f} s: {error}")
    ready = page.evaluate("window.__mapReady ?? null")
    timing = page.evaluate(TIMING)
    origin = float(timing["origin"])
    shown = page.evaluate(
        "(() => { const m = document.getElementById('map');"
        " return m ? [m.dataset.tileFeatures, m.dataset.tileCount] : []; })()"
    )
    features, proposals = (
        (int(v) if v is not None else None for v in shown) if shown else (None, None)
    )
    tiles = [r for r in responses if "/tiles/proposals/" in r.url]
    size = 0
    for response in tiles:
        if response.status == 200:
            # A body the browser did not keep (a redirect, say) counts nothing.
            with contextlib.suppress(PlaywrightError):
                size += len(response.body())
    page.remove_listener("response", on_response)
    page.remove_listener("requestfinished", on_finished)
    page.remove_listener("pageerror", on_error)
    return Visit(
        drawn_ms=drawn,
        ready_ms=float(ready) if ready is not None else None,
        loaded_ms=timing["loaded"],
        first_tile_ms=min(start for start, _end in finished) - origin
        if finished
        else None,
        last_tile_ms=max(start + end for start, end in finished) - origin
        if finished
        else None,
        features=features,
        proposals=proposals,
        tile_requests=len(tiles),
        tile_bytes=size,
        not_modified=sum(1 for r in tiles if r.status == 304),
        errors=errors,
    )


def time_town_map(base_url: str, town: str, screenshot: Path) -> MapTiming:
    """Open the town's map with an empty cache, then reload it; time both."""
    from playwright.sync_api import sync_playwright

    url = f"{base_url}/en/towns/{town}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(WATCH)
            page = context.new_page()
            cold = _visit(page, lambda: page.goto(url, wait_until="commit"))
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
            reload = _visit(page, lambda: page.reload(wait_until="commit"))
        finally:
            browser.close()
    return MapTiming(url=url, cold=cold, reload=reload, screenshot=screenshot)
