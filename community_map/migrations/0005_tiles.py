"""Concerns on vector tiles: a stored EPSG:3857 copy of the public point, indexed,
and the triggers keeping layer versions and cluster counts (mapping.tiles.db).

The copy is of ``public_point``, which the row trigger of 0002 fills before it is
computed: the exact place never reaches a tile."""

from django.db import migrations

from mapping.tiles.db import cell_triggers, touch_triggers

PROJECTED = """
ALTER TABLE community_map_concern ADD COLUMN tile_geom geometry(Point, 3857)
    GENERATED ALWAYS AS (ST_Transform(public_point, 3857)) STORED;
CREATE INDEX community_map_concern_tile_geom
    ON community_map_concern USING gist (tile_geom);
"""
UNPROJECTED = "ALTER TABLE community_map_concern DROP COLUMN IF EXISTS tile_geom;"

CLUSTER_BELOW = 15  # community_map.tile_layers.CLUSTER_BELOW
TRIGGERS = [
    touch_triggers("community_map_concern", "concerns"),
    touch_triggers("community_map_community", "communities", "concerns", "places"),
    touch_triggers("community_map_meetingplace", "places"),
    cell_triggers(
        "community_map_concern",
        "concerns",
        point="r.tile_geom",
        visible="true",
        cluster_below=CLUSTER_BELOW,
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("community_map", "0004_concern_community_protect"),
        ("mapping", "0002_tiles"),
    ]

    operations = [
        migrations.RunSQL(PROJECTED, UNPROJECTED),
        *[migrations.RunSQL(create, drop) for create, drop in TRIGGERS],
    ]
