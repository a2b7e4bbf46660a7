"""Hostile query strings and paths: the OGC API, the tiles and the API."""

from __future__ import annotations

from .common import add


def queries() -> None:
    """Hostile query strings and paths, for the OGC API, the tiles and the API."""

    def get(
        name: str, address: str, words: list[str], why: str, status: int = 400, **kw
    ):
        add(
            "query",
            name,
            None,
            endpoints=["request"],
            mentions=words,
            why=why,
            url=address,
            status=[status],
            **kw,
        )

    items = "/ogc/collections/proposals/items"
    for name, query, words in [
        ("bbox-nan", "bbox=NaN,NaN,NaN,NaN", ["must be a number", "NaN"]),
        ("bbox-inf", "bbox=-inf,-inf,inf,inf", ["must be a number"]),
        ("bbox-overflow", "bbox=1e309,0,2e309,1", ["between -180 and 180"]),
        ("bbox-three", "bbox=1,2,3", ["four numbers"]),
        ("bbox-seven", "bbox=1,2,3,4,5,6,7", ["four numbers"]),
        ("bbox-empty", "bbox=", ["four numbers"]),
        ("bbox-words", "bbox=west,south,east,north", ["must be a number"]),
        ("bbox-hex", "bbox=0x10,0,1,1", ["must be a number"]),
        ("bbox-west-of-east", "bbox=77,52,76,53", ["west edge"]),
        ("bbox-south-of-north", "bbox=76,53,77,52", ["south edge"]),
        ("bbox-longitude-range", "bbox=-181,0,0,1", ["between -180 and 180"]),
        ("bbox-latitude-range", "bbox=0,-91,1,0", ["between -90 and 90"]),
        ("bbox-nul", "bbox=%00,1,2,3", ["must be a number"]),
        ("bbox-many-commas", "bbox=" + "," * 5000, ["four numbers"]),
        ("bbox-twice", "bbox=0,0,1,1&bbox=0,0,2,2", ["only once"]),
        ("bbox-unicode-digits", "bbox=%D9%A1,0,2,1", ["must be a number"]),
        ("bbox-crs-3857", "bbox=0,0,1,1&bbox-crs=EPSG:3857", ["can only be"]),
        ("limit-zero", "limit=0", ["“limit” must be a whole number"]),
        ("limit-negative", "limit=-1", ["“limit” must be a whole number"]),
        ("limit-word", "limit=all", ["“limit” must be a whole number"]),
        ("limit-decimal", "limit=1.5", ["“limit” must be a whole number"]),
        ("limit-exponent", "limit=1e3", ["“limit” must be a whole number"]),
        ("limit-empty", "limit=", ["“limit” must be a whole number"]),
        (
            "limit-arabic-digits",
            "limit=%D9%A1%D9%A0",
            ["“limit” must be a whole number"],
        ),
        ("limit-space", "limit=%2010", ["“limit” must be a whole number"]),
        ("offset-negative", "offset=-1", ["“offset” must be a whole number"]),
        ("offset-decimal", "offset=1.5", ["“offset” must be a whole number"]),
        ("offset-huge", "offset=" + "9" * 30, ["“offset” must be a whole number"]),
        (
            "offset-thousands-of-digits",
            "offset=" + "9" * 5000,
            ["“offset” must be a whole number"],
        ),
        ("after-negative", "after=-1", ["“after” must be a whole number"]),
        ("after-past-bigint", "after=9223372036854775808", ["“after” must be"]),
        ("after-thousands-of-digits", "after=" + "9" * 5000, ["“after” must be"]),
        ("after-sql", "after=1%20OR%201%3D1", ["“after” must be a whole number"]),
        ("format-html", "f=html", ["JSON only"]),
        ("format-twice", "f=json&f=json", ["only once"]),
        ("datetime", "datetime=2020-01-01T00:00:00Z", ["no time to filter by"]),
        (
            "unknown-parameter",
            "filter=kind%3D%27x%27%20OR%201%3D1",
            ["“filter” is not known"],
        ),
        (
            "sql-in-parameter-name",
            "bbox%27%3BDROP%20TABLE%20x%3B--=1",
            ["is not known"],
        ),
    ]:
        get(f"ogc-{name}", f"{items}?{query}", words, f"an OGC items query: {name}")
    for name, address, words in [
        (
            "ogc-unknown-collection",
            "/ogc/collections/passwords/items",
            ["no collection called"],
        ),
        (
            "ogc-traversal",
            "/ogc/collections/..%2F..%2Fetc%2Fpasswd/items",
            ["Nothing is at this address"],
        ),
        (
            "ogc-feature-word",
            "/ogc/collections/proposals/items/abc",
            ["no public feature"],
        ),
        (
            "ogc-feature-negative",
            "/ogc/collections/proposals/items/-1",
            ["no public feature"],
        ),
        (
            "ogc-feature-huge",
            "/ogc/collections/proposals/items/" + "9" * 40,
            ["no public feature"],
        ),
        (
            "ogc-feature-arabic-digits",
            "/ogc/collections/proposals/items/%D9%A1",
            ["no public feature"],
        ),
        (
            "ogc-feature-sql",
            "/ogc/collections/proposals/items/1%20OR%201=1",
            ["no public feature"],
        ),
        ("ogc-nowhere", "/ogc/admin/", ["Nothing is at this address"]),
    ]:
        get(name, address, words, f"an OGC path that leads nowhere: {name}", status=404)
    get(
        "ogc-api-yaml", "/ogc/api?f=yaml", ["JSON only"], "the OGC API document as YAML"
    )
    get(
        "ogc-landing-unknown",
        "/ogc/?service=WFS&request=GetFeature",
        ["is not known"],
        "a WFS request sent to the OGC API",
    )

    for name, address, words in [
        ("tile-zoom-23", "/tiles/proposals/23/0/0.mvt", ["no tile 0/0 at zoom 23"]),
        ("tile-x-past-edge", "/tiles/proposals/1/2/0.mvt", ["no tile 2/0 at zoom 1"]),
        ("tile-y-past-edge", "/tiles/proposals/1/0/2.mvt", ["no tile 0/2 at zoom 1"]),
        ("tile-x-huge", "/tiles/proposals/0/" + "9" * 30 + "/0.mvt", ["no tile"]),
        ("tile-zoom-huge", "/tiles/proposals/" + "9" * 30 + "/0/0.mvt", ["no tile"]),
        (
            "tile-zoom-5000-digits",
            "/tiles/proposals/" + "9" * 5000 + "/0/0.mvt",
            ["Nothing is here"],
        ),
        ("tile-negative", "/tiles/proposals/-1/0/0.mvt", ["Nothing is here"]),
        (
            "tile-unknown-layer",
            "/tiles/users/0/0/0.mvt",
            ["no map layer called “users”"],
        ),
        (
            "tilejson-unknown-layer",
            "/tiles/secrets.json",
            ["no map layer called “secrets”"],
        ),
        ("tile-traversal", "/tiles/..%2F..%2Fetc/0/0/0.mvt", ["Nothing is here"]),
        ("tile-pbf", "/tiles/proposals/0/0/0.pbf", ["Nothing is here"]),
    ]:
        get(name, address, words, f"a tile that does not exist: {name}", status=404)

    for name, address, words in [
        ("api-unknown-town", "/api/v1/towns/atlantis/", ["no town “atlantis”"]),
        (
            "api-town-unicode",
            "/api/v1/towns/%D0%B0%D2%9B%D1%81%D1%83/",
            ["Nothing is here"],
        ),
        ("api-town-traversal", "/api/v1/towns/..%2F..%2Fadmin/", ["Nothing is here"]),
    ]:
        get(
            name,
            address,
            words,
            f"an API address that leads nowhere: {name}",
            status=404,
        )
    for name, query, words in [
        ("types-unknown", "types=Circle", ["Unknown geometry type in ?types: Circle"]),
        ("types-nul", "types=Point,%00", ["Unknown geometry type"]),
        (
            "types-geometrycollection",
            "types=GeometryCollection",
            ["Unknown geometry type"],
        ),
        ("types-long", "types=" + "Point," * 2000 + "X", ["Unknown geometry type"]),
    ]:
        get(
            f"api-check-{name}",
            f"/api/v1/towns/{{town}}/geometry/check/?{query}",
            words,
            f"a hostile ?types for the geometry check: {name}",
            method="POST",
            body='{"type": "Point", "coordinates": [76.931, 52.041]}',
        )
