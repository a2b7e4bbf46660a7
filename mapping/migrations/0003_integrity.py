# Integrity (issue 7): a town's centre passes the same geometry checks as every
# other stored shape (docs/integrity.md).
import django.db.models.lookups
from django.db import migrations, models

import mapping.db


class Migration(migrations.Migration):
    dependencies = [("mapping", "0002_tiles")]

    operations = [
        migrations.AddConstraint(
            model_name="town",
            constraint=models.CheckConstraint(
                condition=models.Q(("centre__isvalid", True)),
                name="mapping_town_centre_valid",
                violation_error_message="The %(name)s shape is not valid.",
            ),
        ),
        migrations.AddConstraint(
            model_name="town",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(mapping.db.IsEmpty("centre"), False)
                ),
                name="mapping_town_centre_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="town",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        mapping.db.NPoints("centre"), 50000
                    )
                ),
                name="mapping_town_centre_max_points",
            ),
        ),
    ]
