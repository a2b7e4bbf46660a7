"""An NGO imports a CSV of concerns, fixes what the report flags, sees the map change.

The issue's "done when": the mapper uploads a table, the per-row report flags a row
without a latitude and a row outside the town, the mapper corrects both in the page,
imports, and the concerns map's hexagons and district chart count the new rows.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from community_map.models import Concern

# The community map's shared fixtures: a town with districts west and east, an NGO.
from tests.community_map.conftest import mapper, ngo, record, town  # noqa: F401

# Ten concerns in the east district (76.93–76.96 E), spread over several hexagons.
EAST = [(76.935 + 0.0025 * n, 52.030 + 0.0035 * n) for n in range(10)]


def concerns_csv() -> bytes:
    """Twelve rows; row 5 has no latitude and row 9 lies 40 km east of the town."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "lat", "lon", "category", "date", "text"])
    rows = [
        [f"hl-{n}", f"{lat:.5f}", f"{lon:.5f}", "отопление", "12.01.2025", "Холодно"]
        for n, (lon, lat) in enumerate(EAST, start=1)
    ]
    rows.insert(3, ["hl-11", "", "76.94100", "snow", "2025-01-13", "Not cleared"])
    rows.insert(7, ["hl-12", "52.04000", "77.50000", "lighting", "2025-01-14", "Dark"])
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def before(transactional_db, record):  # noqa: F811
    """Five concerns already on the map, all in the west district."""
    for n in range(5):
        record(76.905 + 0.004 * n, 52.030 + 0.006 * n, category="snow")
    return Concern.objects.count()


def map_state(page, url: str) -> tuple[int, int, dict[str, int]]:
    """Hexagons drawn, concerns counted, and the district chart's counts."""
    page.goto(url + "?view=districts")
    page.wait_for_selector(
        "#map[data-state=ready][data-view=districts]", timeout=30_000
    )
    districts = json.loads(
        page.get_attribute("#district-chart", "data-district-counts")
    )
    page.get_by_label("Hexagons").check()
    page.wait_for_selector("#map[data-state=ready][data-view=hexagons]", timeout=30_000)
    return (
        int(page.get_attribute("#map", "data-hexagons")),
        int(page.get_attribute("#map", "data-total")),
        {slug: n for slug, n in districts.items() if n},
    )


def test_an_ngo_imports_a_csv_fixes_flagged_rows_and_sees_the_map_change(
    page,
    live_server,
    before,
    mapper,  # noqa: F811
    screenshot,
):
    concerns_map = f"{live_server.url}/en/towns/oskemen/concerns/"
    hexagons_before, total_before, districts_before = map_state(page, concerns_map)
    assert (total_before, districts_before) == (5, {"west": 5})

    page.goto(
        f"{live_server.url}/en/accounts/login/?next=/en/towns/oskemen/concerns/import/"
    )
    page.fill("#id_username", "mapper")
    page.fill("#id_password", "x")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/concerns/import/")

    page.get_by_label("File", exact=True).set_input_files(
        {
            "name": "hotline-january.csv",
            "mimeType": "text/csv",
            "buffer": concerns_csv(),
        }
    )
    page.get_by_role("button", name="Upload and preview").click()
    # The preview guessed every column from the header.
    page.get_by_role("button", name="Check rows").click()
    page.wait_for_selector("#flagged-rows", timeout=30_000)
    assert Concern.objects.count() == before, "nothing is saved before the import"

    flagged = page.locator("#flagged-rows tbody tr")
    assert flagged.count() == 2
    row_5, row_9 = page.locator("#row-5"), page.locator("#row-9")
    assert "latitude" in row_5.inner_text().lower()
    assert "outside" in row_9.inner_text().lower()
    screenshot(page, "import-report-flagged")

    row_5.locator("input[name=lat]").fill("52.03900")
    row_5.get_by_role("button", name="Check again").click()
    page.wait_for_selector("#row-9")
    assert page.locator("#row-5").count() == 0
    page.locator("#row-9 input[name=lon]").fill("76.95500")
    page.locator("#row-9").get_by_role("button", name="Check again").click()
    page.wait_for_selector("#flagged-rows", state="detached")

    page.get_by_role("button", name="Import 12 rows").click()
    page.wait_for_selector("#import-summary")
    assert page.locator("#created-count").inner_text() == "12"
    screenshot(page, "import-done")

    hexagons_after, total_after, districts_after = map_state(page, concerns_map)
    assert total_after == 17
    assert hexagons_after > hexagons_before
    assert districts_after == {"west": 5, "east": 12}
    page.wait_for_timeout(500)
    screenshot(page, "import-hexagons-after")
    page.get_by_label("Districts").check()
    page.wait_for_selector("#map[data-state=ready][data-view=districts]")
    page.wait_for_timeout(500)
    screenshot(page, "import-districts-after")

    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(live_server.url)] == []
