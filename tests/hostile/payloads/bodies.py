"""Request bodies for the JSON endpoints: bytes, syntax, values and media types."""

from __future__ import annotations

import zlib
from typing import Any

from .common import S, W, add, bench, collection, dumps, point, polygon, ring

# Raw bodies go to the JSON endpoints: the check API, the drawing's save and the
# site API (staff), each parsing with the intake's reader.
BODY_ENDPOINTS = ["geometry-check", "concept-save", "site-create"]
GOOD = b'{"type": "Point", "coordinates": [76.931, 52.041]}'


def body(
    name: str,
    content: bytes,
    mentions: list[str] | dict[str, list[str]],
    why: str,
    *,
    endpoints: list[str] | None = None,
    **expect: Any,
) -> None:
    add(
        "json",
        name,
        content,
        endpoints=endpoints or BODY_ENDPOINTS,
        mentions=mentions,
        why=why,
        **expect,
    )


def bodies() -> None:
    # Bytes that are not UTF-8.
    for name, content in [
        (
            "invalid-utf8",
            b'{"type": "Point", "coordinates": [76.93, 52.04], "x": "\xff"}',
        ),
        ("overlong-utf8", b'{"type": "Po\xc0\xafint", "coordinates": [76.93, 52.04]}'),
        ("cesu-surrogate", b'{"type": "Point\xed\xa0\x80", "coordinates": [76, 52]}'),
        ("latin1", '{"name": "café", "type": "Point"}'.encode("latin-1")),
        (
            "cp1251",
            '{"name": "Ақсу саябағы", "type": "Point"}'.encode("cp1251", "replace"),
        ),
        ("utf16-with-bom", '{"type": "Point"}'.encode("utf-16")),
        ("utf32", '{"type": "Point"}'.encode("utf-32")),
        ("random-binary", bytes(range(256)) * 4),
        ("gzip", zlib.compress(GOOD)),
    ]:
        body(
            f"encoding-{name}",
            content,
            ["not UTF-8"],
            f"a body that is not UTF-8: {name}",
        )
    body(
        "encoding-utf16le-no-bom",
        '{"type": "Point"}'.encode("utf-16-le"),
        ["not valid JSON"],
        "UTF-16 without its byte-order mark (NUL bytes are valid UTF-8)",
    )
    body(
        "bom-utf8",
        b"\xef\xbb\xbf" + GOOD,
        ["not valid JSON", "BOM"],
        "a UTF-8 byte-order mark, which JSON on the network must not carry",
    )
    body(
        "bom-only",
        b"\xef\xbb\xbf",
        ["not valid JSON"],
        "nothing but a byte-order mark",
    )

    # Nesting, deep enough to break a recursive parser.
    body(
        "deep-arrays",
        b"[" * 100_000 + b"]" * 100_000,
        ["nested more than 8 levels"],
        "100 000 nested lists",
    )
    body(
        "deep-objects",
        b'{"a": ' * 20_000 + b"1" + b"}" * 20_000,
        ["nested more than 8 levels"],
        "20 000 nested objects",
    )
    deep: Any = "x"
    for _level in range(12):
        deep = {"a": deep}
    body(
        "deep-properties",
        dumps(
            {
                "type": "Feature",
                "properties": deep,
                "geometry": point(76.931, 52.041),
            }
        ),
        ["nested more than 8 levels"],
        "a Feature whose properties nest 12 deep",
        endpoints=["geometry-check"],
        location="/properties/a/a/a/a/a/a/a",
    )
    body(
        "deep-in-a-drawing",
        dumps(collection(bench(note=deep))),
        ["nested more than 8 levels"],
        "a drawing whose element's properties nest 12 deep",
        endpoints=["concept-save"],
    )

    # Numbers past what a double holds, or what Python converts.
    body(
        "number-5000-digits",
        b'{"type": "Point", "coordinates": [' + b"9" * 5000 + b", 52.04]}",
        ["thousands of digits"],
        "an integer of 5 000 digits",
    )
    body(
        "number-exponent",
        b'{"type": "Point", "coordinates": [1e99999, 52.04]}',
        {
            "geometry-check": ["inf", "finite number"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["name_kk"],
        },
        "an exponent far past a double",
    )
    body(
        "number-negative-zero-exponent",
        b'{"type": "Point", "coordinates": [-0e-99999, 52.04]}',
        {
            "geometry-check": ["outside Aksu"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["name_kk"],
        },
        "minus zero with a huge negative exponent",
    )

    # Not JSON at all, or not quite.
    for name, content, words in [
        ("truncated-number", b'{"type": "Point", "coordinates": [76.9', ["line 1"]),
        ("truncated-string", b'{"type": "Poi', ["Unterminated string"]),
        ("truncated-object", b'{"type": "Point", ', ["line 1"]),
        ("trailing-garbage", GOOD + b" <script>", ["Extra data"]),
        ("two-documents", GOOD + b"\n" + GOOD, ["Extra data", "line 2"]),
        ("comment", b"// a bench\n" + GOOD, ["line 1"]),
        ("block-comment", b'{"type": /* */ "Point", "coordinates": [76, 52]}', []),
        ("single-quotes", b"{'type': 'Point', 'coordinates': [76.93, 52.04]}", []),
        ("trailing-comma", b'{"type": "Point", "coordinates": [76.93, 52.04],}', []),
        ("hex-number", b'{"type": "Point", "coordinates": [0x4C, 52]}', []),
        ("leading-zero", b'{"type": "Point", "coordinates": [076.93, 52.04]}', []),
        ("plus-sign", b'{"type": "Point", "coordinates": [+76.93, 52.04]}', []),
        ("bare-decimal-point", b'{"type": "Point", "coordinates": [.5, 52.04]}', []),
        ("unquoted-keys", b"{type: Point, coordinates: [76.93, 52.04]}", []),
        ("xml", b'<?xml version="1.0"?><Point><pos>76.93 52.04</pos></Point>', []),
        ("html", b"<html><body><script>alert(1)</script></body></html>", []),
        ("wkt", b"POINT (76.93 52.04)", []),
        ("form-encoded", b"type=Point&coordinates=76.93,52.04", []),
        ("raw-tab-in-string", b'{"type": "Po\tint", "coordinates": [76, 52]}', []),
        ("raw-newline-in-string", b'{"type": "Po\nint", "coordinates": [76, 52]}', []),
        ("bad-escape", b'{"type": "Po\\xint", "coordinates": [76, 52]}', []),
        ("short-unicode-escape", b'{"type": "Po\\u12", "coordinates": [76, 52]}', []),
    ]:
        body(
            f"syntax-{name}",
            content,
            ["not valid JSON", *words],
            f"not JSON: {name}",
        )
    body(
        "syntax-nan-alone",
        b"NaN",
        {
            "geometry-check": ["must be a JSON object", "a number"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["dictionary"],
        },
        "the non-standard NaN as the whole body",
    )

    # Nothing, or the wrong kind of JSON value.
    body(
        "empty",
        b"",
        {
            "geometry-check": ["no “type” member"],
            "concept-save": ["not valid JSON"],
            "site-create": ["name_kk", "required"],
        },
        "an empty body",
    )
    body(
        "null",
        b"null",
        {
            "geometry-check": ["must be a JSON object", "null"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["data"],
        },
        "the JSON null",
    )
    body(
        "list",
        b"[76.931, 52.041]",
        {
            "geometry-check": ["must be a JSON object", "a list"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["dictionary"],
        },
        "a list where an object belongs",
    )
    body(
        "string",
        b'"{\\"type\\": \\"Point\\"}"',
        {
            "geometry-check": ["must be a JSON object", "text"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["dictionary"],
        },
        "GeoJSON wrapped once more as a JSON string",
    )
    body(
        "true",
        b"true",
        {
            "geometry-check": ["must be a JSON object", "true or false"],
            "concept-save": ["must arrive as a GeoJSON FeatureCollection"],
            "site-create": ["dictionary"],
        },
        "the JSON true",
    )

    # Text PostgreSQL cannot store, and members named twice.
    body(
        "nul-in-label",
        dumps(collection(bench(label="swing\u0000set"))),
        ["NUL", "/features/0/properties/label"],
        "a NUL character in a drawn element's label",
        endpoints=["concept-save"],
    )
    body(
        "surrogate-in-label",
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
        b'"properties": {"kind": "bench", "label": "\\udfff"}, "geometry": '
        b'{"type": "Point", "coordinates": [76.931, 52.041]}}]}',
        ["not valid Unicode"],
        "a lone surrogate in a label",
        endpoints=["concept-save"],
    )
    body(
        "nul-in-site-name",
        b'{"name_kk": "a\\u0000", "name_ru": "b", "name_en": "c", "geometry": '
        + GOOD
        + b"}",
        ["NUL"],
        "a NUL character in a site's name",
        endpoints=["site-create"],
        location="/name_kk",
    )
    body(
        "duplicate-features",
        b'{"type": "FeatureCollection", "features": [], "features": []}',
        ["“features”", "more than once"],
        "the features member twice",
        endpoints=["concept-save"],
    )
    body(
        "duplicate-name",
        b'{"name_kk": "a", "name_ru": "b", "name_en": "c", "name_en": "d", '
        b'"geometry": ' + GOOD + b"}",
        ["“name_en”", "more than once"],
        "a site's name given twice",
        endpoints=["site-create"],
    )

    # A drawing that is JSON but not a drawing.
    for name, document, words in [
        ("feature-not-collection", bench(), ["FeatureCollection"]),
        (
            "features-object",
            {"type": "FeatureCollection", "features": {"0": bench()}},
            ["FeatureCollection"],
        ),
        ("no-type", {"features": [bench()]}, ["FeatureCollection"]),
        ("feature-a-string", collection("bench"), ["Element 1 has no kind"]),
        ("feature-null", collection(None), ["Element 1 has no kind"]),
        (
            "properties-a-list",
            collection(bench() | {"properties": ["bench"]}),
            ["Element 1 has no kind"],
        ),
        ("kind-a-number", collection(bench(kind=5)), ["Element 1 has no kind"]),
        ("kind-empty", collection(bench(kind="")), ["Element 1 has no kind"]),
        (
            "kind-unknown",
            collection(bench(), bench(kind="swimming-pool")),
            ["Element 2 is of a kind this session does not use"],
        ),
        (
            "kind-script",
            collection(bench(kind="<script>alert(1)</script>")),
            ["Element 1 is of a kind"],
        ),
        (
            "geometry-null",
            collection(bench() | {"geometry": None}),
            ["Element 1", "no geometry"],
        ),
        (
            "second-element-outside",
            collection(bench(), bench() | {"geometry": point(77.5, 52.04)}),
            ["Element 2", "outside Aksu"],
        ),
        (
            "outside-the-site",
            collection(bench() | {"geometry": point(76.95, 52.06)}),
            ["Element 1 lies outside the site"],
        ),
        (
            "501-elements",
            collection(*[bench()] * 501),
            ["at most 500 elements", "501"],
        ),
        (
            "crs-on-element",
            collection(
                bench() | {"crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}
            ),
            ["Element 1", "“crs” member is not allowed"],
        ),
        (
            "overlapping-zones",
            collection(
                {
                    "type": "Feature",
                    "properties": {"kind": "playground"},
                    "geometry": polygon(ring(W + 0.0002, S + 0.0002, 0.0008)),
                },
                {
                    "type": "Feature",
                    "properties": {"kind": "sport"},
                    "geometry": polygon(ring(W + 0.0006, S + 0.0006, 0.0008)),
                },
            ),
            ["Element 1", "element 2", "overlap"],
        ),
    ]:
        body(
            f"drawing-{name}",
            dumps(document),
            words,
            f"a drawing that is not one: {name}",
            endpoints=["concept-save"],
        )

    # A site the API must not take.
    site = {
        "name_kk": "Саябақ",
        "name_ru": "Парк",
        "name_en": "Park",
        "geometry": polygon(ring(76.94, 52.05, 0.002)),
    }
    for name, document, words in [
        ("slug-traversal", site | {"slug": "../../etc/passwd"}, ["slug"]),
        ("slug-unicode", site | {"slug": "саябақ"}, ["slug"]),
        ("slug-taken", site | {"slug": "neglected-park"}, ["Slug already exists"]),
        ("name-too-long", site | {"name_en": "P" * 5000}, ["name_en", "160"]),
        ("name-a-list", site | {"name_ru": ["Парк"]}, ["name_ru"]),
        (
            "name-missing",
            {k: v for k, v in site.items() if k != "name_kk"},
            ["name_kk"],
        ),
        ("status-unknown", site | {"status": "demolished"}, ["status"]),
        (
            "geometry-missing",
            {k: v for k, v in site.items() if k != "geometry"},
            ["geometry"],
        ),
        (
            "geometry-wkt",
            site
            | {
                "geometry": "POLYGON ((76.94 52.05, 76.95 52.05, 76.95 52.06, 76.94 52.05))"
            },
            ["not valid JSON"],
        ),
        (
            "geometry-outside",
            site | {"geometry": polygon(ring(77.5, 52.05))},
            ["outside Aksu"],
        ),
    ]:
        body(
            f"site-{name}",
            dumps(document),
            words,
            f"a site the API must refuse: {name}",
            endpoints=["site-create"],
        )

    # The right JSON under a media type the API does not read.
    for name, content_type in [
        ("text-plain", "text/plain"),
        ("xml", "application/xml"),
        ("form", "application/x-www-form-urlencoded"),
        ("multipart", "multipart/form-data; boundary=xyz"),
        ("javascript", "application/javascript"),
        ("json-patch", "application/json-patch+json"),
        ("octet-stream", "application/octet-stream"),
        ("image", "image/png"),
    ]:
        body(
            f"media-type-{name}",
            GOOD,
            ["Unsupported media type"],
            f"GeoJSON sent as {content_type}",
            endpoints=["geometry-check", "site-create"],
            content_type=content_type,
            status=[415],
        )
    body(
        "media-type-utf16-declared",
        GOOD.decode().encode("utf-16"),
        ["not UTF-8"],
        "UTF-16 declared as the charset (Birge reads UTF-8 only)",
        endpoints=["geometry-check", "site-create"],
        content_type="application/json; charset=utf-16",
    )
    body(
        "over-size-limit",
        b'{"type": "Point", "coordinates": [76.931, 52.041], "pad": "'
        + b"x" * 12_000
        + b'"}',
        ["bytes", "at most 10000 bytes"],
        "a body over the intake's size limit (lowered to 10 kB here)",
        settings={"BIRGE_INTAKE_MAX_BYTES": 10_000},
        status={
            "geometry-check": [413],
            "site-create": [413],
            "concept-save": [400, 413],
        },
    )
