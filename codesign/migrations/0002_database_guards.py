"""Invariants that involve more than one row, kept by the database itself.

Python checks them first with a clear message; these triggers are the backstop
for every other writer (raw SQL, a bug, a race between two requests).
"""

from django.db import migrations

CAP = """
CREATE FUNCTION codesign_proposal_within_cap() RETURNS trigger AS $$
DECLARE
    campaign_cap bigint;
BEGIN
    IF NEW.status IN ('accepted', 'on_ballot', 'selected', 'in_progress', 'built') THEN
        SELECT cap INTO campaign_cap FROM codesign_campaign WHERE id = NEW.campaign_id;
        IF NEW.cost > campaign_cap THEN
            RAISE EXCEPTION 'proposal % costs % over the cap of %',
                NEW.id, NEW.cost, campaign_cap
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'codesign_proposal_within_cap';
        END IF;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER codesign_proposal_within_cap
    BEFORE INSERT OR UPDATE OF cost, status, campaign_id ON codesign_proposal
    FOR EACH ROW EXECUTE FUNCTION codesign_proposal_within_cap();
"""

BALLOT = """
CREATE FUNCTION codesign_ballot_within_limits() RETURNS trigger AS $$
DECLARE
    b record;
    c record;
    n integer;
    points_sum integer;
    cost_sum bigint;
    strangers integer;
    plural_points integer;
BEGIN
    SELECT * INTO b FROM codesign_ballot
        WHERE id = COALESCE(NEW.ballot_id, OLD.ballot_id);
    IF NOT FOUND THEN
        RETURN NULL;  -- the ballot itself was deleted
    END IF;
    SELECT * INTO c FROM codesign_campaign WHERE id = b.campaign_id;
    SELECT count(*), coalesce(sum(ch.points), 0), coalesce(sum(p.cost), 0),
           count(*) FILTER (WHERE p.campaign_id <> b.campaign_id
                            OR p.status NOT IN ('on_ballot', 'selected', 'not_selected',
                                                'in_progress', 'built')),
           count(*) FILTER (WHERE ch.points <> 1)
      INTO n, points_sum, cost_sum, strangers, plural_points
      FROM codesign_ballotchoice ch JOIN codesign_proposal p ON p.id = ch.proposal_id
     WHERE ch.ballot_id = b.id;
    IF strangers > 0 THEN
        RAISE EXCEPTION 'ballot % names a project that is not on this ballot', b.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits';
    END IF;
    IF c.ballot_type = 'approval' AND (n > c.max_choices OR plural_points > 0) THEN
        RAISE EXCEPTION 'ballot % ticks % projects, at most % allowed', b.id, n, c.max_choices
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits';
    END IF;
    IF c.ballot_type = 'knapsack' AND (cost_sum > c.budget OR plural_points > 0) THEN
        RAISE EXCEPTION 'ballot % spends % over the budget %', b.id, cost_sum, c.budget
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits';
    END IF;
    IF c.ballot_type = 'cumulative' AND points_sum > c.max_points THEN
        RAISE EXCEPTION 'ballot % gives % points, at most %', b.id, points_sum, c.max_points
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER codesign_ballot_within_limits
    AFTER INSERT OR UPDATE OR DELETE ON codesign_ballotchoice
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION codesign_ballot_within_limits();
"""

REVERSE = """
DROP TRIGGER IF EXISTS codesign_ballot_within_limits ON codesign_ballotchoice;
DROP FUNCTION IF EXISTS codesign_ballot_within_limits();
DROP TRIGGER IF EXISTS codesign_proposal_within_cap ON codesign_proposal;
DROP FUNCTION IF EXISTS codesign_proposal_within_cap();
"""


class Migration(migrations.Migration):
    dependencies = [("codesign", "0001_budgeting")]

    operations = [migrations.RunSQL(CAP + BALLOT, REVERSE)]
