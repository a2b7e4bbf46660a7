"""What every kind of payload is built from: the manifest entry, and shapes,
files and archives shared between kinds.

The test town is tests/conftest.py's square Aksu (76.90-76.96 E, 52.02-52.07 N)
with its park at 76.93-76.932 E, 52.04-52.042 N.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
import zipfile
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent.parent / "corpus"
ENTRIES: list[dict[str, Any]] = []


def add(
    kind: str,
    name: str,
    content: bytes | str | None,
    *,
    endpoints: list[str],
    mentions: list[str] | dict[str, list[str]],
    why: str,
    suffix: str = ".json",
    **expect: Any,
) -> None:
    """Keep a payload: its file (if it has content) and its manifest entry."""
    entry: dict[str, Any] = {
        "name": f"{kind}/{name}",
        "kind": kind.split("/")[0],
        "endpoints": endpoints,
        "mentions": mentions,
        "why": why,
        **expect,
    }
    if content is not None:
        data = content.encode() if isinstance(content, str) else content
        entry["file"] = f"{kind}/{name}{suffix}"
        path = CORPUS / entry["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if any(e["name"] == entry["name"] for e in ENTRIES):
        raise SystemExit(f"two payloads are named {entry['name']}")
    ENTRIES.append(entry)


def zip_of(members: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An archive of these members, dated alike so the corpus builds the same."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as archive:
        for name, data in members.items():
            member = zipfile.ZipInfo(name, date_time=(2025, 1, 15, 0, 0, 0))
            member.compress_type = compress
            archive.writestr(member, data)
    return out.getvalue()


def dumps(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


W, S = 76.93, 52.04  # the park's south-west corner, inside the town


def ring(lon: float = W, lat: float = S, size: float = 0.002) -> list[list[float]]:
    """An anticlockwise square ring."""
    return [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]


def circle(n: int, lon: float = 76.931, lat: float = 52.041, r: float = 0.0005):
    points = [
        [
            round(lon + r * math.cos(2 * math.pi * i / n), 9),
            round(lat + r * 0.6 * math.sin(2 * math.pi * i / n), 9),
        ]
        for i in range(n)
    ]
    return [*points, points[0]]


def polygon(*rings: list) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def point(lon: Any, lat: Any) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


BOWTIE = [[W, S], [W + 0.002, S + 0.002], [W + 0.002, S], [W, S + 0.002], [W, S]]


def collection(*features: Any) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def bench(**properties: Any) -> dict:
    return {
        "type": "Feature",
        "properties": {"kind": "bench", **properties},
        "geometry": point(76.931, 52.041),
    }


def upload(
    folder: str,
    name: str,
    content: bytes,
    filename: str,
    mentions: list[str] | dict[str, list[str]],
    why: str,
    *,
    endpoints: list[str],
    **expect: Any,
) -> None:
    """An uploaded file: stored under its own name, sent under ``filename``."""
    add(
        f"files/{folder}",
        name,
        content,
        endpoints=endpoints,
        mentions=mentions,
        why=why,
        suffix=Path(filename).suffix or ".bin",
        filename=filename,
        **expect,
    )


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), **options: Any) -> bytes:
    from PIL import Image

    picture = Image.new("RGB", size, (250, 240, 200))
    picture.paste((40, 120, 220), (0, 0, size[0], size[1] // 3))
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


DOCTYPE = ["declares a DOCTYPE or entities"]
PLACEMARK = (
    "<Placemark><name>bench</name><Point><coordinates>76.931,52.041</coordinates>"
    "</Point></Placemark>"
)
ZEROS = b"\x00" * (50 * 1024 * 1024)


def kml(body: str, head: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return (
        head + '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"{body}</Document></kml>"
    ).encode()


def plan_geojson(*features: Any) -> bytes:
    return dumps(collection(*features))


def geopackage(folder: Path, name: str, *sql: str, lon: float = 76.931) -> bytes:
    """A GeoPackage with one bench in the park, then the SQL given run on it."""
    import numpy as np
    import pyogrio.raw
    from shapely import Point, to_wkb

    path = folder / f"{name}.gpkg"
    # GDAL dates the file's contents; a fixed date builds the same bytes each time.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2025-01-15T00:00:00Z"})
    pyogrio.raw.write(
        path,
        np.array([to_wkb(Point(lon, 52.041))], dtype=object),
        [np.array(["bench"], dtype=object)],
        ["kind"],
        layer="objects",
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    for statement in sql:
        # GDAL's own SQL, as tests/codesign/test_concept_files.py builds its view.
        gdal_sql(path, statement)
    return path.read_bytes()


def gdal_sql(path: Path, statement: str) -> None:
    """Run one SQL statement on a GeoPackage or SQLite file through ogrinfo."""
    subprocess.run(
        ["ogrinfo", "-q", str(path), "-sql", statement],
        check=True,
        capture_output=True,
        env={"OGR_CURRENT_DATE": "2025-01-15T00:00:00Z", "PATH": "/usr/bin:/bin"},
    )
