"""Every format an NGO exports imports the same way; hostile files are refused whole."""

from __future__ import annotations

import datetime
import io
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point, box

from community_map.models import Concern, ConcernImport, ImportState
from community_map.services import imports

from . import test_import_support as support
from .test_import_pages import post_file
from .test_import_support import (
    checked,
    csv_bytes,
    rows_of,
    uploaded,
    zipped,
)

pytestmark = pytest.mark.django_db
inline = support.inline  # a fixture
mapper_client = support.mapper_client  # a fixture


def imported(mapper, ngo, name: str, content: bytes, **fields: str):
    job = checked(mapper, uploaded(mapper, ngo, name, content), **fields)
    assert job.state == ImportState.CHECKED, job.failure
    assert job.flagged_rows == 0, list(job.rows.exclude(problems=[]).values("problems"))
    return imports.import_publish(actor=mapper, job=job)


def frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["k-1", "k-2"],
            "category": ["Отопление", "air"],
            "date": ["2025-02-01", "03.02.2025"],
            "text": ["Холодно в квартире", "Түтін көп"],
            "source": ["WhatsApp", "горячая линия"],
        },
        geometry=[Point(76.915, 52.045), box(76.94, 52.03, 76.945, 52.035)],
        crs="EPSG:4326",
    )


def gis_file(tmp_path, name: str, driver: str, data=None) -> bytes:
    path = tmp_path / name
    (data if data is not None else frame()).to_file(path, driver=driver)
    return path.read_bytes()


def assert_two_concerns(job):
    assert job.created_count == 2
    first, second = (
        Concern.objects.get(external_id="k-1"),
        Concern.objects.get(external_id="k-2"),
    )
    assert (first.category, first.source) == ("heating", "whatsapp")
    assert (second.category, second.source) == ("air", "hotline")
    assert second.location.geom_type == "Polygon"
    assert second.reported_on == datetime.date(2025, 2, 3)


def test_csv_in_utf8_with_bom_and_commas(inline, mapper, ngo):
    content = b"\xef\xbb\xbf" + csv_bytes(rows_of(3))
    assert imported(mapper, ngo, "c.csv", content).created_count == 3


def test_csv_from_russian_excel_semicolons_cp1251_decimal_commas(inline, mapper, ngo):
    header = ["Номер", "Широта", "Долгота", "Категория", "Дата", "Текст", "Источник"]
    rows = [["1", "52,045", "76,915", "Освещение", "15.01.2025", "Нет света", "Опрос"]]
    content = csv_bytes(rows, header=header, delimiter=";", encoding="cp1251")
    job = imported(mapper, ngo, "обращения.csv", content)
    concern = Concern.objects.get(imported_by=job)
    assert (concern.category, concern.text, concern.source) == (
        "lighting",
        "Нет света",
        "survey",
    )


def test_tab_separated_text_with_a_wkt_column(inline, mapper, ngo):
    header = ["wkt", "category", "date", "text"]
    rows = [
        ["POINT (76.915 52.045)", "snow", "2025-01-10", "Not cleared"],
        [
            "POLYGON ((76.91 52.03, 76.92 52.03, 76.92 52.04, 76.91 52.03))",
            "yards",
            "2025-01-11",
            "Yard",
        ],
    ]
    job = imported(mapper, ngo, "c.tsv", csv_bytes(rows, header=header, delimiter="\t"))
    assert job.created_count == 2


def test_xlsx_with_excel_dates_and_serial_numbers(inline, mapper, ngo, tmp_path):
    table = pd.DataFrame(
        {
            "ID": ["x-1", "x-2"],
            "Ендік": [52.045, 52.05],
            "Бойлық": [76.915, 76.92],
            "Санат": ["Жылу", "water"],
            "Күні": [datetime.date(2025, 1, 15), None],
            "serial": [None, 45678],
            "Сипаттама": ["Суық", "Су жоқ"],
        }
    )
    table["Күні"] = table["Күні"].astype(object)
    path = tmp_path / "t.xlsx"
    pyogrio.write_dataframe(table, path, driver="XLSX")
    content = path.read_bytes()
    job = uploaded(mapper, ngo, "t.xlsx", content)
    assert job.file_format == "xlsx"
    assert job.mapping["fields"]["lat"] == "Ендік"
    assert [row["number"] for row in job.preview] == [2, 3]
    job = checked(mapper, job, date="Күні")
    assert job.rows.get(number=3).problems[0]["message"] == "the date is missing."
    imports.import_fix_row(actor=mapper, job=job, number=3, cells={"Күні": "45678"})
    job = imports.import_publish(actor=mapper, job=job)
    assert job.created_count == 2
    assert Concern.objects.get(external_id="x-2").reported_on == datetime.date(
        2025, 1, 21
    )


def test_geojson(inline, mapper, ngo, tmp_path):
    assert_two_concerns(
        imported(mapper, ngo, "c.geojson", gis_file(tmp_path, "c.geojson", "GeoJSON"))
    )


def test_geopackage_in_utm(inline, mapper, ngo, tmp_path):
    data = frame().to_crs(32643)
    content = gis_file(tmp_path, "c.gpkg", "GPKG", data)
    assert_two_concerns(imported(mapper, ngo, "c.gpkg", content))


def test_kml(inline, mapper, ngo, tmp_path):
    content = gis_file(tmp_path, "c.kml", "KML")
    job = uploaded(mapper, ngo, "c.kml", content)
    assert "geometry" in job.columns and job.mapping["fields"]["wkt"] == "geometry"
    # LIBKML names the placemark's own id "id" and the attribute "id2".
    assert job.preview[0]["cells"]["id"] == "c.1"
    assert_two_concerns(imported(mapper, ngo, "c.kml", content, external_id="id2"))


def test_zipped_shapefile(inline, mapper, ngo, tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    areas = frame()
    areas.geometry = [box(76.91, 52.04, 76.915, 52.045), areas.geometry[1]]
    areas.to_file(folder / "обращения.shp", encoding="utf-8")
    members = {f"export/{p.name}": p.read_bytes() for p in folder.iterdir()}
    members["export/readme.txt"] = b"not read"
    assert_two_concerns(imported(mapper, ngo, "c.zip", zipped(members)))


# Hostile or broken files: refused with a clear message, nothing stored.


def refused(client, ngo, name: str, content: bytes, status: int = 400) -> str:
    response = post_file(client, ngo, name, content)
    assert response.status_code == status
    assert not ConcernImport.objects.exists()
    assert not Concern.objects.exists()
    form = response.context["form"]
    return " ".join(form.errors["file"])


ZEROS = b"\x00" * (50 * 1024 * 1024)


def test_a_zip_bomb_is_refused(mapper_client, ngo):
    content = zipped({"a.shp": ZEROS, "a.shx": b"", "a.dbf": b""})
    assert len(content) < 200_000
    assert "zip bombs" in refused(mapper_client, ngo, "c.zip", content)


def test_an_xlsx_zip_bomb_is_refused(mapper_client, ngo):
    content = zipped(
        {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": ZEROS}
    )
    assert "zip bombs" in refused(mapper_client, ngo, "c.xlsx", content)


def test_a_zip_with_parent_paths_is_refused(mapper_client, ngo):
    content = zipped({"../../etc/a.shp": b"x", "a.shx": b"", "a.dbf": b""})
    assert "points outside the archive" in refused(mapper_client, ngo, "c.zip", content)


def test_a_zip_with_an_absolute_path_is_refused(mapper_client, ngo):
    content = zipped({"/tmp/a.shp": b"x", "a.shx": b"", "a.dbf": b""})
    assert "absolute path" in refused(mapper_client, ngo, "c.zip", content)


def test_a_zip_with_a_link_is_refused(mapper_client, ngo):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("a.shp")
        link.external_attr = (0o120777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "a link" in refused(mapper_client, ngo, "c.zip", out.getvalue())


def test_too_many_zip_members_are_refused(mapper_client, ngo, settings):
    settings.BIRGE_IMPORT_MAX_ZIP_MEMBERS = 3
    content = zipped({f"f{i}.txt": b"x" for i in range(5)})
    assert "holds 5 files" in refused(mapper_client, ngo, "c.zip", content)


def test_kml_with_an_external_entity_is_refused(mapper_client, ngo):
    content = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
        b"<name>&xxe;</name><Point><coordinates>76.931,52.041</coordinates>"
        b"</Point></Placemark></kml>"
    )
    assert "DOCTYPE or entities" in refused(mapper_client, ngo, "c.kml", content)


def test_a_kml_network_link_is_refused(mapper_client, ngo):
    content = (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><NetworkLink>'
        b"<Link><href>http://example.com/more.kml</href></Link></NetworkLink>"
        b"</Document></kml>"
    )
    assert "NetworkLink" in refused(mapper_client, ngo, "c.kml", content)


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example","click")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "+SUM(A1:A3)",
        "=1+1",
    ],
)
def test_csv_with_formula_cells_is_refused_naming_row_and_column(
    mapper_client, ngo, cell
):
    rows = rows_of(5)
    rows[2][5] = cell
    message = refused(mapper_client, ngo, "c.csv", csv_bytes(rows))
    assert message.startswith(
        'Row 4, column "text": this cell is a spreadsheet formula'
    )
    assert "Birge does not import formulas: remove them and upload again." in message


def test_ordinary_text_that_starts_with_a_sign_is_not_a_formula(inline, mapper, ngo):
    rows = rows_of(4)
    rows[0][5] = "-5 °C in the flat"
    rows[1][5] = "+7 701 123 45 67 called twice"
    rows[2][5] = "@akimat promised - nothing happened"
    rows[3][5] = "- lights off (again)"
    assert imported(mapper, ngo, "c.csv", csv_bytes(rows)).created_count == 4


def test_an_oversized_file_is_refused(mapper_client, ngo, settings):
    settings.BIRGE_IMPORT_MAX_BYTES = 1_000
    message = refused(mapper_client, ngo, "c.csv", csv_bytes(rows_of(50)), status=413)
    assert "larger than" in message


def test_too_many_rows_are_refused(mapper_client, ngo, settings):
    settings.BIRGE_IMPORT_MAX_ROWS = 5
    assert "more than 5 rows" in refused(
        mapper_client, ngo, "c.csv", csv_bytes(rows_of(6))
    )


def test_a_file_that_is_not_what_its_extension_says_is_refused(mapper_client, ngo):
    message = refused(mapper_client, ngo, "c.xlsx", csv_bytes(rows_of(2)))
    assert "named as a Excel (XLSX) file, but its content is CSV" in message
    message = refused(mapper_client, ngo, "c.csv", b'{"type": "FeatureCollection"}')
    assert "its content is GeoJSON" in message
    message = refused(mapper_client, ngo, "c.kml", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "named as a KML file" in message


def test_an_empty_file_is_refused(mapper_client, ngo):
    assert "empty" in refused(mapper_client, ngo, "c.csv", b"")
    assert "empty" in refused(mapper_client, ngo, "c.csv", b"\xef\xbb\xbf \r\n")
    assert "no rows" in refused(mapper_client, ngo, "c.csv", b"lat,lon,text\r\n")
