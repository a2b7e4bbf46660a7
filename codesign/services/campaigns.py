"""Creating campaigns with their categories and review criteria; checking changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integrity.ballot_limits import CONSTRAINT
from mapping import richtext
from mapping.languages import set_translations
from mapping.models import Town

from ..errors import ActionRefused
from ..models import (
    Ballot,
    BallotChoice,
    BallotType,
    Campaign,
    Category,
    Criterion,
    Rule,
)
from ..money import tenge

# codesign/0007_integrity: checks every ballot of a campaign whose limits changed.
LIMITS_TRIGGER = "codesign_campaign_ballots_within_limits"


@transaction.atomic
def campaign_create(
    *,
    town: Town,
    slug: str,
    titles: Mapping[str, str],
    descriptions: Mapping[str, str] | None = None,
    submission: tuple[dt.date, dt.date],
    review: tuple[dt.date, dt.date],
    voting: tuple[dt.date, dt.date],
    implementation: tuple[dt.date, dt.date | None],
    budget: int,
    cap: int,
    ballot_type: str = BallotType.APPROVAL,
    max_choices: int | None = None,
    max_points: int | None = None,
    rule: str = Rule.GREEDY,
    accepts_iin: bool = True,
    accepts_codes: bool = True,
    external_id: str = "",
) -> Campaign:
    """Open a campaign: its four phases, its money and how votes are counted."""
    campaign = Campaign(
        town=town,
        slug=slug,
        submission_start=submission[0],
        submission_end=submission[1],
        review_start=review[0],
        review_end=review[1],
        voting_start=voting[0],
        voting_end=voting[1],
        implementation_start=implementation[0],
        implementation_end=implementation[1],
        budget=budget,
        cap=cap,
        ballot_type=ballot_type,
        max_choices=max_choices,
        max_points=max_points,
        rule=rule,
        accepts_iin=accepts_iin,
        accepts_codes=accepts_codes,
        external_id=external_id,
    )
    set_translations(campaign, "title", titles)
    # Organisers may format descriptions; only the allowed HTML is stored.
    set_translations(campaign, "description", richtext.clean_each(descriptions or {}))
    campaign.full_clean()
    campaign.save()
    return campaign


def category_add(
    *, campaign: Campaign, slug: str, names: Mapping[str, str]
) -> Category:
    """Add a category residents file their proposals under."""
    category = Category(campaign=campaign, slug=slug)
    set_translations(category, "name", names)
    category.full_clean()
    category.save()
    return category


def criterion_add(
    *, campaign: Campaign, names: Mapping[str, str], weight: int = 1
) -> Criterion:
    """Add a criterion the expert council scores proposals on."""
    position = campaign.criteria.count()
    criterion = Criterion(campaign=campaign, position=position, weight=weight)
    set_translations(criterion, "name", names)
    criterion.full_clean()
    criterion.save()
    return criterion


class _Trial(Exception):
    """Raised to roll a trial update back once the database has answered."""


def _trial(campaign: Campaign, deferred: str = "", **values: Any) -> Any:
    """How the database refuses ``values`` on the campaign (None: it takes them).

    The update is always rolled back. ``deferred`` names a deferred constraint
    trigger to run at once; the answer is psycopg's diagnostics of the refusal.
    """
    try:
        with transaction.atomic():
            Campaign.objects.filter(pk=campaign.pk).update(**values)
            if deferred:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET CONSTRAINTS {deferred} IMMEDIATE")
                    cursor.execute(f"SET CONSTRAINTS {deferred} DEFERRED")
            raise _Trial
    except _Trial:
        return None
    except IntegrityError as error:
        return getattr(error.__cause__, "diag", None)


# codesign/0008_voting_codes_per_person: whether a campaign takes IINs is fixed
# once it has voting codes, verified voters or ballots.
METHODS_TRIGGER = "codesign_campaign_verification_fixed"


def campaign_methods_check(*, campaign: Campaign, accepts_iin: bool) -> None:
    """Refuse (409) turning IINs on or off once anyone holds a way to vote.

    Anonymous codes beside voters verified by IIN, or codes issued to IINs
    beside anonymous ones, would let one person vote twice. As with the limits
    below, the database's rule runs on a trial update that is always rolled
    back, so the rule is written once, in the trigger.
    """
    if campaign.pk is None:
        return
    diag = _trial(campaign, accepts_iin=accepts_iin)
    if diag is None or diag.constraint_name != METHODS_TRIGGER:
        return  # taken, or another rule of the row (the form's checks say it)
    raise ActionRefused(
        "methods_fixed",
        _(
            "Voting codes have been issued, or voters verified, in this "
            "campaign: whether it takes IINs can no longer change."
        ),
        status=409,
        field="accepts_iin",
    )


def campaign_limits_check(
    *,
    campaign: Campaign,
    budget: int,
    ballot_type: str,
    max_choices: int | None,
    max_points: int | None,
) -> None:
    """Refuse (ActionRefused, 409) new limits that ballots already cast break.

    The database's deferred trigger would refuse them only at commit, as a failed
    page; here it runs at once on a trial update that is always rolled back, so
    the rule stays the database's and the organiser reads why in words.
    """
    if campaign.pk is None or not Ballot.objects.filter(campaign=campaign).exists():
        return
    diag = _trial(
        campaign,
        deferred=LIMITS_TRIGGER,
        budget=budget,
        cap=budget,  # the trial must not trip the cap's own check
        ballot_type=ballot_type,
        max_choices=max_choices,
        max_points=max_points,
    )
    if diag is None or diag.constraint_name != CONSTRAINT:
        # Taken, or another rule of the row (the model's own checks say it).
        return
    reason = diag.message_hint or ""
    raise _limits_refusal(campaign, reason, budget, max_choices, max_points)


def _per_ballot(campaign: Campaign) -> QuerySet[Any, dict[str, Any]]:
    """Per ballot already cast: how many projects, points and tenge it chooses."""
    return (
        BallotChoice.objects.filter(ballot__campaign=campaign)
        .values("ballot_id")
        .annotate(n=Count("pk"), points=Sum("points"), cost=Sum("proposal__cost"))
        .order_by()
    )


def _limits_refusal(
    campaign: Campaign,
    reason: str,
    budget: int,
    max_choices: int | None,
    max_points: int | None,
) -> ActionRefused:
    """The organiser's words for limits the ballots already cast do not fit."""
    ballots = _per_ballot(campaign)
    if reason == "too_many_projects" and max_choices is not None:
        over = ballots.filter(n__gt=max_choices)
        most = over.aggregate(most=Max("n"))["most"]
        message = ngettext(
            "%(count)d ballot already cast ticks more than %(max)d projects (up "
            "to %(most)d). The limit cannot be lower than %(most)d now.",
            "%(count)d ballots already cast tick more than %(max)d projects (up "
            "to %(most)d). The limit cannot be lower than %(most)d now.",
            over.count(),
        ) % {"count": over.count(), "max": max_choices, "most": most}
        field = "max_choices"
    elif reason == "over_budget":
        over = ballots.filter(cost__gt=budget)
        most = tenge(over.aggregate(most=Max("cost"))["most"], campaign.currency)
        message = ngettext(
            "%(count)d ballot already cast chooses projects costing more than "
            "%(budget)s (up to %(most)s). The budget cannot be lower than %(most)s "
            "now.",
            "%(count)d ballots already cast choose projects costing more than "
            "%(budget)s (up to %(most)s). The budget cannot be lower than %(most)s "
            "now.",
            over.count(),
        ) % {
            "count": over.count(),
            "budget": tenge(budget, campaign.currency),
            "most": most,
        }
        field = "budget"
    elif reason == "too_many_points" and max_points is not None:
        over = ballots.filter(points__gt=max_points)
        most = over.aggregate(most=Max("points"))["most"]
        message = ngettext(
            "%(count)d ballot already cast gives more than %(max)d points (up to "
            "%(most)d). The points cannot be fewer than %(most)d now.",
            "%(count)d ballots already cast give more than %(max)d points (up to "
            "%(most)d). The points cannot be fewer than %(most)d now.",
            over.count(),
        ) % {"count": over.count(), "max": max_points, "most": most}
        field = "max_points"
    elif reason == "points_not_allowed":
        message = _(
            "Ballots already cast give points; the ballot cannot become one of "
            "ticks now."
        )
        field = "ballot_type"
    else:
        message = _("Ballots already cast do not fit these limits.")
        field = ""
    return ActionRefused(reason or "ballot_limits", message, status=409, field=field)
