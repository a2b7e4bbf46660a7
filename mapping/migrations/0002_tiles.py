"""Layer versions and cluster counts for vector tiles (mapping.tiles.db)."""

from django.db import migrations

from mapping.tiles.db import DROP_FUNCTIONS, FUNCTIONS, touch_triggers

TOUCH = [
    touch_triggers("mapping_town", "towns", "districts", "sites"),
    touch_triggers("mapping_district", "districts"),
    touch_triggers("mapping_site", "sites"),
]


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        *[migrations.RunSQL(create, drop) for create, drop in TOUCH],
    ]
