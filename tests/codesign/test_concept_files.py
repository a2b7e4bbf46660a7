"""The official plan from GeoJSON, GeoPackage, KML and DXF; concepts out as files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.services import role_grant
from codesign import services
from codesign.comparison.vocabulary import kind
from codesign.concept_exports import layer_name
from codesign.models import Concept, ConceptElement, ConceptVersion
from codesign.services.concepts import DrawnElement, official_plan_upload
from tests.factories import accepted_in

pytestmark = pytest.mark.django_db

UTM = 32643  # Aksu
PLANS = Path(__file__).parent / "data" / "plans"
SHAPES = ("Point", "LineString", "Polygon", "MultiPolygon", "MultiLineString")


def utm(wkt: str) -> GEOSGeometry:
    """A shape given in metres from the test park's south-west corner, in UTM."""
    corner = Point(76.93, 52.04, srid=4326)
    corner.transform(UTM)
    shape = GEOSGeometry(wkt, srid=UTM)
    shifted = GEOSGeometry(
        json.dumps(_shift(json.loads(shape.json), corner.x, corner.y))
    )
    shifted.srid = UTM  # GeoJSON text is read as lon/lat; these are metres
    return shifted


def _shift(value, dx, dy):
    if isinstance(value, dict):
        return {**value, "coordinates": _shift(value["coordinates"], dx, dy)}
    if isinstance(value[0], int | float):
        return [value[0] + dx, value[1] + dy]
    return [_shift(v, dx, dy) for v in value]


def lonlat(wkt: str) -> dict:
    """The same shape as GeoJSON in longitude and latitude."""
    return json.loads(utm(wkt).transform(4326, clone=True).json)


PLAYGROUND = "POLYGON((20 20, 60 20, 60 60, 20 60, 20 20))"  # 1 600 m²
GREEN_WITH_POND = (  # 50 x 100 m with a 10 x 10 m hole: 4 900 m²
    "POLYGON((70 20, 120 20, 120 120, 70 120, 70 20),"
    " (85 55, 95 55, 95 65, 85 65, 85 55))"
)
FOOTPATH = "LINESTRING(10 150, 110 150)"
BENCH = "POINT(30 100)"


def feature(kind_value, wkt, **properties):
    return {
        "type": "Feature",
        "properties": {"kind": kind_value, **properties},
        "geometry": lonlat(wkt),
    }


def geojson(*features) -> bytes:
    return json.dumps(
        {"type": "FeatureCollection", "features": list(features)}
    ).encode()


@pytest.fixture
def park(aksu):
    return aksu.sites.get(slug="neglected-park")


@pytest.fixture
def session(park):
    today = timezone.localdate()
    return services.design_session_create(
        site=park,
        slug="spring",
        titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
    )


@pytest.fixture
def architect(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="architect", password="x")
    role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
    return user


@pytest.fixture
def staff_client(client, architect):
    client.force_login(architect)
    return client


def kwargs(session):
    return {
        "town": session.site.town.slug,
        "site": session.site.slug,
        "session": session.slug,
    }


def upload(client, session, name, content, title=""):
    return client.post(
        reverse("codesign:official-upload", kwargs=kwargs(session)),
        {"plan": SimpleUploadedFile(name, content), "title": title},
    )


def export(client, session, fmt, **query):
    return client.get(
        reverse("codesign:session-export", kwargs={**kwargs(session), "fmt": fmt}),
        query,
    )


def stored(session):
    """Kind and area (m²), length (m) or 0 of each element of the official plan."""
    version = ConceptVersion.objects.filter(
        concept__session=session, concept__official=True
    ).latest("number")
    out = []
    for element in version.elements.order_by("position"):
        metric = element.geometry.transform(UTM, clone=True)
        out.append((element.kind, round(metric.area or metric.length, 1)))
    return version, out


def assert_nothing_stored():
    assert not Concept.objects.exists()
    assert not ConceptElement.objects.exists()


def refusal_of(response) -> str:
    return " ".join(str(e) for e in response.context["form"].errors["plan"])


# Uploads that work, one per format.


def test_a_geojson_plan_becomes_the_submitted_official_concept(staff_client, session):
    content = geojson(
        feature("playground", PLAYGROUND, label="Swings"),
        feature("Озеленение", GREEN_WITH_POND),  # the Russian name
        feature("ЖАЯУ ЖҮРГІНШІ ЖОЛЫ", FOOTPATH),  # the Kazakh name, in capitals
        feature(" Bench ", BENCH),
    )
    response = upload(staff_client, session, "plan.geojson", content, "Akimat 2024")
    concept = Concept.objects.get(session=session, official=True)
    assert response.status_code == 302
    assert response.url == reverse(
        "codesign:concept", kwargs={**kwargs(session), "pk": concept.pk}
    )
    version, elements = stored(session)
    assert version.submitted_at is not None
    assert concept.title == "Akimat 2024"
    assert [k for k, _ in elements] == ["playground", "green", "footpath", "bench"]
    assert elements[0][1] == pytest.approx(1600, abs=0.5)
    assert elements[1][1] == pytest.approx(4900, abs=0.5)
    assert elements[2][1] == pytest.approx(100, abs=0.1)
    assert version.elements.get(kind="playground").label == "Swings"


def test_a_geopackage_plan_is_read_from_every_layer_and_its_crs(
    staff_client, session, tmp_path
):
    path = tmp_path / "plan.gpkg"
    zones = [utm(PLAYGROUND).transform(4326, clone=True), utm(GREEN_WITH_POND)]
    pyogrio.raw.write(
        path,
        np.array([bytes(zones[0].wkb)], dtype=object),
        [np.array(["Детская площадка"], dtype=object)],
        ["KIND"],
        layer="zones",
        driver="GPKG",
        geometry_type="Polygon",
        crs="EPSG:4326",
    )
    pyogrio.raw.write(  # a second layer in the town's UTM metres
        path,
        np.array([bytes(zones[1].wkb), bytes(utm(BENCH).wkb)], dtype=object),
        [
            np.array(["Көгал", "bench"], dtype=object),
            np.array(["", "Oak"], dtype=object),
        ],
        ["kind", "label"],
        layer="in_metres",
        driver="GPKG",
        geometry_type="Unknown",
        crs=f"EPSG:{UTM}",
        append=True,
    )
    response = upload(staff_client, session, "plan.gpkg", path.read_bytes())
    assert response.status_code == 302
    _version, elements = stored(session)
    assert sorted(elements) == [
        ("bench", 0),
        ("green", pytest.approx(4900, abs=0.5)),
        ("playground", pytest.approx(1600, abs=0.5)),
    ]


def kml(*placemarks: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>'
        "<name>Plan</name>" + "".join(placemarks) + "</Folder></Document></kml>"
    ).encode()


def placemark(name: str, wkt: str, kind_value: str | None = None) -> str:
    shape = utm(wkt).transform(4326, clone=True)
    extended = (
        f'<ExtendedData><Data name="kind"><value>{kind_value}</value></Data>'
        "</ExtendedData>"
        if kind_value
        else ""
    )
    return f"<Placemark><name>{name}</name>{extended}{shape.kml}</Placemark>"


def test_a_kml_plan_takes_kinds_from_extended_data_or_the_name(staff_client, session):
    content = kml(
        placemark("Детская площадка", PLAYGROUND),
        placemark("The big lawn", GREEN_WITH_POND, "green"),
        placemark("lamp", BENCH),
    )
    response = upload(staff_client, session, "plan.kml", content)
    assert response.status_code == 302, refusal_of(response)
    version, elements = stored(session)
    assert [k for k, _ in elements] == ["playground", "green", "lamp"]
    assert elements[1][1] == pytest.approx(4900, abs=0.5)
    assert version.elements.get(kind="green").label == "The big lawn"


def test_a_dxf_plan_in_utm_metres_reads_layers_outlines_and_blocks(
    staff_client, session
):
    response = upload(
        staff_client, session, "park.dxf", (PLANS / "park.dxf").read_bytes()
    )
    assert response.status_code == 302, refusal_of(response)
    _version, elements = stored(session)
    # The closed polylines are areas, the inner green ring a hole; the block
    # on the layer named in Russian is a bench; the text is skipped; the
    # lamp drawn as a small circle stands at its centre.
    assert sorted(elements) == [
        ("bench", 0),
        ("footpath", pytest.approx(100, abs=0.1)),
        ("green", pytest.approx(4900, abs=0.5)),
        ("lamp", 0),
        ("playground", pytest.approx(1600, abs=0.5)),
        ("tree", 0),
    ]
    lamp = ConceptElement.objects.get(kind="lamp").geometry.transform(UTM, clone=True)
    assert (lamp.x, lamp.y) == (
        pytest.approx(632450, abs=0.01),
        pytest.approx(5767420, abs=0.01),
    )


def test_a_dxf_plan_in_longitude_and_latitude_is_accepted(
    staff_client, session, tmp_path
):
    path = tmp_path / "plan.dxf"
    playground = utm(PLAYGROUND).transform(4326, clone=True)
    pyogrio.raw.write(
        path,
        np.array([bytes(playground.exterior_ring.wkb)], dtype=object),
        [np.array(["playground"], dtype=object)],
        ["Layer"],
        driver="DXF",
        geometry_type="LineString",
        crs="EPSG:4326",
    )
    response = upload(staff_client, session, "plan.dxf", path.read_bytes())
    assert response.status_code == 302, refusal_of(response)
    assert stored(session)[1] == [("playground", pytest.approx(1600, abs=0.5))]


def test_a_new_upload_by_another_architect_is_the_next_version(
    staff_client, session, django_user_model
):
    upload(staff_client, session, "a.geojson", geojson(feature("bench", BENCH)))
    colleague = django_user_model.objects.create_user(
        username="colleague", password="x"
    )
    role_grant(actor=None, user=colleague, role=Role.AKIMAT, town=session.site.town)
    staff_client.force_login(colleague)
    response = upload(
        staff_client,
        session,
        "b.geojson",
        geojson(feature("tree", BENCH), feature("playground", PLAYGROUND)),
    )
    assert response.status_code == 302
    concept = Concept.objects.get(session=session, official=True)
    assert concept.author == colleague
    assert [v.elements.count() for v in concept.versions.order_by("number")] == [1, 2]
    assert all(v.submitted_at for v in concept.versions.all())


# Exports.


def draw(session, *shapes):
    return [
        DrawnElement(k, accepted_in(session.site.town, lonlat(w), SHAPES))
        for k, w in shapes
    ]


@pytest.fixture
def official(session, architect):
    return official_plan_upload(
        session=session,
        author=architect,
        title="Akimat plan",
        elements=draw(
            session,
            ("playground", PLAYGROUND),
            ("green", GREEN_WITH_POND),
            ("footpath", FOOTPATH),
            ("bench", BENCH),
        ),
    ).concept


@pytest.fixture
def resident_concept(session, resident):
    concept = services.concept_create(
        session=session, author=resident, title="Тенистый парк: вариант 2"
    )
    services.concept_save(
        concept=concept, author=resident, elements=draw(session, ("green", PLAYGROUND))
    )
    services.concept_submit(concept=concept, author=resident)
    # A later draft is not exported: only what was submitted.
    services.concept_save(
        concept=concept,
        author=resident,
        elements=draw(session, ("sport", PLAYGROUND), ("tree", BENCH)),
    )
    return concept


def test_the_dxf_export_has_a_layer_per_kind_in_utm_metres_and_palette_colours(
    client, session, official, tmp_path
):
    response = export(client, session, "dxf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="spring.dxf"'
    path = tmp_path / "out.dxf"
    path.write_bytes(response.content)
    _meta, _fids, geometries, (layers,) = pyogrio.raw.read(
        path, layer="entities", columns=["Layer"]
    )
    assert set(layers) == {"playground", "green", "footpath", "bench"}
    for wkb in geometries:
        x0, y0, x1, y1 = GEOSGeometry(memoryview(wkb)).extent
        assert 632_300 < x0 <= x1 < 632_600
        assert 5_767_200 < y0 <= y1 < 5_767_500
    text = response.content.decode()
    for slug in ("playground", "green", "footpath", "bench"):
        true_colour = int(kind(slug).colour[1:], 16)
        assert f"\n  8\n{slug}\n 62\n" in text  # an entity on the kind's layer...
        assert f"\n420\n{true_colour}\n" in text  # ...in the palette's colour
    assert "\nHATCH\n" not in text  # zones are closed polylines


def test_a_dxf_exported_from_a_session_uploads_back_as_the_same_plan(
    staff_client, session, official
):
    _version, before = stored(session)
    exported = export(staff_client, session, "dxf").content
    response = upload(staff_client, session, "spring.dxf", exported)
    assert response.status_code == 302, refusal_of(response)
    version, after = stored(session)
    assert version.number == 2
    assert sorted(k for k, _ in after) == sorted(k for k, _ in before)
    for (kind_before, area_before), (kind_after, area_after) in zip(
        sorted(before), sorted(after), strict=True
    ):
        assert kind_after == kind_before
        assert area_after == pytest.approx(area_before, abs=0.5)


def test_one_concept_can_be_exported_alone(client, session, official, resident_concept):
    response = export(client, session, "geojson", concept=resident_concept.pk)
    assert response["Content-Disposition"] == (
        f'attachment; filename="spring-concept-{resident_concept.pk}.geojson"'
    )
    features = json.loads(response.content)["features"]
    assert {f["properties"]["concept"] for f in features} == {resident_concept.pk}


def test_the_geopackage_has_a_layer_per_submitted_concept_and_the_agreement_grid(
    client, session, official, resident_concept, monkeypatch, tmp_path
):
    cell = Polygon.from_bbox((76.930, 52.040, 76.931, 52.041))
    cell.srid = 4326
    monkeypatch.setattr(
        "codesign.analysis.agreement_cells",
        lambda s: [(cell, {"kind": "green", "share": 0.75, "concepts": 2})],
    )
    response = export(client, session, "gpkg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    path = tmp_path / "session.gpkg"
    path.write_bytes(response.content)
    names = [str(name) for name, _type in pyogrio.list_layers(path)]
    assert sorted(names) == sorted(
        [
            f"akimat_plan_{official.pk}",
            f"тенистый_парк_вариант_2_{resident_concept.pk}",
            "agreement",
        ]
    )
    assert layer_name(resident_concept) in names
    meta, _f, _shapes, values = pyogrio.raw.read(
        path,
        layer=layer_name(resident_concept),
        columns=["kind", "official", "version"],
    )
    kinds, official_flags, versions = (
        values[list(meta["fields"]).index(name)]
        for name in ("kind", "official", "version")
    )
    assert list(kinds) == ["green"]  # the submitted version, not the later draft
    assert list(versions) == [1] and not official_flags[0]
    _m, _f, cells, (shares,) = pyogrio.raw.read(
        path, layer="agreement", columns=["share"]
    )
    assert list(shares) == [0.75] and len(cells) == 1


def test_the_geojson_names_kinds_in_the_visitors_language_and_marks_the_plan(
    client, session, official, resident_concept
):
    with translation.override("ru"):
        response = export(client, session, "geojson")
    assert response["Content-Disposition"] == 'attachment; filename="spring.geojson"'
    features = json.loads(response.content)["features"]
    first = features[0]["properties"]
    assert first == {
        "concept": official.pk,
        "title": "Akimat plan",
        "official": True,
        "version": 1,
        "kind": "playground",
        "kind_name": "Детская площадка",
        "label": "",
        "colour": "#ff9800",
    }
    theirs = [f["properties"] for f in features if not f["properties"]["official"]]
    assert [(p["kind"], p["version"]) for p in theirs] == [("green", 1)]


def test_an_unknown_export_format_is_not_found(client, session):
    assert export(client, session, "shp").status_code == 404
    assert export(client, session, "gpkg", concept="x").status_code == 404


# Who may upload.


def test_only_architects_and_the_akimat_see_the_upload_page(client, session, resident):
    url = reverse("codesign:official-upload", kwargs=kwargs(session))
    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404
    response = upload(client, session, "plan.geojson", geojson(feature("bench", BENCH)))
    assert response.status_code == 404
    assert_nothing_stored()


def test_the_upload_page_lists_formats_and_the_kinds_expected(staff_client, session):
    page = staff_client.get(
        reverse("codesign:official-upload", kwargs=kwargs(session))
    ).content.decode()
    for text in ("GeoPackage", "KML", "DXF", "EPSG:32643", "playground"):
        assert text in page
    assert "Балалар алаңы" in page and "Детская площадка" in page


# Hostile or broken files: refused, saying what and where, and nothing stored.


def refused(staff_client, session, name, content, status=400) -> str:
    response = upload(staff_client, session, name, content)
    assert response.status_code == status
    assert_nothing_stored()
    return refusal_of(response)


def test_kml_with_an_external_entity_is_refused_before_it_is_parsed(
    staff_client, session
):
    content = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE kml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
        b"<name>&secret;</name><Point><coordinates>76.931,52.041</coordinates>"
        b"</Point></Placemark></kml>"
    )
    message = refused(staff_client, session, "plan.kml", content)
    assert "DOCTYPE or entities" in message


def test_kml_linking_to_other_files_is_refused(staff_client, session):
    content = kml(
        "<NetworkLink><Link><href>http://example.com/plan.kml</href></Link>"
        "</NetworkLink>"
    )
    assert "NetworkLink" in refused(staff_client, session, "plan.kml", content)


def test_a_file_that_is_not_what_its_extension_says_is_refused(staff_client, session):
    message = refused(
        staff_client, session, "plan.kml", geojson(feature("bench", BENCH))
    )
    assert "named as a KML file, but its content is GeoJSON" in message
    message = refused(staff_client, session, "plan.gpkg", b"id;kind\n1;bench\n")
    assert "named as a GeoPackage file" in message
    message = refused(staff_client, session, "plan.dxf", b"PK\x03\x04rest-of-a-kmz")
    assert "ZIP archive" in message


def test_an_empty_file_is_refused(staff_client, session):
    assert "empty" in refused(staff_client, session, "plan.geojson", b"")
    assert "empty" in refused(staff_client, session, "plan.kml", b"  \n")
    message = refused(staff_client, session, "plan.geojson", geojson())
    assert "no features" in message


def test_a_feature_of_an_unknown_kind_is_named(staff_client, session):
    content = geojson(feature("bench", BENCH), feature("pond", PLAYGROUND))
    message = refused(staff_client, session, "plan.geojson", content)
    assert message.startswith("Feature 2: “pond” is not a kind of element.")


def test_a_dxf_entity_on_a_layer_that_is_no_kind_is_named(
    staff_client, session, tmp_path
):
    path = tmp_path / "plan.dxf"
    pyogrio.raw.write(
        path,
        np.array([bytes(utm(BENCH).wkb), bytes(utm(BENCH).wkb)], dtype=object),
        [np.array(["bench", "walls"], dtype=object)],
        ["Layer"],
        driver="DXF",
        geometry_type="Point",
        crs=f"EPSG:{UTM}",
    )
    message = refused(staff_client, session, "plan.dxf", path.read_bytes())
    assert message.startswith("Entity 2 on CAD layer “walls”: “walls” is not a kind")


def test_a_self_intersecting_polygon_is_refused_with_its_place(staff_client, session):
    bowtie = "POLYGON((20 20, 60 60, 60 20, 20 60, 20 20))"
    content = geojson(feature("bench", BENCH), feature("plaza", bowtie))
    message = refused(staff_client, session, "plan.geojson", content)
    assert message.startswith(
        "Feature 2 (Plaza): The shape is not valid: the outline crosses"
    )


def test_a_plan_outside_the_site_is_refused_with_the_feature(staff_client, session):
    far = "POLYGON((1000 1000, 1040 1000, 1040 1040, 1000 1040, 1000 1000))"
    content = geojson(feature("bench", BENCH), feature("green", far))
    message = refused(staff_client, session, "plan.geojson", content)
    assert "Element 2 lies outside the site." in message
    assert "Element 2 is feature 2." in message
    # Outside the town altogether: the intake refuses it, naming the feature.
    content = geojson(
        {
            "type": "Feature",
            "properties": {"kind": "tree"},
            "geometry": {"type": "Point", "coordinates": [77.5, 52.04]},
        }
    )
    message = refused(staff_client, session, "plan.geojson", content)
    assert message.startswith("Feature 1 (Tree): The shape lies outside Aksu")


def test_overlapping_zones_are_refused_naming_both_features(staff_client, session):
    content = geojson(
        feature("playground", PLAYGROUND),
        feature("bench", BENCH),
        feature("sport", "POLYGON((40 40, 80 40, 80 80, 40 80, 40 40))"),
    )
    message = refused(staff_client, session, "plan.geojson", content)
    assert "Element 1 is feature 1. Element 3 is feature 3." in message


def test_a_too_large_file_is_refused(staff_client, session, settings):
    settings.BIRGE_PLAN_MAX_BYTES = 1_000
    content = geojson(*[feature("bench", BENCH, label="x" * 100)] * 20)
    assert "larger than" in refused(
        staff_client, session, "plan.geojson", content, status=413
    )


def test_too_many_features_are_refused(staff_client, session, settings):
    settings.BIRGE_PLAN_MAX_FEATURES = 2
    content = geojson(*[feature("bench", BENCH)] * 3)
    assert "more than 2 features" in refused(
        staff_client, session, "plan.geojson", content
    )


def test_a_geopackage_with_a_view_is_refused_before_gdal_reads_it(
    staff_client, session, tmp_path
):
    path = tmp_path / "plan.gpkg"
    pyogrio.raw.write(
        path,
        np.array([bytes(utm(BENCH).transform(4326, clone=True).wkb)], dtype=object),
        [np.array(["bench"], dtype=object)],
        ["kind"],
        layer="objects",
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    # GDAL's own tool writes the view (Debian's gdal-bin, installed for the tests).
    subprocess.run(
        ["ogrinfo", str(path), "-sql", "CREATE VIEW sneaky AS SELECT * FROM objects"],
        check=True,
        capture_output=True,
    )
    assert "view “sneaky”" in refused(
        staff_client, session, "plan.gpkg", path.read_bytes()
    )


def test_an_open_polyline_on_a_zone_layer_is_named(staff_client, session, tmp_path):
    path = tmp_path / "plan.dxf"
    pyogrio.raw.write(
        path,
        np.array([bytes(utm("LINESTRING(20 20, 60 20, 60 60)").wkb)], dtype=object),
        [np.array(["plaza"], dtype=object)],
        ["Layer"],
        driver="DXF",
        geometry_type="LineString",
        crs=f"EPSG:{UTM}",
    )
    message = refused(staff_client, session, "plan.dxf", path.read_bytes())
    assert message.startswith("Entity 1 on CAD layer “plaza”: the polyline is open.")


def test_a_session_without_submitted_concepts_exports_empty_files(
    client, session, tmp_path
):
    assert json.loads(export(client, session, "geojson").content)["features"] == []
    path = tmp_path / "empty.gpkg"
    path.write_bytes(export(client, session, "gpkg").content)
    assert [str(name) for name, _type in pyogrio.list_layers(path)] == ["agreement"]
    path = tmp_path / "empty.dxf"
    path.write_bytes(export(client, session, "dxf").content)
    assert len(pyogrio.raw.read(path, layer="entities")[2]) == 0


def test_a_hatched_area_with_its_outline_counts_once(staff_client, session, tmp_path):
    path = tmp_path / "plan.dxf"
    playground = utm(PLAYGROUND)
    pyogrio.set_gdal_config_options({"DXF_WRITE_HATCH": "YES"})
    try:
        pyogrio.raw.write(  # a solid hatch and, on top, its boundary polyline
            path,
            np.array(
                [bytes(playground.wkb), bytes(playground.exterior_ring.wkb)],
                dtype=object,
            ),
            [np.array(["playground", "playground"], dtype=object)],
            ["Layer"],
            driver="DXF",
            geometry_type="Unknown",
            crs=f"EPSG:{UTM}",
        )
    finally:
        pyogrio.set_gdal_config_options({"DXF_WRITE_HATCH": None})
    assert b"\nHATCH\n" in path.read_bytes()
    response = upload(staff_client, session, "plan.dxf", path.read_bytes())
    assert response.status_code == 302, refusal_of(response)
    assert stored(session)[1] == [("playground", pytest.approx(1600, abs=0.5))]
