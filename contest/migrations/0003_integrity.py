# Reserved for the integrity work of issue 7; filled in by its author.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contest", "0002_moderation")]

    operations: list[migrations.operations.base.Operation] = []
