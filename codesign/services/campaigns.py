"""Creating campaigns with their categories and review criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from mapping.languages import set_translations
from mapping.models import Town

from ..models import BallotType, Campaign, Category, Criterion, Rule


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
    set_translations(campaign, "description", descriptions or {})
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
