"""Moderation: proposals and concepts can be hidden by a moderator (the row and its
text stay as written), and the proposal layers' cluster counts leave hidden rows out.

The cell triggers of 0005 are recreated with the new "visible" condition; creating
them recounts the cells from the table, so counts stay exact (mapping.tiles.db).
"""

from django.db import migrations, models

from mapping.tiles.db import cell_triggers


def moderated(model_name: str) -> list[migrations.operations.base.Operation]:
    """The fields moderation.models.Moderated adds to ``model_name``."""
    return [
        migrations.AddField(
            model_name=model_name,
            name="hidden_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hidden at"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="hidden_reason",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="moderator's reason"
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="is_hidden",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="hidden by a moderator"
            ),
        ),
    ]


CLUSTER_BELOW = 15  # codesign.tile_layers.CLUSTER_BELOW
POINT = "ST_PointOnSurface(r.tile_geom)"
VISIBLE = {  # as 0005_tiles had them
    "proposals": "r.status <> 'draft'",
    "built": "r.status IN ('in_progress', 'built')",
}


def recreated(layer: str) -> migrations.RunSQL:
    """The layer's cell triggers again, now leaving hidden proposals out."""
    old_create, old_drop = cell_triggers(
        "codesign_proposal",
        layer,
        point=POINT,
        visible=VISIBLE[layer],
        cluster_below=CLUSTER_BELOW,
    )
    new_create, new_drop = cell_triggers(
        "codesign_proposal",
        layer,
        point=POINT,
        visible=f"({VISIBLE[layer]}) AND NOT r.is_hidden",
        cluster_below=CLUSTER_BELOW,
    )
    return migrations.RunSQL(old_drop + new_create, new_drop + old_create)


class Migration(migrations.Migration):
    dependencies = [("codesign", "0005_tiles")]

    operations = [
        *moderated("proposal"),
        *moderated("concept"),
        recreated("proposals"),
        recreated("built"),
    ]
