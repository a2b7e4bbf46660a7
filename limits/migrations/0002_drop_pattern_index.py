from django.db import migrations

# Django gives text primary keys a second, pattern-matching index (created after
# 0001's own SQL ran). No query here uses LIKE, and each insert would pay for it.
DROP_PATTERN_INDEX = """
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT indexname FROM pg_indexes
        WHERE tablename = 'limits_ratecounter' AND indexname LIKE '%\\_like'
    LOOP
        EXECUTE format('DROP INDEX %I', name);
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("limits", "0001_initial")]

    operations = [migrations.RunSQL(DROP_PATTERN_INDEX, migrations.RunSQL.noop)]
