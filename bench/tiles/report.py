"""The run's tables: printed, written to bench/results/tiles.md, and charted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chromium import MapTiming
from .common import GENERATOR_THREADS, Load
from .data import Sizes
from .features import Band
from .sqltime import SqlTime

FLOOR, TIPG, BIRGE = "floor (pgbench)", "tipg", "Birge"
OGC, SERIALIZER = "Birge OGC items", "drf-gis serializer"
SQL_TARGET_MS = 50.0
HOT_P99_TARGET_MS = 10.0


@dataclass
class GeoJsonCheck:
    """What the two GeoJSON answers hold."""

    bbox: tuple[float, ...]
    in_bbox: int
    ogc_features: int
    serializer_features: int
    same_ids: bool
    ogc_bytes: int
    serializer_bytes: int
    same_properties: bool


@dataclass
class Run:
    """Everything one run measured."""

    date: str
    cores: int
    seconds: float
    rounds: int
    sizes: Sizes
    synth: str | None
    servers: dict[str, str]
    cold_tiles: int
    cold_zooms: dict[int, int]
    hot_tiles: int
    raw_from: int  # Birge's proposals are raw features from this zoom on
    tiles: list[Load] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    geojson: list[Load] = field(default_factory=list)
    geojson_check: GeoJsonCheck | None = None
    sql: list[SqlTime] = field(default_factory=list)
    browser: MapTiming | None = None
    notes: list[str] = field(default_factory=list)


def _find(loads: Iterable[Load], side: str, case: str, connections: int) -> Load | None:
    for load in loads:
        if (load.side, load.case, load.connections) == (side, case, connections):
            return load
    return None


def _ratio(a: Load | None, b: Load | None) -> float | None:
    if a is None or b is None or not b.rps:
        return None
    return a.rps / b.rps


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}x"


def load_table(loads: list[Load]) -> list[str]:
    lines = [
        "| case | connections | side | requests | p50 ms | p99 ms | req/s | errors "
        "| notes |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for load in loads:
        lines.append(
            f"| {load.case} | {load.connections} | {load.side} | {load.requests:,} "
            f"| {load.p50_ms:,.2f} "
            f"| {load.p99_ms:,.2f} | {load.rps:,.0f} | {load.errors} "
            f"| {'; '.join(load.notes)} |"
        )
    return lines


def ratio_table(loads: list[Load]) -> list[str]:
    lines = [
        "| case | connections | Birge req/s | floor req/s | tipg req/s "
        "| Birge / floor | Birge / tipg |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    cases = sorted({(load.case, load.connections) for load in loads})
    for case, connections in cases:
        birge = _find(loads, BIRGE, case, connections)
        floor = _find(loads, FLOOR, case, connections)
        tipg = _find(loads, TIPG, case, connections)
        lines.append(
            f"| {case} | {connections} | {birge.rps if birge else 0:,.0f} "
            f"| {floor.rps if floor else 0:,.0f} | {tipg.rps if tipg else 0:,.0f} "
            f"| {_x(_ratio(birge, floor))} | {_x(_ratio(birge, tipg))} |"
        )
    return lines


def band_table(bands: list[Band]) -> list[str]:
    lines = [
        "| zooms | tiles | Birge features | Birge: proposals in them "
        "| floor: proposals | tipg features | worst tile gap "
        "| empty on Birge only | Birge KiB | tipg KiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for band in bands:
        lines.append(
            f"| {band.zooms} | {band.tiles} | {band.birge_features:,.0f} "
            f"| {band.birge_represented:,.0f} | {band.floor_represented:,.0f} "
            f"| {band.tipg_features:,.0f} | {band.worst_gap:.1%} "
            f"| {band.empty_on_birge} | {band.birge_kb:,.1f} | {band.tipg_kb:,.1f} |"
        )
    return lines


def sql_table(times: list[SqlTime]) -> list[str]:
    lines = [
        "| zoom | tiles timed | slowest ms | slowest tile | its features "
        "| proposals in it | KiB | under 50 ms |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for t in times:
        z, x, y = t.worst_tile
        lines.append(
            f"| {t.z} | {t.tiles} | {t.worst_ms:,.1f} | {z}/{x}/{y} | {t.features:,} "
            f"| {t.represented:,} | {t.bytes / 1024:,.1f} "
            f"| {'yes' if t.worst_ms < SQL_TARGET_MS else 'NO'} |"
        )
    return lines


def targets(run: Run) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for each target of the issue."""
    rows: list[tuple[str, str, bool | None]] = []
    for connections in (1, 8):
        birge = _find(run.tiles, BIRGE, "cold", connections)
        ratio = _ratio(birge, _find(run.tiles, FLOOR, "cold", connections))
        rows.append(
            (
                f"cold tiles, {connections} conn: >= 0.8x the floor's req/s",
                _x(ratio),
                None if ratio is None else ratio >= 0.8,
            )
        )
        ratio = _ratio(birge, _find(run.tiles, TIPG, "cold", connections))
        rows.append(
            (
                f"cold tiles, {connections} conn: >= 1.5x tipg's req/s",
                _x(ratio),
                None if ratio is None else ratio >= 1.5,
            )
        )
    for connections in (1, 8):
        hot = _find(run.tiles, BIRGE, "hot", connections)
        rows.append(
            (
                f"hot tiles, {connections} conn: p99 <= 10 ms",
                "–" if hot is None else f"{hot.p99_ms:.1f} ms",
                None if hot is None else hot.p99_ms <= HOT_P99_TARGET_MS,
            )
        )
    for connections in (1, 8):
        ratio = _ratio(
            _find(run.geojson, OGC, "geojson", connections),
            _find(run.geojson, SERIALIZER, "geojson", connections),
        )
        rows.append(
            (
                f"GeoJSON 10 000 features, {connections} conn: >= 10x the serializer",
                _x(ratio),
                None if ratio is None else ratio >= 10,
            )
        )
    if run.sql:
        worst = max(run.sql, key=lambda t: t.worst_ms)
        rows.append(
            (
                "any tile z0-z16 under 50 ms of SQL",
                f"slowest {worst.worst_ms:.1f} ms (z{worst.z})",
                worst.worst_ms < SQL_TARGET_MS,
            )
        )
    return rows


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _met(value: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[value]


def markdown(run: Run, chart: Path) -> str:
    s = run.sizes
    out = [
        "# Tile and GeoJSON benchmark",
        "",
        f"Run {run.date} on {run.cores} cores (servers, load generators and "
        f"PostgreSQL {s.postgres} / PostGIS {s.postgis} on the same machine), "
        f"`python -m bench.tiles`; {run.rounds} rounds of {run.seconds:.0f} s per "
        "side and load.",
        "",
        "## Data",
        "",
        f"- {s.proposals:,} proposals ({s.public:,} public, i.e. not drafts; "
        f"{s.synthetic:,} synthetic; {s.polygons:,} areas), {s.concerns:,} concerns, "
        f"{s.towns} towns; database {s.database_mb:,.0f} MB.",
        f"- Busiest town: {s.town}, {s.town_public:,} public proposals.",
        f"- Cold list: {run.cold_tiles:,} distinct tiles z4-z16 that hold public "
        "proposals, shuffled once; every side walks the same order, no tile twice "
        "in a run (a run that uses the list up says so). A walk lasts at most one "
        "second per 1,000 tiles of its list, so that below 1,000 req/s it cannot "
        "use it up. By zoom: "
        + ", ".join(f"z{z} {n:,}" for z, n in sorted(run.cold_zooms.items()))
        + ".",
        f"- Cold z{run.raw_from}+: the same list without the zooms below "
        f"{run.raw_from}, where Birge sends counts instead of points: raw points "
        "on every side.",
        f"- Hot list: {run.hot_tiles} tiles (2 x 2 around {s.town}'s centre at "
        "z12-z16) asked for over and over.",
    ]
    if run.synth:
        out.append(f"- The run created the synthetic data first: `{run.synth}`.")
    out += ["", "## Servers", ""]
    out += [f"- {name}: {text}" for name, text in run.servers.items()]
    out += ["", "## Targets", "", "| target | measured | |", "|---|---:|---|"]
    out += [f"| {t} | {m} | {_met(ok)} |" for t, m, ok in targets(run)]
    out += [
        "",
        "## Tiles of the proposals layer",
        "",
        f"wrk (`-t{GENERATOR_THREADS} -c1` and `-t{GENERATOR_THREADS} -c8`, "
        "`--latency` percentiles from its done() hook) against Birge and tipg; "
        "pgbench `-M prepared` for the floor. "
        "Each floor transaction first takes the next tile of the round's walk "
        "(the servers' order, from a sequence) and looks it up in a table; that "
        "lookup, measured alone at the same concurrency, is taken out of the "
        "floor's req/s (1/tps = 1/tps(lookup + tile) - 1/tps(lookup)), while "
        "its p50/p99 are of whole transactions.",
        "",
        f"Each case ran in {run.rounds} rounds of floor, tipg and Birge, the "
        "order rotating from round to round, so that the machine's drift "
        "(runs minutes apart differ by 20-30 % here) falls on every side alike; "
        "each round's walk starts a further share into the cold list, and Birge "
        "is started afresh for each cold walk, with an empty tile cache. A "
        "side's req/s is all its requests over all its seconds; p50 and p99 are "
        "the medians of the rounds' percentiles.",
        "",
        *ratio_table(run.tiles),
        "",
        *load_table(run.tiles),
        "",
        "### Features per tile (sampled tiles, fetched from each side)",
        "",
        f"Below z{run.raw_from} Birge draws proposals as counts in a 16 x 16 "
        "grid per tile (each cell carries `count`, and every public proposal is "
        'in exactly one cell); "proposals in them" adds the counts up. tipg '
        "sends each proposal as its own feature, except that PostGIS's "
        "`ST_AsMVTGeom` drops an area smaller than a tile pixel: at low zoom "
        "tipg's tiles lose most of the synthetic yards and squares, which is "
        f"the gap below z{run.raw_from}. From z{run.raw_from} on both send "
        "every feature; Birge's tiles also carry the points within its 64/4096 "
        "buffer, tipg's only those that touch the tile, which is the gap there. "
        '"Empty on Birge only" counts tiles where Birge shows nothing and tipg '
        "shows something (a missing cell level would show here).",
        "",
        *band_table(run.bands),
    ]
    if run.geojson:
        c = run.geojson_check
        out += [
            "",
            "## GeoJSON: OGC API items against a drf-gis serializer",
            "",
        ]
        if c:
            out += [
                f"bbox {', '.join(f'{v:g}' for v in c.bbox)} holds {c.in_bbox:,} "
                f"public proposals; both answer with `limit` 10 000: OGC "
                f"{c.ogc_features:,} features ({c.ogc_bytes / 1024:,.0f} KiB), "
                f"serializer {c.serializer_features:,} "
                f"({c.serializer_bytes / 1024:,.0f} KiB); same ids: "
                f"{'yes' if c.same_ids else 'NO'}; same property names: "
                f"{'yes' if c.same_properties else 'NO'}.",
                "",
            ]
        out += load_table(run.geojson)
    if run.sql:
        out += [
            "",
            "## SQL time per zoom",
            "",
            "The tile statement alone, prepared (psycopg), client-timed over the "
            "unix socket: median of 3 after one untimed run, per tile; the "
            "slowest tile of each zoom (the densest tile of each zoom is among "
            "those timed).",
            "",
            *sql_table(run.sql),
        ]
    if run.browser:
        b = run.browser
        out += [
            "",
            "## The town map in headless Chromium",
            "",
            f"{b.url}: time from navigation until `#map[data-tiles=drawn]`. "
            f"Screenshot: bench/results/{b.screenshot.name}.",
            "",
            "| load | tiles drawn | page loaded | map ready | first tile asked "
            "| last tile in | features drawn | proposals | tile requests | 304 | KiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, visit in (("empty cache", b.cold), ("reload", b.reload)):
            drawn = "never" if visit.drawn_ms is None else f"{visit.drawn_ms:,.0f} ms"
            out.append(
                f"| {name} | {drawn} | {_ms(visit.loaded_ms)} | {_ms(visit.ready_ms)} "
                f"| {_ms(visit.first_tile_ms)} | {_ms(visit.last_tile_ms)} "
                f"| {visit.features or 0:,} "
                f"| {visit.proposals or 0:,} | {visit.tile_requests} "
                f"| {visit.not_modified} | {visit.tile_bytes / 1024:,.0f} |"
            )
        errors = b.cold.errors + b.reload.errors
        if errors:
            out += ["", "Page errors: " + "; ".join(errors)]
    if run.notes:
        out += ["", "## Notes", "", *[f"- {note}" for note in run.notes]]
    out += ["", f"![requests per second and p99 per side]({chart.name})", ""]
    return "\n".join(out)


def chart(run: Run, path: Path) -> None:
    """Grouped bars: req/s and p99 per side for each case."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    raw = f"cold z{run.raw_from}+"
    groups = [
        ("cold tiles", "cold", (FLOOR, TIPG, BIRGE), run.tiles),
        (f"cold z{run.raw_from}-16", raw, (FLOOR, TIPG, BIRGE), run.tiles),
        ("hot tiles", "hot", (FLOOR, TIPG, BIRGE), run.tiles),
        ("GeoJSON 10k", "geojson", (OGC, SERIALIZER), run.geojson),
    ]
    labels, bars = [], []
    for title, case, sides, loads in groups:
        for connections in (1, 8):
            labels.append(f"{title}\n{connections} conn")
            bars.append([_find(loads, side, case, connections) for side in sides])
    colours = {
        FLOOR: "#888888",
        TIPG: "#e69f00",
        BIRGE: "#0072b2",
        OGC: "#56b4e9",
        SERIALIZER: "#d55e00",
    }
    figure, (rps_axis, p99_axis) = plt.subplots(2, 1, figsize=(13, 8))
    width = 0.27
    seen: set[str] = set()
    for i, group in enumerate(bars):
        for j, load in enumerate(group):
            if load is None:
                continue
            x = i + (j - (len(group) - 1) / 2) * width
            label = None if load.side in seen else load.side
            seen.add(load.side)
            colour = colours[load.side]
            rps_axis.bar(x, load.rps, width, color=colour, label=label)
            p99_axis.bar(x, load.p99_ms, width, color=colour)
    for axis, name in (
        (rps_axis, "requests per second"),
        (p99_axis, "p99 latency, ms"),
    ):
        axis.set_xticks(range(len(labels)), labels, fontsize=8)
        axis.set_ylabel(name)
        axis.set_yscale("log")
        axis.grid(axis="y", alpha=0.3)
    rps_axis.legend(fontsize=8)
    rps_axis.set_title(
        f"Birge tiles and GeoJSON, {run.sizes.public:,} public proposals, "
        f"{run.cores} cores, {run.date}"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def console(run: Run) -> str:
    """The short table printed at the end of a run."""
    lines = [
        "Tiles (proposals layer)",
        *ratio_table(run.tiles),
        "",
        *load_table(run.tiles),
    ]
    if run.geojson:
        lines += ["", "GeoJSON (10 000 features)", *load_table(run.geojson)]
    if run.sql:
        lines += ["", "SQL per zoom", *sql_table(run.sql)]
    lines += ["", "Targets"]
    lines += [f"  {_met(ok):>12}  {t}: {m}" for t, m, ok in targets(run)]
    return "\n".join(lines)
