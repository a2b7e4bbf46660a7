"""The database coarsens private concerns and finds their district on every write.

A trigger, not Python, so the import's bulk statement, the admin, the forms and raw
SQL all go through it: no row can reach a public map with its exact private point.
The grid size must match ``community_map.privacy.PUBLIC_GRID_M``.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION community_map_concern_place() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    utm integer;
    grid CONSTANT double precision := 100;
    surface geometry;
    local geometry;
BEGIN
    SELECT utm_srid INTO utm FROM mapping_town WHERE id = NEW.town_id;
    surface := ST_PointOnSurface(NEW.location);
    IF NEW.private THEN
        local := ST_Transform(surface, utm);
        NEW.public_point := ST_Transform(
            ST_SetSRID(
                ST_MakePoint(
                    (floor(ST_X(local) / grid) + 0.5) * grid,
                    (floor(ST_Y(local) / grid) + 0.5) * grid
                ),
                utm
            ),
            4326
        );
    ELSE
        NEW.public_point := surface;
    END IF;
    NEW.district_id := (
        SELECT d.id FROM mapping_district d
        WHERE d.town_id = NEW.town_id AND ST_Intersects(d.boundary, surface)
        ORDER BY d.id LIMIT 1
    );
    RETURN NEW;
END
$$;

CREATE TRIGGER community_map_concern_place
BEFORE INSERT OR UPDATE OF location, private, town_id, public_point, district_id
ON community_map_concern
FOR EACH ROW EXECUTE FUNCTION community_map_concern_place();
"""

REVERSE = """
DROP TRIGGER IF EXISTS community_map_concern_place ON community_map_concern;
DROP FUNCTION IF EXISTS community_map_concern_place();
"""


class Migration(migrations.Migration):
    dependencies = [("community_map", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTION, REVERSE)]
