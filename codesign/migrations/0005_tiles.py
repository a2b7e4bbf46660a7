"""Proposals on vector tiles: a stored EPSG:3857 copy of the place, indexed, and
the triggers keeping layer versions and cluster counts (mapping.tiles.db)."""

from django.db import migrations

from mapping.tiles.db import cell_triggers, touch_triggers

PROJECTED = """
ALTER TABLE codesign_proposal ADD COLUMN tile_geom geometry(Geometry, 3857)
    GENERATED ALWAYS AS (ST_Transform(geometry, 3857)) STORED;
CREATE INDEX codesign_proposal_tile_geom ON codesign_proposal USING gist (tile_geom);
"""
UNPROJECTED = "ALTER TABLE codesign_proposal DROP COLUMN IF EXISTS tile_geom;"

CLUSTER_BELOW = 15  # codesign.tile_layers.CLUSTER_BELOW
POINT = "ST_PointOnSurface(r.tile_geom)"
TRIGGERS = [
    touch_triggers("codesign_proposal", "built", "proposals"),
    touch_triggers("codesign_campaign", "built", "proposals"),
    touch_triggers("codesign_category", "built", "proposals"),
    cell_triggers(
        "codesign_proposal",
        "proposals",
        point=POINT,
        visible="r.status <> 'draft'",
        cluster_below=CLUSTER_BELOW,
    ),
    cell_triggers(
        "codesign_proposal",
        "built",
        point=POINT,
        visible="r.status IN ('in_progress', 'built')",
        cluster_below=CLUSTER_BELOW,
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("codesign", "0004_session_analysis"),
        ("mapping", "0002_tiles"),
    ]

    operations = [
        migrations.RunSQL(PROJECTED, UNPROJECTED),
        *[migrations.RunSQL(create, drop) for create, drop in TRIGGERS],
    ]
