"""Moderation: communities and meeting places can be hidden by a moderator (the
row and its text stay as written). Their layers are not counted in cells, and the
concerns' cells do not depend on them, so no trigger changes here."""

from django.db import migrations, models


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


class Migration(migrations.Migration):
    dependencies = [("community_map", "0005_tiles")]

    operations = [*moderated("community"), *moderated("meetingplace")]
