# Integrity (issue 7): an import's staged locations pass the same geometry checks
# as the concerns they become (docs/integrity.md).
import django.db.models.lookups
from django.db import migrations, models

import mapping.db


class Migration(migrations.Migration):
    dependencies = [("community_map", "0006_moderation")]

    operations = [
        migrations.AddConstraint(
            model_name="concernimportrow",
            constraint=models.CheckConstraint(
                condition=models.Q(("location__isvalid", True)),
                name="community_map_concernimportrow_location_valid",
                violation_error_message="The %(name)s shape is not valid.",
            ),
        ),
        migrations.AddConstraint(
            model_name="concernimportrow",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        mapping.db.IsEmpty("location"), False
                    )
                ),
                name="community_map_concernimportrow_location_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="concernimportrow",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        mapping.db.NPoints("location"), 50000
                    )
                ),
                name="community_map_concernimportrow_location_max_points",
            ),
        ),
    ]
