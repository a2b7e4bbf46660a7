"""Known answers for every comparison metric, on shapes worked out by hand."""

from __future__ import annotations

import json
import math
from io import StringIO

import numpy as np
import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import LineString, Point, Polygon, box

from codesign.comparison import (
    KINDS,
    Concept,
    ConceptError,
    Element,
    compare,
    compare_many,
    distance_matrix,
)
from codesign.comparison.fuzzy import Grid, near_squared, rasterise

SITE = box(0, 0, 100, 100)  # 1 ha, 10,000 cells of 1 m²


def concept(*elements: tuple[str, object], site: Polygon = SITE) -> Concept:
    return Concept(site, [Element(kind, geometry) for kind, geometry in elements])


LEFT_HALF = ("green", box(0, 0, 50, 100))
LEFT_THREE_QUARTERS = ("green", box(0, 0, 75, 100))


# --- composition, overlap, disagreement -------------------------------------------


def test_shares_and_quantity_disagreement():
    result = compare(concept(LEFT_HALF), concept(LEFT_THREE_QUARTERS))
    assert result.zones["green"].share_a == pytest.approx(0.5)
    assert result.zones["green"].share_b == pytest.approx(0.75)
    assert result.unassigned_a == pytest.approx(0.5)
    assert result.unassigned_b == pytest.approx(0.25)
    # Q = ½(|0.5 − 0.75| green + |0.5 − 0.25| unassigned) = 0.25
    assert result.quantity_disagreement == pytest.approx(0.25)


def test_iou_dice_and_allocation_when_one_zone_contains_the_other():
    result = compare(concept(LEFT_HALF), concept(LEFT_THREE_QUARTERS))
    green = result.zones["green"]
    assert green.common_m2 == pytest.approx(5000)
    assert green.iou == pytest.approx(5000 / 7500)
    assert green.dice == pytest.approx(2 * 5000 / (5000 + 7500))  # 0.8
    # Agreement: 5000 m² green + 2500 m² unassigned (x > 75) → D = 1 − 0.75.
    assert result.total_disagreement == pytest.approx(0.25)
    # All of it is quantity: A = D − Q = 0.
    assert result.allocation_disagreement == pytest.approx(0.0)
    assert result.zones["sport"].iou is None  # empty in both
    assert result.zones["sport"].dice is None


def test_same_amounts_in_other_places_is_allocation_disagreement():
    top_half = ("green", box(0, 50, 100, 100))
    result = compare(concept(LEFT_HALF), concept(top_half))
    assert result.quantity_disagreement == pytest.approx(0.0)
    # Green agrees on the top-left quarter, unassigned on the bottom-right one.
    assert result.total_disagreement == pytest.approx(0.5)
    assert result.allocation_disagreement == pytest.approx(0.5)
    assert result.zones["green"].iou == pytest.approx(2500 / 7500)
    assert result.zones["green"].dice == pytest.approx(0.5)


def test_kind_mismatch_counts_against_both_kinds():
    result = compare(concept(LEFT_HALF), concept(("garden", box(0, 0, 50, 100))))
    assert result.zones["green"].iou == 0.0
    assert result.zones["garden"].iou == 0.0
    assert result.quantity_disagreement == pytest.approx(0.5)
    assert result.total_disagreement == pytest.approx(0.5)
    assert result.allocation_disagreement == pytest.approx(0.0)


def test_zones_are_clipped_to_the_site():
    spilling = ("water", box(-50, 0, 50, 100))  # half of it outside the site
    result = compare(concept(spilling), concept(spilling))
    assert result.zones["water"].share_a == pytest.approx(0.5)
    assert result.zones["water"].common_m2 == pytest.approx(5000)


# --- fuzzy agreement ----------------------------------------------------------------


def test_fuzzy_agreement_of_nested_zones_by_hand():
    result = compare(concept(LEFT_HALF), concept(LEFT_THREE_QUARTERS))
    # Cells with centres x = 50.5 … 74.5 disagree (unassigned vs green). For a cell
    # at x the two one-way similarities are exp(−(75.5 − x)/5) (to b's nearest
    # unassigned cell) and exp(−(x − 49.5)/5) (to a's nearest green cell), each 0
    # past 3·5 m; the two-way value is their minimum, non-zero only for
    # x = 60.5 … 64.5: e^−3, e^−2.8, e^−2.6, e^−2.8, e^−3 per row of 100 cells.
    row = 2 * math.exp(-3) + 2 * math.exp(-2.8) + math.exp(-2.6)
    assert result.fuzzy_agreement == pytest.approx((7500 + 100 * row) / 10_000)
    # Green alone: the 7,500 cells either map calls green.
    assert result.zones["green"].fuzzy == pytest.approx((5000 + 100 * row) / 7500)
    assert result.scores["zones"] == result.fuzzy_agreement


def test_fuzzy_forgives_a_one_metre_shift_but_not_the_other_side():
    strip = ("playground", box(10, 10, 30, 90))
    shifted = ("playground", box(11, 10, 31, 90))
    opposite = ("playground", box(70, 10, 90, 90))
    near = compare(concept(strip), concept(shifted), tolerance_m=5)
    far = compare(concept(strip), concept(opposite), tolerance_m=5)
    assert near.zones["playground"].fuzzy > 0.8
    assert near.zones["playground"].iou < near.zones["playground"].fuzzy
    assert far.zones["playground"].fuzzy < 0.2
    # A larger tolerance forgives more.
    wide = compare(concept(strip), concept(shifted), tolerance_m=10)
    assert wide.zones["playground"].fuzzy > near.zones["playground"].fuzzy


def test_rasterise_matches_cell_centres_in_a_polygon_with_a_hole():
    ring = shapely.buffer(Point(50, 50), 40).difference(box(40, 40, 60, 60))
    grid = Grid.over(SITE, cell_m=1.0, max_cells=250_000)
    xs = grid.x0 + (np.arange(grid.cols) + 0.5) * grid.cell
    ys = grid.y0 + (np.arange(grid.rows) + 0.5) * grid.cell
    x, y = np.meshgrid(xs, ys)
    expected = shapely.contains_xy(ring, x, y)
    assert (rasterise(ring, grid) == expected).all()
    assert grid.inside.all()


def test_distance_transform_is_exact_within_its_radius():
    rng = np.random.default_rng(7)
    mask = rng.random((40, 50)) < 0.01
    d2 = near_squared(mask, radius=8)
    rows, cols = np.nonzero(mask)
    r, c = np.indices(mask.shape)
    brute = ((r[..., None] - rows) ** 2 + (c[..., None] - cols) ** 2).min(axis=2)
    within = brute <= 64
    assert (d2[within] == brute[within]).all()
    assert (d2[~within] > 64).all()


def test_big_sites_use_coarser_cells():
    big = box(0, 0, 2000, 2000)  # 400 ha would be 4 M cells of 1 m
    grid = Grid.over(big, cell_m=1.0, max_cells=10_000)
    assert grid.cell == pytest.approx(20.0)
    park = ("green", box(0, 0, 1000, 2000))
    result = compare(concept(park, site=big), concept(park, site=big), max_cells=10_000)
    assert result.fuzzy_agreement == 1.0


# --- paths and objects --------------------------------------------------------------


def footpath(y: float, x0: float = 0, x1: float = 100) -> tuple[str, LineString]:
    return ("footpath", LineString([(x0, y), (x1, y)]))


def test_parallel_paths_four_metres_apart_agree():
    path = compare(concept(footpath(50)), concept(footpath(54))).paths["footpath"]
    assert path.length_a_m == pytest.approx(100)
    assert path.hausdorff_m == pytest.approx(4.0)
    assert path.within_a == path.within_b == path.within == pytest.approx(1.0)


def test_parallel_paths_twenty_metres_apart_do_not():
    path = compare(concept(footpath(50)), concept(footpath(70))).paths["footpath"]
    assert path.hausdorff_m == pytest.approx(20.0)
    assert path.within == pytest.approx(0.0)


def test_half_a_path_lies_along_the_other():
    path = compare(concept(footpath(50)), concept(footpath(50, 0, 50))).paths[
        "footpath"
    ]
    assert path.hausdorff_m == pytest.approx(50.0)  # from a's end (100, 50)
    # Within 10 m of b: a's first 60 m (b ends at x = 50, plus 10 m).
    assert path.within_a == pytest.approx(0.6, abs=0.01)
    assert path.within_b == pytest.approx(1.0)
    assert path.within == pytest.approx(0.8, abs=0.005)


def test_paths_of_another_kind_do_not_count():
    cycle = ("cyclepath", LineString([(0, 50), (100, 50)]))
    result = compare(concept(footpath(50)), concept(cycle))
    assert result.paths["footpath"].hausdorff_m is None
    assert result.paths["footpath"].within is None
    assert result.scores["paths"] == 0.0  # both kinds drawn by one side only


def test_objects_three_metres_apart():
    result = compare(
        concept(("bench", Point(10, 10)), ("bench", Point(60, 60))),
        concept(("bench", Point(13, 10)), ("bench", Point(60, 63))),
    )
    bench = result.objects["bench"]
    assert (bench.count_a, bench.count_b) == (2, 2)
    assert bench.mean_nearest_m == pytest.approx(3.0)
    assert bench.agreement == pytest.approx(math.exp(-3 / 20))
    assert result.objects["tree"].mean_nearest_m is None


def test_object_distance_is_the_mean_of_both_directions():
    result = compare(
        concept(("lamp", Point(10, 10)), ("lamp", Point(50, 10))),
        concept(("lamp", Point(10, 13))),
    )
    lamp = result.objects["lamp"]
    a_to_b = (3 + math.hypot(40, 3)) / 2
    assert lamp.mean_nearest_m == pytest.approx((a_to_b + 3) / 2)
    assert lamp.agreement == pytest.approx(math.exp(-lamp.mean_nearest_m / 20) * 0.5)


def test_objects_outside_the_site_are_ignored():
    result = compare(
        concept(("tree", Point(10, 10)), ("tree", Point(500, 500))),
        concept(("tree", Point(10, 10))),
    )
    assert result.objects["tree"].count_a == 1
    assert result.objects["tree"].mean_nearest_m == 0.0


# --- overall score ------------------------------------------------------------------

OFFICIAL = concept(
    LEFT_HALF,
    ("playground", box(60, 60, 90, 90)),
    footpath(50),
    ("bench", Point(10, 10)),
    ("tree", Point(20, 80)),
)


def test_identical_concepts_score_one():
    result = compare(OFFICIAL, OFFICIAL)
    assert result.overall == 1.0
    assert result.quantity_disagreement == 0.0
    assert result.total_disagreement == pytest.approx(0.0)
    assert result.fuzzy_agreement == 1.0


def test_overall_by_hand():
    resident = concept(LEFT_THREE_QUARTERS, footpath(54), ("bench", Point(13, 10)))
    result = compare(
        concept(LEFT_HALF, footpath(50), ("bench", Point(10, 10))), resident
    )
    row = 2 * math.exp(-3) + 2 * math.exp(-2.8) + math.exp(-2.6)
    fuzzy = (7500 + 100 * row) / 10_000
    expected = 0.4 * fuzzy + 0.2 * (1 - 0.25) + 0.2 * 1.0 + 0.2 * math.exp(-3 / 20)
    assert result.overall == pytest.approx(expected)


def test_score_is_symmetric_and_in_range():
    resident = concept(
        ("green", box(0, 0, 60, 100)),
        ("sport", box(65, 65, 95, 95)),
        footpath(40),
        ("bench", Point(30, 30)),
        ("bench", Point(70, 20)),
    )
    there, back = compare(OFFICIAL, resident), compare(resident, OFFICIAL)
    assert 0.0 < there.overall < 1.0
    assert there.overall == pytest.approx(back.overall)
    assert there.fuzzy_agreement == pytest.approx(back.fuzzy_agreement)
    assert there.zones["green"].share_a == back.zones["green"].share_b
    assert there.paths["footpath"].within_a == back.paths["footpath"].within_b


def test_a_family_drawn_by_one_side_only_scores_zero():
    result = compare(concept(LEFT_HALF, ("art", Point(5, 5))), concept(LEFT_HALF))
    assert result.scores["objects"] == 0.0
    assert result.scores["paths"] is None  # neither drew a path: not weighed
    assert result.overall == pytest.approx((0.4 + 0.2) / 0.8)


def test_compare_many_and_distance_matrix_agree_with_compare():
    others = [
        concept(LEFT_THREE_QUARTERS),
        concept(("green", box(0, 50, 100, 100))),
        OFFICIAL,
    ]
    many = compare_many(OFFICIAL, others)
    assert [c.overall for c in many] == [compare(OFFICIAL, o).overall for o in others]
    matrix = distance_matrix([OFFICIAL, *others])
    assert matrix.shape == (4, 4)
    assert (matrix == matrix.T).all()
    assert (np.diag(matrix) == 0).all()
    assert matrix[0, 3] == pytest.approx(0.0)
    assert matrix[0, 1] == pytest.approx(1 - many[0].overall)


def test_concepts_of_different_sites_do_not_compare():
    with pytest.raises(ValueError, match="another site"):
        compare(OFFICIAL, concept(LEFT_HALF, site=box(0, 0, 50, 50)))


# --- reading GeoJSON ----------------------------------------------------------------


def feature(kind: str, geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"kind": kind}, "geometry": geometry}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
}
POINT = {"type": "Point", "coordinates": [5, 5]}


def read(data: dict, site: dict | None = None) -> Concept:
    return Concept.from_geojson(data, site_geojson=site, to_metres=lambda g: g)


def test_from_geojson_reads_kinds_and_derives_a_site():
    result = read(collection(feature("green", SQUARE), feature("bench", POINT)))
    assert [e.kind for e in result.elements] == ["green", "bench"]
    assert result.site.contains(box(0, 0, 10, 10))  # the hull plus 1 m
    assert result.site.area == pytest.approx(100 + 40 + math.pi, rel=0.01)


def test_unknown_kind_names_the_feature():
    with pytest.raises(ConceptError) as error:
        read(collection(feature("green", SQUARE), feature("fountain", POINT)))
    assert error.value.feature_index == 1
    assert "fountain" in error.value.message


def test_a_point_cannot_be_a_zone():
    with pytest.raises(ConceptError, match="zone") as error:
        read(collection(feature("green", POINT)))
    assert error.value.feature_index == 0


def test_self_crossing_zone_is_refused():
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]],
    }
    with pytest.raises(ConceptError, match="invalid geometry") as error:
        read(collection(feature("plaza", bowtie)))
    assert error.value.feature_index == 0


def test_site_must_be_a_polygon():
    with pytest.raises(ConceptError, match="polygon") as error:
        read(collection(feature("bench", POINT)), site=POINT)
    assert error.value.feature_index is None


def test_vocabulary_has_three_languages_and_a_colour():
    assert len(KINDS) == 15
    for kind in KINDS:
        assert set(kind.names) == {"kk", "ru", "en"}
        assert all(kind.names.values())
        assert kind.colour.startswith("#") and len(kind.colour) == 7
    assert {k.slug: k.family for k in KINDS}["footpath"] == "path"


# --- manage.py compare_concepts -----------------------------------------------------

# Near Aksu (UTM 43N): 0.001° is about 68 m east-west and 111 m north-south here.
LON, LAT = 76.93, 52.04


def lon_lat_box(x0: float, x1: float) -> dict:
    """A box over the whole site's height, from fraction x0 to x1 of its width."""
    w, e = LON + 0.001 * x0, LON + 0.001 * x1
    ring = [[w, LAT], [e, LAT], [e, LAT + 0.001], [w, LAT + 0.001], [w, LAT]]
    return {"type": "Polygon", "coordinates": [ring]}


def write(tmp_path, name: str, data: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    out = StringIO()
    call_command("compare_concepts", *args, stdout=out)
    return out.getvalue()


def test_command_prints_json_in_metres(tmp_path):
    site = write(tmp_path, "site.geojson", lon_lat_box(0, 1))
    official = write(
        tmp_path, "akimat.geojson", collection(feature("green", lon_lat_box(0, 0.5)))
    )
    same = write(
        tmp_path, "same.geojson", collection(feature("green", lon_lat_box(0, 0.5)))
    )
    wider = write(
        tmp_path, "wider.geojson", collection(feature("green", lon_lat_box(0, 0.75)))
    )
    rows = json.loads(run(official, same, wider, "--site", site, "--format", "json"))
    assert [row["file"] for row in rows] == ["same.geojson", "wider.geojson"]
    assert rows[0]["overall"] == 1.0
    wide = rows[1]
    # Metres in UTM 43N keep the proportions of this small box to a few in 10,000.
    assert wide["zones"]["green"]["share_a"] == pytest.approx(0.5, abs=0.002)
    assert wide["zones"]["green"]["share_b"] == pytest.approx(0.75, abs=0.002)
    assert wide["quantity_disagreement"] == pytest.approx(0.25, abs=0.002)
    assert wide["zones"]["green"]["iou"] == pytest.approx(2 / 3, abs=0.002)
    assert wide["zones"]["sport"]["iou"] is None
    assert wide["overall"] < 1.0
    assert len(str(wide["fuzzy_agreement"]).split(".")[1]) <= 4


def test_command_table_without_a_site(tmp_path):
    official = write(
        tmp_path, "akimat.geojson", collection(feature("green", lon_lat_box(0, 0.5)))
    )
    other = write(
        tmp_path,
        "residents.geojson",
        collection(feature("garden", lon_lat_box(0.5, 1))),
    )
    table = run(official, other)
    assert "residents.geojson" in table.splitlines()[1]
    assert "overall" in table.splitlines()[0]


def test_command_names_a_malformed_file(tmp_path):
    official = write(
        tmp_path, "akimat.geojson", collection(feature("green", lon_lat_box(0, 0.5)))
    )
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.geojson: not JSON"):
        run(official, str(broken))


def test_command_names_the_file_and_feature_of_an_unknown_kind(tmp_path):
    official = write(
        tmp_path, "akimat.geojson", collection(feature("green", lon_lat_box(0, 0.5)))
    )
    odd = write(
        tmp_path,
        "odd.geojson",
        collection(
            feature("green", lon_lat_box(0, 0.5)),
            feature("volcano", lon_lat_box(0.6, 1)),
        ),
    )
    with pytest.raises(
        CommandError, match=r"odd.geojson: feature 1: unknown kind 'volcano'"
    ):
        run(official, odd)
