"""A layer's (version, changed) as a function, for the tile statements.

A tile answer carries its layer's version. As a subquery in the tile statement,
PostgreSQL planned the lookup again on every call (the tile statement gets a
custom plan for its z/x/y): 0.07 ms per cold tile. Inside PL/pgSQL the lookup
keeps its own plan and the tile statement plans only a call: 0.016 ms.
(docs/performance.md). STABLE: it reads with the calling statement's snapshot,
so the version and the tile it comes with are of the same moment.
"""

from django.db import migrations

STAMP = """
CREATE FUNCTION mapping_layer_stamp(
    name text, OUT version bigint, OUT changed timestamptz
) STABLE LANGUAGE plpgsql AS $$
BEGIN
    SELECT v.version, v.changed INTO version, changed
    FROM mapping_layer_version v WHERE v.layer = name;
    version := coalesce(version, 0);  -- a layer never written: 0, no time
END $$;
"""

DROP_STAMP = "DROP FUNCTION IF EXISTS mapping_layer_stamp(text);"


class Migration(migrations.Migration):
    dependencies = [("mapping", "0003_integrity")]

    operations = [migrations.RunSQL(STAMP, DROP_STAMP)]
