"""Campaigns to and from Pabulib files (pabulib.org), the library of real PB data.

Import turns a ``.pb`` file into a finished campaign in a town: its projects
(placed on the map when the file's coordinates fall inside the town), its
ballots, and its result counted by the file's rule. It all happens in one
transaction: a file that fails anywhere imports nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from mapping.intake import GeometryRejected, accept_geometry
from mapping.models import Town

from . import allocation
from .models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotType,
    Campaign,
    Proposal,
    ProposalStatus,
    Rule,
)
from .services.campaigns import campaign_create
from .services.results import results_publish

BALLOT_STATUSES = (
    ProposalStatus.ON_BALLOT,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.BUILT,
)
RULES = {
    "greedy": Rule.GREEDY,
    "greedy-threshold": Rule.GREEDY,
    "equalshares": Rule.EQUAL_SHARES,
    "equalshares/add1": Rule.EQUAL_SHARES,
    "equalshares/add1-comparison": Rule.EQUAL_SHARES_COMPARISON,
}
BALLOTS = {"approval": BallotType.APPROVAL, "cumulative": BallotType.CUMULATIVE}


@dataclass
class ImportReport:
    campaign: Campaign
    projects: int = 0
    placed: int = 0
    outside_town: list[str] = field(default_factory=list)
    ballots: int = 0
    funded: int = 0
    matches_file: bool | None = None  # our result vs the file's `selected` column


def _date(text: str, *, end: bool) -> dt.date | None:
    """Pabulib dates: "03.10.2022", "2022-10-03" or a bare year."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    return None


def _schedule(meta: dict[str, str]) -> dict[str, Any]:
    """Phase windows around the file's voting dates (the file has only those)."""
    begin = _date(meta.get("date_begin", ""), end=False) or dt.date(2000, 1, 1)
    end = _date(meta.get("date_end", ""), end=True) or begin
    day = dt.timedelta(days=1)
    return {
        "submission": (begin - 60 * day, begin - 31 * day),
        "review": (begin - 30 * day, begin - day),
        "voting": (begin, end),
        "implementation": (end + day, None),
    }


def _place(town: Town, row: dict[str, str]) -> object | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        return None
    try:
        return accept_geometry(
            {"type": "Point", "coordinates": [lon, lat]}, allowed=("Point",), place=town
        ).geometry
    except GeometryRejected:
        return None


def _voter_key(campaign: Campaign, voter_id: str) -> str:
    return hashlib.sha256(f"{campaign.pk}:pabulib:{voter_id}".encode()).hexdigest()


@transaction.atomic
def import_campaign(text: str, *, town: Town, slug: str = "") -> ImportReport:
    """Create a finished campaign from a Pabulib file (PabulibError if malformed)."""
    data = allocation.parse(text)
    election = allocation.to_election(data)  # checks numbers, points and ids
    meta = data.meta
    title = (
        meta.get("description") or f"{meta.get('unit', '')} {meta.get('instance', '')}"
    )
    vote_type = meta["vote_type"]
    ballot_type = BALLOTS.get(vote_type, BallotType.APPROVAL)
    largest_ballot = max((len(b) for b in election.ballots), default=1)
    campaign = campaign_create(
        town=town,
        slug=slug or slugify(f"{meta.get('unit', '')}-{meta.get('instance', '')}")[:64],
        titles={"kk": title, "ru": title, "en": title},
        budget=election.budget,
        cap=election.budget,
        ballot_type=ballot_type,
        max_choices=(
            int(meta.get("max_length") or max(largest_ballot, len(election.projects)))
            if ballot_type == BallotType.APPROVAL
            else None
        ),
        max_points=int(meta["max_sum_points"])
        if ballot_type == BallotType.CUMULATIVE
        else None,
        rule=RULES.get(meta.get("rule", ""), Rule.GREEDY),
        external_id=f"pabulib:{meta.get('country', '')}:{meta.get('unit', '')}:{meta.get('instance', '')}",
        **_schedule(meta),
    )
    campaign.currency = (meta.get("currency") or "KZT")[:3].upper()
    campaign.vote_threshold = int(float(meta.get("min_project_score_threshold") or 0))
    campaign.save(update_fields=["currency", "vote_threshold"])
    report = ImportReport(campaign=campaign)
    proposals = []
    for number, (row, project) in enumerate(
        zip(data.projects, election.projects, strict=True), start=1
    ):
        geometry = _place(town, row)
        if geometry is None and row.get("latitude"):
            report.outside_town.append(project.id)
        proposals.append(
            Proposal(
                campaign=campaign,
                number=number,
                external_id=project.id,
                title=(row.get("name") or project.id)[:200],
                language=meta.get("language", "")
                if meta.get("language") in ("kk", "ru", "en")
                else "",
                geometry=geometry,
                cost_estimate=project.cost,
                cost=project.cost,
                # A project dearer than the whole budget can never win; it stays
                # on the ballot's record but outside the cap's reach.
                status=ProposalStatus.ON_BALLOT
                if project.cost <= election.budget
                else ProposalStatus.NOT_SELECTED,
            )
        )
    Proposal.objects.bulk_create(proposals)
    report.projects = len(proposals)
    report.placed = sum(1 for p in proposals if p.geometry is not None)
    ids = {p.external_id: p.pk for p in proposals}
    ballots = Ballot.objects.bulk_create(
        Ballot(
            campaign=campaign,
            voter_key=_voter_key(campaign, row["voter_id"]),
            channel=BallotChannel.IMPORT,
        )
        for row in data.votes
    )
    BallotChoice.objects.bulk_create(
        (
            BallotChoice(ballot=ballot, proposal_id=ids[pid], points=points)
            for ballot, choices in zip(ballots, election.ballots, strict=True)
            for pid, points in choices.items()
            if points > 0
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:  # the ballot limits, checked now
        cursor.execute("SET CONSTRAINTS codesign_ballot_within_limits IMMEDIATE")
    report.ballots = len(ballots)
    report.funded = results_publish(campaign=campaign)
    if all("selected" in row for row in data.projects):
        official = {
            row["project_id"] for row in data.projects if row["selected"] == "1"
        }
        ours = set(
            campaign.results.filter(funded=True).values_list(
                "proposal__external_id", flat=True
            )
        )
        report.matches_file = official == ours
    return report


def export_campaign(campaign: Campaign) -> str:
    """Any campaign as a Pabulib file: its ballot projects, ballots and result.

    The file is public. A project a moderator hid keeps its id, cost, votes and
    result (the ballots are the voters' and must still add up, as on the results
    page) but not its name or place.
    """
    proposals = list(
        Proposal.objects.filter(campaign=campaign, status__in=BALLOT_STATUSES)
        .select_related("result", "category")
        .order_by("number")
    )
    pid = {p.pk: (p.external_id or str(p.number)) for p in proposals}
    votes_per = dict.fromkeys(pid, 0)
    # ballot id → [(project id, points), ...]; ballot ids stand in for voters.
    ballots: dict[int, list[tuple[str, int]]] = {}
    choices = BallotChoice.objects.filter(ballot__campaign=campaign).order_by(
        "ballot_id", "proposal__number"
    )
    for ballot_id, proposal_id, points in choices.values_list(
        "ballot_id", "proposal_id", "points"
    ):
        votes_per[proposal_id] = votes_per.get(proposal_id, 0) + 1
        ballots.setdefault(ballot_id, []).append((pid[proposal_id], points))
    cumulative = campaign.ballot_type == BallotType.CUMULATIVE
    meta: dict[str, object] = {
        "description": campaign.title,
        "country": "Kazakhstan" if campaign.currency == "KZT" else "",
        "unit": getattr(campaign.town, "name_en", "") or campaign.town.slug,
        "instance": campaign.voting_start.year,
        "budget": campaign.budget,
        "vote_type": "cumulative" if cumulative else "approval",
        "rule": campaign.rule,
        "date_begin": campaign.voting_start.strftime("%d.%m.%Y"),
        "date_end": campaign.voting_end.strftime("%d.%m.%Y"),
        "currency": campaign.currency,
        "language": "kk",
    }
    if campaign.ballot_type == BallotType.APPROVAL and campaign.max_choices:
        meta["max_length"] = campaign.max_choices
    if cumulative:
        meta["max_sum_points"] = campaign.max_points
    if campaign.vote_threshold:
        meta["min_project_score_threshold"] = campaign.vote_threshold
    projects = []
    for p in proposals:
        row: dict[str, object] = {
            "project_id": pid[p.pk],
            "cost": p.cost,
            "votes": votes_per.get(p.pk, 0),
            "name": gettext("Hidden by a moderator")
            if p.is_hidden
            else p.title.replace("\n", " "),
        }
        if p.category:
            row["category"] = getattr(p.category, "name_en", "") or p.category.name
        result = getattr(p, "result", None)
        if result is not None:
            row["selected"] = int(result.funded)
        if p.geometry is not None and not p.is_hidden:
            point = p.geometry.point_on_surface
            row["latitude"] = round(point.y, 7)
            row["longitude"] = round(point.x, 7)
        projects.append(row)
    vote_rows: list[dict[str, object]] = []
    for ballot_id, chosen in ballots.items():
        row = {"voter_id": ballot_id, "vote": ",".join(c for c, _ in chosen)}
        if cumulative:
            row["points"] = ",".join(str(points) for _, points in chosen)
        vote_rows.append(row)
    return allocation.write(meta, projects, vote_rows)
