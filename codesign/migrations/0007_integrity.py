# Integrity (issue 7): optimistic locking of concepts, values every column knows,
# and the ballot limits held against races and against later changes of the
# campaign or its projects. See docs/integrity.md.
import django.db.models.deletion
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

import mapping.db

BALLOT_ON = "('on_ballot', 'selected', 'not_selected', 'in_progress', 'built')"

# One check of one ballot, shared by the three triggers below. It locks the ballot
# first: a second transaction writing the same ballot waits here until the first
# has committed, and then counts the first one's choices too (under READ
# COMMITTED each statement sees what committed before it started). NO KEY UPDATE,
# not UPDATE: the choices' foreign keys hold KEY SHARE locks on the ballot, which
# UPDATE would wait on, deadlocking two writers of one ballot.
CHECK = f"""
CREATE OR REPLACE FUNCTION codesign_ballot_check(ballot_id bigint)
RETURNS void AS $$
DECLARE
    b record;
    c record;
    n integer;
    points_sum integer;
    cost_sum bigint;
    strangers integer;
    plural_points integer;
BEGIN
    SELECT * INTO b FROM codesign_ballot WHERE id = ballot_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;  -- the ballot itself was deleted
    END IF;
    SELECT * INTO c FROM codesign_campaign WHERE id = b.campaign_id;
    SELECT count(*), coalesce(sum(ch.points), 0), coalesce(sum(p.cost), 0),
           count(*) FILTER (WHERE p.campaign_id <> b.campaign_id
                            OR p.status NOT IN {BALLOT_ON}),
           count(*) FILTER (WHERE ch.points <> 1)
      INTO n, points_sum, cost_sum, strangers, plural_points
      FROM codesign_ballotchoice ch JOIN codesign_proposal p ON p.id = ch.proposal_id
     WHERE ch.ballot_id = b.id;
    IF strangers > 0 THEN
        RAISE EXCEPTION 'ballot % names a project that is not on this ballot', b.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits',
                  HINT = 'not_on_ballot';
    END IF;
    IF c.ballot_type <> 'cumulative' AND plural_points > 0 THEN
        RAISE EXCEPTION 'ballot % gives points on a ballot of ticks', b.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits',
                  HINT = 'points_not_allowed';
    END IF;
    IF c.ballot_type = 'approval' AND n > c.max_choices THEN
        RAISE EXCEPTION 'ballot % ticks % projects, at most % allowed',
                b.id, n, c.max_choices
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits',
                  HINT = 'too_many_projects';
    END IF;
    IF c.ballot_type = 'knapsack' AND cost_sum > c.budget THEN
        RAISE EXCEPTION 'ballot % spends % over the budget %', b.id, cost_sum, c.budget
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits',
                  HINT = 'over_budget';
    END IF;
    IF c.ballot_type = 'cumulative' AND points_sum > c.max_points THEN
        RAISE EXCEPTION 'ballot % gives % points, at most %',
                b.id, points_sum, c.max_points
            USING ERRCODE = 'check_violation', CONSTRAINT = 'codesign_ballot_limits',
                  HINT = 'too_many_points';
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION codesign_ballot_within_limits() RETURNS trigger AS $$
BEGIN
    PERFORM codesign_ballot_check(COALESCE(NEW.ballot_id, OLD.ballot_id));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

# A campaign's limits changed, or a project's cost or place on the ballot: every
# ballot that counts on them is checked again at commit.
LATER_CHANGES = f"""
CREATE FUNCTION codesign_campaign_ballots_within_limits() RETURNS trigger AS $$
DECLARE
    ballot bigint;
BEGIN
    FOR ballot IN
        SELECT id FROM codesign_ballot WHERE campaign_id = NEW.id ORDER BY id
    LOOP
        PERFORM codesign_ballot_check(ballot);
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER codesign_campaign_ballots_within_limits
    AFTER UPDATE OF budget, ballot_type, max_choices, max_points ON codesign_campaign
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.budget IS DISTINCT FROM NEW.budget
          OR OLD.ballot_type IS DISTINCT FROM NEW.ballot_type
          OR OLD.max_choices IS DISTINCT FROM NEW.max_choices
          OR OLD.max_points IS DISTINCT FROM NEW.max_points)
    EXECUTE FUNCTION codesign_campaign_ballots_within_limits();

CREATE FUNCTION codesign_proposal_ballots_within_limits() RETURNS trigger AS $$
DECLARE
    ballot bigint;
BEGIN
    FOR ballot IN
        SELECT DISTINCT ballot_id FROM codesign_ballotchoice
         WHERE proposal_id = NEW.id ORDER BY ballot_id
    LOOP
        PERFORM codesign_ballot_check(ballot);
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER codesign_proposal_ballots_within_limits
    AFTER UPDATE OF cost, status, campaign_id ON codesign_proposal
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.cost IS DISTINCT FROM NEW.cost
          OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id
          OR (OLD.status IN {BALLOT_ON} AND NEW.status NOT IN {BALLOT_ON}))
    EXECUTE FUNCTION codesign_proposal_ballots_within_limits();
"""

# Back to the trigger of 0002_database_guards.
REVERSE = """
DROP TRIGGER IF EXISTS codesign_proposal_ballots_within_limits ON codesign_proposal;
DROP FUNCTION IF EXISTS codesign_proposal_ballots_within_limits();
DROP TRIGGER IF EXISTS codesign_campaign_ballots_within_limits ON codesign_campaign;
DROP FUNCTION IF EXISTS codesign_campaign_ballots_within_limits();
CREATE OR REPLACE FUNCTION codesign_ballot_within_limits() RETURNS trigger AS $$
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
        RETURN NULL;
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
DROP FUNCTION IF EXISTS codesign_ballot_check(bigint);
"""

STATUSES = [
    "draft",
    "submitted",
    "in_review",
    "changes_requested",
    "accepted",
    "rejected",
    "on_ballot",
    "selected",
    "not_selected",
    "in_progress",
    "built",
]


class Migration(migrations.Migration):
    dependencies = [("codesign", "0006_moderation")]

    operations = [
        migrations.AddField(
            model_name="concept",
            name="revised_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="last saved by",
            ),
        ),
        migrations.AddField(
            model_name="concept",
            name="revision",
            field=models.PositiveIntegerField(default=1, verbose_name="revision"),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel__in", ["web", "paper", "import"])),
                name="codesign_ballot_channel_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ballot_type__in", ["approval", "knapsack", "cumulative"])
                ),
                name="codesign_campaign_ballot_type_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "rule__in",
                        [
                            "greedy",
                            "equalshares/add1",
                            "equalshares/add1-comparison",
                        ],
                    )
                ),
                name="codesign_campaign_rule_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="concept",
            constraint=models.CheckConstraint(
                condition=models.Q(("revision__gte", 1)),
                name="codesign_concept_revision_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="designsession",
            constraint=models.CheckConstraint(
                condition=models.Q(("participation__in", ["open", "team", "workshop"])),
                name="codesign_session_participation_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", STATUSES)),
                name="codesign_proposal_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__gte", 1), ("revision__gte", 1)),
                name="codesign_proposal_number_and_revision_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("geometry__isvalid", True)),
                name="codesign_proposalversion_geometry_valid",
                violation_error_message="The %(name)s shape is not valid.",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        mapping.db.IsEmpty("geometry"), False
                    )
                ),
                name="codesign_proposalversion_geometry_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        mapping.db.NPoints("geometry"), 50000
                    )
                ),
                name="codesign_proposalversion_geometry_max_points",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", STATUSES), ("cost__gte", 0)),
                name="codesign_version_status_known_cost_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="voterregistration",
            constraint=models.CheckConstraint(
                condition=models.Q(("method__in", ["iin", "code"])),
                name="codesign_registration_method_known",
            ),
        ),
        migrations.RunSQL(CHECK + LATER_CHANGES, REVERSE),
    ]
