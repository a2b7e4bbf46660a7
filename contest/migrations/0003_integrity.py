# Integrity (issue 7): what spans two rows of a contest, held by the database.
# A juror scores only drawings of their own contest, and an award belongs to the
# contest of its drawing (docs/integrity.md).
from django.db import migrations

SAME_CONTEST = """
CREATE FUNCTION contest_score_same_contest() RETURNS trigger AS $$
BEGIN
    IF (SELECT contest_id FROM contest_drawing WHERE id = NEW.drawing_id)
       IS DISTINCT FROM
       (SELECT contest_id FROM contest_jurymember WHERE id = NEW.juror_id) THEN
        RAISE EXCEPTION 'juror % cannot score drawing % of another contest',
                NEW.juror_id, NEW.drawing_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'contest_score_same_contest';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER contest_score_same_contest
    BEFORE INSERT OR UPDATE OF drawing_id, juror_id ON contest_juryscore
    FOR EACH ROW EXECUTE FUNCTION contest_score_same_contest();

CREATE FUNCTION contest_award_same_contest() RETURNS trigger AS $$
BEGIN
    IF (SELECT contest_id FROM contest_drawing WHERE id = NEW.drawing_id)
       IS DISTINCT FROM NEW.contest_id THEN
        RAISE EXCEPTION 'award % is for a drawing of another contest', NEW.id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'contest_award_same_contest';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER contest_award_same_contest
    BEFORE INSERT OR UPDATE OF drawing_id, contest_id ON contest_award
    FOR EACH ROW EXECUTE FUNCTION contest_award_same_contest();
"""

REVERSE = """
DROP TRIGGER IF EXISTS contest_award_same_contest ON contest_award;
DROP FUNCTION IF EXISTS contest_award_same_contest();
DROP TRIGGER IF EXISTS contest_score_same_contest ON contest_juryscore;
DROP FUNCTION IF EXISTS contest_score_same_contest();
"""


class Migration(migrations.Migration):
    dependencies = [("contest", "0002_moderation")]

    operations = [migrations.RunSQL(SAME_CONTEST, REVERSE)]
