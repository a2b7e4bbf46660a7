"""Exports: every format, filtered as on screen; coarsened for the public.

Files are read back (csv, pyogrio) and each row's place compared with the exact
private places. ``exact=1`` gives a mapper the exact place and the reporter for
their own community's concerns only, row by row.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import zipfile
from pathlib import Path

import pyogrio
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from community_map.exports import neutralise
from community_map.models import CommunityMember, Concern, MemberRole
from community_map.privacy import grid_cell_centre
from community_map.services.concerns import concern_record
from tests.community_map.conftest import community_in
from tests.factories import accepted_in

UTM = 32643
FORMATS = ("csv", "xlsx", "geojson", "gpkg", "kml", "shp")
SECRET_NAME = "Aigerim Secretova"
SECRET_CONTACT = "+7 700 555 12 34"
SECRET_ID = "NGO-SECRET-17"


def metres(lon: float, lat: float) -> tuple[float, float]:
    from django.contrib.gis.geos import Point

    point = Point(lon, lat, srid=4326).transform(UTM, clone=True)
    return point.x, point.y  # type: ignore[attr-defined]


def export_url(fmt: str, **query: str) -> str:
    path = reverse("community_map:concerns-export", args=["oskemen", fmt])
    return path + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def read_rows(fmt: str, content: bytes, tmp_path: Path) -> list[dict]:
    """Rows with "lon", "lat" and attributes, read back from the file."""
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        for row in rows:
            row["lon"], row["lat"] = float(row["lon"]), float(row["lat"])
        return rows
    suffix = {"shp": "shp.zip"}.get(fmt, fmt)
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(content)
    source = f"/vsizip/{path}/concerns.shp" if fmt == "shp" else str(path)
    frame = pyogrio.read_dataframe(source)
    rows = frame.drop(columns="geometry", errors="ignore").to_dict("records")
    if "geometry" in frame:
        for row, geometry in zip(rows, frame.geometry, strict=True):
            row["lon"], row["lat"] = geometry.x, geometry.y
    return rows


def plain_bytes(fmt: str, content: bytes) -> bytes:
    """The file's bytes, unzipped where the format is a zip."""
    if fmt in ("xlsx", "shp"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return content


@pytest.fixture
def other_ngo(town, staff):
    other = community_in(town, "other-ngo")
    return other


@pytest.fixture
def concerns(record, other_ngo, staff, town):
    """Two private concerns of the NGO, one of another NGO, one organisation's."""
    own = [
        record(
            76.91537,
            52.04561,
            reporter_name=SECRET_NAME,
            reporter_contact=SECRET_CONTACT,
            category="heating",
        ),
        record(
            76.94412, 52.05533, category="snow", reported_on=datetime.date(2025, 2, 1)
        ),
    ]
    Concern.objects.filter(pk=own[0].pk).update(external_id=SECRET_ID)
    theirs = concern_record(
        recorder=staff,
        community=other_ngo,
        category="heating",
        source="reception",
        reported_on=datetime.date(2025, 1, 20),
        location=accepted_in(
            town, {"type": "Point", "coordinates": [76.95171, 52.02718]}, ("Point",)
        ),
        text='=HYPERLINK("http://evil")',
        reporter_name="Other Reporter",
        reporter_contact="other@example.org",
    )
    public = record(76.9300, 52.0400, private=False, category="roads")
    return {"own": own, "theirs": theirs, "public": public}


def exact_place(concern: Concern) -> tuple[float, float]:
    surface = concern.location.point_on_surface
    return metres(surface.x, surface.y)


def near(row: dict, place: tuple[float, float]) -> bool:
    x, y = metres(row["lon"], row["lat"])
    return math.hypot(x - place[0], y - place[1]) <= 1.0


def at_cell_centre(row: dict, concern: Concern) -> bool:
    return near(row, grid_cell_centre(*exact_place(concern)))


def blank(value) -> bool:
    """Empty as a file gives it back: "", None or NaN."""
    return value is None or value == "" or value != value


def by_id(rows: list[dict]) -> dict[int, dict]:
    return {int(row["concern_id"]): row for row in rows}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_public_export_is_coarsened_and_anonymous(client, concerns, fmt, tmp_path):
    response = client.get(export_url(fmt))
    assert response.status_code == 200
    content = plain_bytes(fmt, response.content)
    for secret in (SECRET_NAME, SECRET_CONTACT, SECRET_ID, "Other Reporter"):
        assert secret.encode() not in content
    rows = by_id(read_rows(fmt, response.content, tmp_path))
    assert len(rows) == 4
    for concern in [*concerns["own"], concerns["theirs"]]:
        row = rows[concern.pk]
        assert not near(row, exact_place(concern))
        assert at_cell_centre(row, concern)
    # An organisation's concern is public where it is.
    assert near(rows[concerns["public"].pk], exact_place(concerns["public"]))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_exports_are_filtered_as_on_screen(client, concerns, fmt, tmp_path):
    response = client.get(export_url(fmt, category="heating", to="2025-01-31"))
    rows = read_rows(fmt, response.content, tmp_path)
    assert sorted(int(r["concern_id"]) for r in rows) == sorted(
        [concerns["own"][0].pk, concerns["theirs"].pk]
    )


@pytest.mark.django_db
def test_a_bad_filter_is_400_and_an_unknown_format_404(client, concerns):
    response = client.get(export_url("csv", category="volcano"))
    assert response.status_code == 400
    assert "volcano" in response.json()["error"]["message"]
    assert client.get(export_url("docx")).status_code == 404


@pytest.mark.django_db
def test_labels_follow_the_request_language(client, concerns, tmp_path):
    path = reverse("community_map:concerns-export", args=["oskemen", "csv"])
    assert path.startswith("/en/")
    rows = read_rows("csv", client.get(path).content, tmp_path)
    assert {r["category_label"] for r in rows} >= {"Heating", "Snow removal"}
    assert {r["category"] for r in rows} >= {"heating", "snow"}


@pytest.mark.django_db
def test_file_names_name_the_town_and_day(client, concerns, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 3, 1))
    response = client.get(export_url("gpkg"))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="concerns-oskemen-2025-03-01.gpkg"'
    )
    response = client.get(export_url("shp"))
    assert (
        'filename="concerns-oskemen-2025-03-01.shp.zip"'
        in response["Content-Disposition"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_mapper_gets_exact_places_of_their_own_community_only(
    client, concerns, mapper, fmt, tmp_path
):
    client.force_login(mapper)
    response = client.get(export_url(fmt, exact="1"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = by_id(read_rows(fmt, response.content, tmp_path))
    first, second = concerns["own"]
    assert near(rows[first.pk], exact_place(first))
    assert near(rows[second.pk], exact_place(second))
    name_field = "rep_name" if fmt == "shp" else "reporter_name"
    assert rows[first.pk][name_field] == SECRET_NAME
    # The other NGO's concern stays on the grid, without its reporter.
    theirs = rows[concerns["theirs"].pk]
    assert at_cell_centre(theirs, concerns["theirs"])
    assert not near(theirs, exact_place(concerns["theirs"]))
    assert blank(theirs[name_field])
    assert b"Other Reporter" not in plain_bytes(fmt, response.content)


@pytest.mark.django_db
def test_exact_from_anyone_else_is_the_public_file(
    client, concerns, django_user_model, other_ngo, tmp_path
):
    stranger = django_user_model.objects.create_user(username="stranger", password="x")
    CommunityMember.objects.create(
        community=other_ngo, user=stranger, role=MemberRole.MAPPER
    )
    anonymous = client.get(export_url("csv", exact="1"))
    assert SECRET_NAME.encode() not in anonymous.content
    rows = by_id(read_rows("csv", anonymous.content, tmp_path))
    assert "reporter_name" not in next(iter(rows.values()))
    own = concerns["own"][0]
    assert at_cell_centre(rows[own.pk], own)

    client.force_login(stranger)
    response = client.get(export_url("geojson", exact="1"))
    assert SECRET_NAME.encode() not in response.content
    rows = by_id(read_rows("geojson", response.content, tmp_path))
    assert at_cell_centre(rows[own.pk], own)
    assert not near(rows[own.pk], exact_place(own))
    # ...and the stranger does get their own community's concern exactly.
    assert near(rows[concerns["theirs"].pk], exact_place(concerns["theirs"]))
    assert not isinstance(AnonymousUser().is_authenticated, str)


@pytest.mark.django_db
def test_a_hidden_community_filters_to_nothing_but_for_its_editors(
    client, concerns, mapper, staff, other_ngo, django_user_model, tmp_path
):
    from community_map.filters import ConcernFilter
    from community_map.selectors.concerns import concern_count

    other_ngo.is_hidden = True  # a moderator hid it
    other_ngo.save(update_fields=["is_hidden"])
    editor = django_user_model.objects.create_user(username="editor", password="x")
    CommunityMember.objects.create(
        community=other_ngo, user=editor, role=MemberRole.MAPPER
    )
    theirs = concerns["theirs"]
    # Its concern stays on the map (it is a resident's), but the filter by its
    # slug counts and exports nothing, as an unknown slug does.
    by_slug = ConcernFilter(community=("other-ngo",))
    assert concern_count(theirs.town, by_slug) == 0
    assert concern_count(theirs.town, ConcernFilter()) == 4
    assert concern_count(theirs.town, ConcernFilter(community=("no-such",))) == 0
    public = client.get(export_url("csv", community="other-ngo"))
    assert read_rows("csv", public.content, tmp_path) == []
    client.force_login(mapper)  # an editor of another community
    other = client.get(export_url("csv", community="other-ngo", exact="1"))
    assert read_rows("csv", other.content, tmp_path) == []
    for viewer in (editor, staff):  # they see it hidden, and filter by it
        client.force_login(viewer)
        response = client.get(export_url("csv", community="other-ngo", exact="1"))
        rows = by_id(read_rows("csv", response.content, tmp_path))
        assert list(rows) == [theirs.pk]
        assert near(rows[theirs.pk], exact_place(theirs))


@pytest.mark.django_db
def test_staff_get_every_concern_exactly(client, concerns, staff, tmp_path):
    client.force_login(staff)
    rows = by_id(
        read_rows("gpkg", client.get(export_url("gpkg", exact="1")).content, tmp_path)
    )
    for concern in [*concerns["own"], concerns["theirs"]]:
        assert near(rows[concern.pk], exact_place(concern))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_cells_cannot_run_formulas(client, concerns, staff, fmt, tmp_path):
    client.force_login(staff)
    rows = by_id(
        read_rows(fmt, client.get(export_url(fmt, exact="1")).content, tmp_path)
    )
    assert rows[concerns["theirs"].pk]["text"] == '\'=HYPERLINK("http://evil")'
    assert rows[concerns["own"][0].pk]["reporter_contact"] == "'" + SECRET_CONTACT


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+7 700", "'+7 700"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Heating", "Heating"),
        (42, 42),
    ],
)
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe
