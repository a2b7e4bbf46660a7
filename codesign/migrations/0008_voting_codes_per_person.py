# One person, one ballot across IINs and voting codes: in a campaign that takes
# IINs a code is issued to a person by their IIN and carries that IIN's voter key;
# codes for no one in particular are for campaigns that take no IINs, and once a
# campaign has codes, verified voters or ballots, whether it takes IINs is fixed.
# See docs/budgeting.md ("Voters and ballots").
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GUARDS = """
CREATE FUNCTION codesign_voting_code_fits_campaign() RETURNS trigger AS $$
DECLARE
    takes_iin boolean;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.voter_key IS NOT DISTINCT FROM OLD.voter_key
       AND NEW.campaign_id = OLD.campaign_id THEN
        RETURN NEW;  -- redeemed, or codes kept from before this rule
    END IF;
    -- FOR SHARE: a change of the campaign's methods waits for this code, and
    -- this code for the change (codesign_campaign_verification_fixed).
    SELECT accepts_iin INTO takes_iin FROM codesign_campaign
        WHERE id = NEW.campaign_id FOR SHARE;
    IF NEW.voter_key IS NULL AND takes_iin THEN
        RAISE EXCEPTION 'campaign % takes IINs: a voting code is issued to a person',
                NEW.campaign_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'codesign_voting_code_issued_to_person';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER codesign_voting_code_fits_campaign
    BEFORE INSERT OR UPDATE OF voter_key, campaign_id ON codesign_votingcode
    FOR EACH ROW EXECUTE FUNCTION codesign_voting_code_fits_campaign();

CREATE FUNCTION codesign_campaign_verification_fixed() RETURNS trigger AS $$
BEGIN
    IF NEW.accepts_iin IS DISTINCT FROM OLD.accepts_iin AND (
        EXISTS (SELECT 1 FROM codesign_votingcode WHERE campaign_id = NEW.id)
        OR EXISTS (SELECT 1 FROM codesign_voterregistration WHERE campaign_id = NEW.id)
        OR EXISTS (SELECT 1 FROM codesign_ballot WHERE campaign_id = NEW.id)
    ) THEN
        RAISE EXCEPTION 'campaign % has voting codes, verified voters or ballots: '
                        'whether it takes IINs is fixed', NEW.id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'codesign_campaign_verification_fixed';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER codesign_campaign_verification_fixed
    BEFORE UPDATE OF accepts_iin ON codesign_campaign
    FOR EACH ROW EXECUTE FUNCTION codesign_campaign_verification_fixed();
"""

REVERSE = """
DROP TRIGGER IF EXISTS codesign_campaign_verification_fixed ON codesign_campaign;
DROP FUNCTION IF EXISTS codesign_campaign_verification_fixed();
DROP TRIGGER IF EXISTS codesign_voting_code_fits_campaign ON codesign_votingcode;
DROP FUNCTION IF EXISTS codesign_voting_code_fits_campaign();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("codesign", "0007_integrity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="votingcode",
            name="issued_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="votingcode",
            name="voter_key",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddConstraint(
            model_name="votingcode",
            constraint=models.UniqueConstraint(
                condition=models.Q(("voter_key__isnull", False)),
                fields=("campaign", "voter_key"),
                name="codesign_voting_code_one_per_person",
            ),
        ),
        migrations.RunSQL(GUARDS, REVERSE),
    ]
