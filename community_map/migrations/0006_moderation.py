# Reserved for the moderation work of issue 7; filled in by its author.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("community_map", "0005_tiles")]

    operations: list[migrations.operations.base.Operation] = []
