"""SQL for the triggers that keep layer versions and cluster counts current.

Used by migrations: mapping's own (the tables and functions) and those of the apps
whose tables feed a layer. Every write goes through them, whether it comes from a
form, an import, the admin, ``synth`` or raw SQL.
"""

from __future__ import annotations

from .registry import CLUSTER_SHIFT

FUNCTIONS = r"""
CREATE TABLE mapping_layer_version (
    layer text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    changed timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE mapping_tile_cell (
    layer text NOT NULL,
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 30),
    cx integer NOT NULL,
    cy integer NOT NULL,
    n bigint NOT NULL,
    sx double precision NOT NULL,
    sy double precision NOT NULL,
    PRIMARY KEY (layer, level, cx, cy)
);

-- AFTER ... FOR EACH STATEMENT: one more version for each layer named in the
-- trigger's arguments, in the writer's transaction.
CREATE FUNCTION mapping_layer_touch() RETURNS trigger AS $$
BEGIN
    INSERT INTO mapping_layer_version AS v (layer)
    SELECT name FROM unnest(TG_ARGV) AS name ORDER BY name
    ON CONFLICT (layer) DO UPDATE
        SET version = v.version + 1, changed = clock_timestamp();
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- The statement adding signed points (sign, p in EPSG:3857) to a layer's cells
-- at levels lo..hi; cells are the Web Mercator tiles of that level.
CREATE FUNCTION mapping_tile_cells_sql(layer text, points text, lo int, hi int)
RETURNS text AS $$
    SELECT format($q$
    INSERT INTO mapping_tile_cell AS c (layer, level, cx, cy, n, sx, sy)
    SELECT %L, g.level, g.cx, g.cy, sum(g.sign), sum(g.sign * g.px), sum(g.sign * g.py)
    FROM (
        SELECT pts.sign, ST_X(pts.p) AS px, ST_Y(pts.p) AS py, lv.level,
               floor((ST_X(pts.p) + 20037508.342789244)
                     / (40075016.68557849 / 2 ^ lv.level))::integer AS cx,
               floor((20037508.342789244 - ST_Y(pts.p))
                     / (40075016.68557849 / 2 ^ lv.level))::integer AS cy
        FROM (%s) AS pts CROSS JOIN generate_series(%s, %s) AS lv(level)
        WHERE pts.p IS NOT NULL
    ) AS g
    GROUP BY g.level, g.cx, g.cy
    HAVING sum(g.sign) <> 0
        OR abs(sum(g.sign * g.px)) > 1e-6 OR abs(sum(g.sign * g.py)) > 1e-6
    ORDER BY g.level, g.cx, g.cy
    ON CONFLICT (layer, level, cx, cy) DO UPDATE
        SET n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy
    $q$, layer, points, lo, hi)
$$ LANGUAGE sql IMMUTABLE;

-- AFTER INSERT/UPDATE/DELETE/TRUNCATE ... FOR EACH STATEMENT with transition
-- tables new_rows/old_rows. Arguments: layer, point expression over a row r,
-- the condition that makes r public, lowest and highest level.
CREATE FUNCTION mapping_tile_cells_apply() RETURNS trigger AS $$
DECLARE
    name text := TG_ARGV[0];
    point text := TG_ARGV[1];
    visible text := TG_ARGV[2];
    added text := format('SELECT 1 AS sign, %s AS p FROM new_rows r WHERE %s', point, visible);
    removed text := format('SELECT -1 AS sign, %s AS p FROM old_rows r WHERE %s', point, visible);
    points text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM mapping_tile_cell WHERE layer = name;
        RETURN NULL;
    END IF;
    points := CASE TG_OP
        WHEN 'INSERT' THEN added
        WHEN 'DELETE' THEN removed
        ELSE added || ' UNION ALL ' || removed
    END;
    EXECUTE mapping_tile_cells_sql(name, points, TG_ARGV[3]::int, TG_ARGV[4]::int);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Recount a layer's cells from its table (after a migration, or to repair).
CREATE FUNCTION mapping_tile_cells_rebuild(
    name text, source regclass, point text, visible text, lo int, hi int
) RETURNS void AS $$
BEGIN
    DELETE FROM mapping_tile_cell WHERE layer = name;
    EXECUTE mapping_tile_cells_sql(
        name,
        format('SELECT 1 AS sign, %s AS p FROM %s r WHERE %s', point, source, visible),
        lo, hi);
END $$ LANGUAGE plpgsql;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS mapping_tile_cells_rebuild(text, regclass, text, text, int, int);
DROP FUNCTION IF EXISTS mapping_tile_cells_apply();
DROP FUNCTION IF EXISTS mapping_tile_cells_sql(text, text, int, int);
DROP FUNCTION IF EXISTS mapping_layer_touch();
DROP TABLE IF EXISTS mapping_tile_cell;
DROP TABLE IF EXISTS mapping_layer_version;
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def touch_triggers(table: str, *layers: str) -> tuple[str, str]:
    """(create, drop) SQL: writes to ``table`` move the versions of ``layers``."""
    name = f"{table}_layer_touch"
    args = ", ".join(_literal(layer) for layer in layers)
    create = f"""
    CREATE TRIGGER {name}
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION mapping_layer_touch({args});"""
    return create, f"DROP TRIGGER IF EXISTS {name} ON {table};"


def cell_triggers(
    table: str, layer: str, *, point: str, visible: str, cluster_below: int
) -> tuple[str, str]:
    """(create, drop) SQL keeping ``layer``'s cluster counts from ``table``.

    ``point``: the row's point in EPSG:3857 (``r.`` is the row); ``visible``: the
    condition that makes the row public. Levels 4..cluster_below + 3 serve the
    clustered zooms 0..cluster_below - 1.
    """
    lo, hi = CLUSTER_SHIFT, cluster_below - 1 + CLUSTER_SHIFT
    args = ", ".join(_literal(a) for a in (layer, point, visible, str(lo), str(hi)))
    base = f"{table}_{layer}_cells"
    create = f"""
    CREATE TRIGGER {base}_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION mapping_tile_cells_apply({args});
    CREATE TRIGGER {base}_update AFTER UPDATE ON {table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION mapping_tile_cells_apply({args});
    CREATE TRIGGER {base}_delete AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION mapping_tile_cells_apply({args});
    CREATE TRIGGER {base}_truncate AFTER TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION mapping_tile_cells_apply({args});
    SELECT mapping_tile_cells_rebuild(
        {_literal(layer)}, {_literal(table)}::regclass,
        {_literal(point)}, {_literal(visible)}, {lo}, {hi});"""
    drop = (
        "\n".join(
            f"DROP TRIGGER IF EXISTS {base}_{event} ON {table};"
            for event in ("insert", "update", "delete", "truncate")
        )
        + f"\nDELETE FROM mapping_tile_cell WHERE layer = {_literal(layer)};"
    )
    return create, drop
