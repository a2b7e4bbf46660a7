"""Reads for participatory budgeting; map collections are built by PostGIS."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext

from mapping.selectors import COORDINATE_DECIMALS, name_sql
from moderation.rules import moderates_town

from .comparison.vocabulary import kind
from .models import (
    Ballot,
    Campaign,
    Concept,
    ConceptVersion,
    CouncilMember,
    DesignSession,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    ResultEntry,
    VoterRegistration,
)
from .models.proposals import PUBLIC

Viewer = AbstractBaseUser | AnonymousUser


def campaigns_of(town_id: int) -> QuerySet[Campaign]:
    """A town's campaigns, newest first, with how many proposals are public."""
    return (
        Campaign.objects.filter(town_id=town_id)
        .annotate(
            proposal_count=Count(
                "proposals",
                filter=Q(proposals__status__in=PUBLIC, proposals__is_hidden=False),
            )
        )
        .order_by("-submission_start")
    )


def campaign_by_slug(town_slug: str, slug: str) -> Campaign:
    """One campaign of a town, or Http404."""
    campaign = (
        Campaign.objects.select_related("town")
        .filter(town__slug=town_slug, slug=slug)
        .first()
    )
    if campaign is None:
        raise Http404(gettext("There is no such campaign."))
    return campaign


def visible_proposals(campaign: Campaign, viewer: Viewer) -> QuerySet[Proposal]:
    """Public proposals, plus the viewer's own drafts (others' drafts never show).

    A proposal a moderator hid is gone for everyone but its author.
    """
    visible = Q(status__in=PUBLIC, is_hidden=False)
    if viewer.is_authenticated:
        visible |= Q(author_id=viewer.pk)
    return Proposal.objects.filter(campaign=campaign).filter(visible)


def proposal_for(campaign: Campaign, number: int, viewer: Viewer) -> Proposal:
    """A proposal the viewer may see; someone else's draft is simply not found.

    The town's moderators also open hidden proposals, to decide about them, and
    so does the campaign's council: hiding takes a proposal off public pages, not
    out of its review.
    """
    visible = visible_proposals(campaign, viewer)
    if moderates_town(viewer, campaign.town_id) or is_council_member(campaign, viewer):
        visible = Proposal.objects.filter(campaign=campaign).filter(
            Q(pk__in=visible.values("pk")) | Q(status__in=PUBLIC)
        )
    proposal = (
        visible.select_related("campaign__town", "category", "district", "author")
        .filter(number=number)
        .first()
    )
    if proposal is None:
        raise Http404(gettext("There is no such proposal."))
    return proposal


def _status_labels() -> str:
    return json.dumps({s.value: str(s.label) for s in ProposalStatus})


def proposals_geojson(
    campaign_ids: list[int],
    viewer: Viewer,
    *,
    statuses: tuple[str, ...] = tuple(PUBLIC),
) -> str:
    """Proposals as a GeoJSON FeatureCollection, in one SQL statement."""
    viewer_id = viewer.pk if viewer.is_authenticated else None
    sql = f"""
        SELECT json_build_object('type', 'FeatureCollection', 'features',
               coalesce(json_agg(f ORDER BY number), '[]'::json))::text
        FROM (
          SELECT p.number, json_build_object(
            'type', 'Feature',
            'id', p.id,
            'geometry', ST_AsGeoJSON(p.geometry, {COORDINATE_DECIMALS})::json,
            'properties', json_build_object(
              'number', p.number,
              'title', p.title,
              'status', p.status,
              'status_label', %(labels)s::jsonb ->> p.status,
              'cost', p.cost,
              'category', {name_sql("cat")},
              'district', {name_sql("d")},
              'campaign', c.slug,
              'url', replace(replace(replace(%(url)s,
                     '__town__', t.slug), '__campaign__', c.slug), '__number__', p.number::text)
            )
          ) AS f
          FROM codesign_proposal p
          JOIN codesign_campaign c ON c.id = p.campaign_id
          JOIN mapping_town t ON t.id = c.town_id
          LEFT JOIN codesign_category cat ON cat.id = p.category_id
          LEFT JOIN mapping_district d ON d.id = p.district_id
          WHERE p.campaign_id = ANY(%(campaigns)s)
            AND p.geometry IS NOT NULL
            AND (p.status = ANY(%(statuses)s)
                 OR (p.status = 'draft' AND p.author_id = %(viewer)s))
            AND (NOT p.is_hidden OR p.author_id = %(viewer)s)
        ) AS rows
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "labels": _status_labels(),
                "url": _proposal_url_pattern(),
                "campaigns": campaign_ids,
                "statuses": list(statuses),
                "viewer": viewer_id,
            },
        )
        return cursor.fetchone()[0]


def _proposal_url_pattern() -> str:
    """The proposal page's URL with placeholders SQL fills in (from the route)."""
    return reverse(
        "codesign:proposal",
        kwargs={"town": "__town__", "slug": "__campaign__", "number": 987654321},
    ).replace("987654321", "__number__")


def history(proposal: Proposal) -> list[dict[str, Any]]:
    """Every version of a proposal, oldest first, with its geometry as GeoJSON."""
    versions = ProposalVersion.objects.filter(proposal=proposal).select_related("actor")
    return [
        {
            "version": v,
            "geometry": json.loads(v.geometry.geojson) if v.geometry else None,
        }
        for v in versions.order_by("revision")
    ]


def on_ballot(campaign: Campaign) -> QuerySet[Proposal]:
    """The projects a voter can choose, in ballot order."""
    return (
        Proposal.objects.filter(
            campaign=campaign, status=ProposalStatus.ON_BALLOT, is_hidden=False
        )
        .select_related("category", "district")
        .order_by("number")
    )


def registration_of(campaign: Campaign, viewer: Viewer) -> VoterRegistration | None:
    if not viewer.is_authenticated:
        return None
    return VoterRegistration.objects.filter(
        campaign=campaign, user_id=viewer.pk
    ).first()


def ballot_choices(
    campaign: Campaign, viewer: Viewer
) -> tuple[Ballot | None, dict[int, int]]:
    """The viewer's current ballot and its choices (proposal id → points)."""
    registration = registration_of(campaign, viewer)
    if registration is None:
        return None, {}
    ballot = Ballot.objects.filter(
        campaign=campaign, voter_key=registration.voter_key
    ).first()
    if ballot is None:
        return None, {}
    return ballot, dict(ballot.choices.values_list("proposal_id", "points"))


def is_council_member(campaign: Campaign, viewer: Viewer) -> bool:
    return (
        viewer.is_authenticated
        and CouncilMember.objects.filter(campaign=campaign, user_id=viewer.pk).exists()
    )


def review_queue(campaign: Campaign) -> QuerySet[Proposal]:
    """Proposals waiting for the council, oldest submission first."""
    return (
        Proposal.objects.filter(
            campaign=campaign,
            status__in=[
                ProposalStatus.SUBMITTED,
                ProposalStatus.IN_REVIEW,
                ProposalStatus.CHANGES_REQUESTED,
            ],
        )
        .annotate(review_count=Count("reviews"))
        .order_by("submitted_at", "number")
    )


def results_table(campaign: Campaign) -> list[ResultEntry]:
    """The counted result by rank.

    A proposal hidden by a moderator keeps its votes and its place (the count is
    the voters'), but its title is not shown: only its number and the notice.
    """
    entries = list(
        ResultEntry.objects.filter(campaign=campaign)
        .select_related("proposal__category", "proposal__district")
        .order_by("rank")
    )
    for entry in entries:
        if entry.proposal.is_hidden:
            entry.proposal.title = gettext("Hidden by a moderator")
            entry.proposal.description = ""
    return entries


def results_summary(campaign: Campaign) -> dict[str, int]:
    """Money spent, left, and how many projects won, for the results header."""
    totals = ResultEntry.objects.filter(campaign=campaign, funded=True).aggregate(
        spent=Sum("proposal__cost"), winners=Count("pk")
    )
    spent = totals["spent"] or 0
    return {
        "spent": spent,
        "left": campaign.budget - spent,
        "winners": totals["winners"],
        "ballots": Ballot.objects.filter(campaign=campaign).count(),
    }


def activity(campaign: Campaign, limit: int = 50) -> QuerySet[ProposalVersion]:
    """The campaign's public feed: every public change of every public proposal."""
    return (
        ProposalVersion.objects.filter(proposal__campaign=campaign)
        .exclude(status=ProposalStatus.DRAFT)
        .exclude(proposal__status=ProposalStatus.DRAFT)
        .exclude(proposal__is_hidden=True)
        .select_related("proposal")
        .order_by("-created", "-pk")[:limit]
    )


def built_geojson(town_id: int, viewer: Viewer) -> str:
    """Everything built or being built in a town, across all its campaigns."""
    ids = list(Campaign.objects.filter(town_id=town_id).values_list("pk", flat=True))
    return proposals_geojson(
        ids, viewer, statuses=(ProposalStatus.IN_PROGRESS, ProposalStatus.BUILT)
    )


def concept_measures(version_id: int) -> list[dict[str, Any]]:
    """Per kind of a concept version: area (m²), length (m) or count, and cost.

    Measured in the town's UTM zone; the cost is the palette's unit cost times
    the area, the length or the count.
    """
    sql = """
        SELECT e.kind,
               count(*) AS pieces,
               sum(ST_Area(ST_Transform(e.geometry, t.utm_srid))) AS area_m2,
               sum(ST_Length(ST_Transform(e.geometry, t.utm_srid))) AS length_m,
               max(pe.unit_cost) AS unit_cost,
               min(pe.position) AS position
          FROM codesign_conceptelement e
          JOIN codesign_conceptversion v ON v.id = e.version_id
          JOIN codesign_concept c ON c.id = v.concept_id
          JOIN codesign_designsession s ON s.id = c.session_id
          JOIN mapping_site si ON si.id = s.site_id
          JOIN mapping_town t ON t.id = si.town_id
          LEFT JOIN codesign_paletteentry pe
                 ON pe.session_id = s.id AND pe.kind = e.kind
         WHERE e.version_id = %s
         GROUP BY e.kind
         ORDER BY min(pe.position)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [version_id])
        rows = cursor.fetchall()
    measures = []
    for slug, pieces, area, length, unit_cost, _position in rows:
        family = kind(slug).family
        amount = {"zone": area, "path": length, "object": pieces}[family]
        measures.append(
            {
                "kind": slug,
                "family": family,
                "amount": round(float(amount), 1),
                "pieces": pieces,
                "cost": None if unit_cost is None else round(float(amount) * unit_cost),
            }
        )
    return measures


# --- Site co-design: sessions and concepts ----------------------------------------
#
# A concept's submitted versions are public; its drafts are its author's alone.
# The official plan is the akimat's published document, not a personal sketch:
# every version of it is public.


def _public_versions(viewer: Viewer, prefix: str = "") -> Q:
    """The concept versions a viewer may see (``prefix`` reaches them from another model)."""
    public = Q(**{f"{prefix}submitted_at__isnull": False}) | Q(
        **{f"{prefix}concept__official": True}
    )
    if viewer.is_authenticated:
        public |= Q(**{f"{prefix}concept__author_id": viewer.pk})
    return public


def design_sessions_of(town_id: int) -> QuerySet[DesignSession]:
    """A town's design sessions, newest first, with how many concepts were submitted."""
    return (
        DesignSession.objects.filter(site__town_id=town_id)
        .select_related("site")
        .annotate(
            concept_count=Count(
                "concepts",
                filter=Q(
                    concepts__official=False,
                    concepts__is_hidden=False,
                    concepts__versions__submitted_at__isnull=False,
                ),
                distinct=True,
            )
        )
        .order_by("-starts", "pk")
    )


def design_session_by_slugs(town: str, site: str, session: str) -> DesignSession:
    """One session of a town's site, or Http404."""
    found = (
        DesignSession.objects.select_related("site__town")
        .filter(site__town__slug=town, site__slug=site, slug=session)
        .first()
    )
    if found is None:
        raise Http404(gettext("There is no such design session."))
    return found


def palette_of(session: DesignSession) -> list[dict[str, Any]]:
    """The session's palette in order: kind, family, name, colour, symbol, cost."""
    return [
        {
            "kind": entry.kind,
            "family": kind(entry.kind).family,
            "name": entry.name,
            "colour": entry.colour,
            "symbol": entry.symbol,
            "unit_cost": entry.unit_cost,
        }
        for entry in session.palette.order_by("position")
    ]


def session_concepts(session: DesignSession, viewer: Viewer) -> list[dict[str, Any]]:
    """The concepts a viewer may see, the official plan first, each with the version shown.

    Others see a concept's last submitted version; its author sees the last one.
    """
    viewer_id = viewer.pk if viewer.is_authenticated else None
    concepts = (
        Concept.objects.filter(session=session)
        .select_related("author")
        .annotate(
            last_number=Max("versions__number"),
            submitted_number=Max(
                "versions__number", filter=Q(versions__submitted_at__isnull=False)
            ),
            last_submitted=Max("versions__submitted_at"),
        )
        .filter(
            (Q(submitted_number__isnull=False) | Q(official=True)) & Q(is_hidden=False)
            # (no author_id=None for visitors: that would match authorless rows)
            | (Q(author_id=viewer_id) if viewer_id is not None else Q(pk__in=[]))
        )
        .order_by("-official", F("last_submitted").desc(nulls_last=True), "pk")
    )
    listing = []
    for concept in concepts:
        mine = viewer_id is not None and concept.author_id == viewer_id
        public = concept.last_number if concept.official else concept.submitted_number
        number = concept.last_number if mine else public
        listing.append(
            {
                "concept": concept,
                "mine": mine,
                "number": number,
                "submitted": concept.last_submitted,
                "draft": number != concept.submitted_number and not concept.official,
                "public": public is not None,
            }
        )
    return listing


def concept_versions_for(concept: Concept, viewer: Viewer) -> QuerySet[ConceptVersion]:
    """The versions of a concept the viewer may see, oldest first."""
    return (
        ConceptVersion.objects.filter(concept=concept)
        .filter(_public_versions(viewer))
        .order_by("number")
    )


def concept_for(session: DesignSession, pk: int, viewer: Viewer) -> Concept:
    """A concept with at least one version the viewer may see; otherwise Http404.

    Someone else's draft is simply not found (never "forbidden"): whether it
    exists is the author's business. A hidden concept is found by its author and
    the town's moderators only.
    """
    concepts = Concept.objects.filter(session=session, pk=pk)
    if not moderates_town(viewer, session.site.town_id):
        shown = Q(is_hidden=False)
        if viewer.is_authenticated:
            shown |= Q(author_id=viewer.pk)
        concepts = concepts.filter(shown)
    found = (
        concepts.select_related("author", "session__site__town")
        .filter(
            Exists(
                ConceptVersion.objects.filter(concept=OuterRef("pk")).filter(
                    _public_versions(viewer)
                )
            )
        )
        .first()
    )
    if found is None:
        raise Http404(gettext("There is no such concept."))
    return found


def own_concept(session: DesignSession, pk: int, viewer: Viewer) -> Concept:
    """A concept the viewer drew (to change or submit it); otherwise Http404."""
    found = (
        Concept.objects.select_related("author", "session__site__town")
        .filter(session=session, pk=pk, author_id=viewer.pk)
        .first()
        if viewer.is_authenticated
        else None
    )
    if found is None:
        raise Http404(gettext("There is no such concept."))
    return found


def _elements_sql(where: str) -> str:
    """One FeatureCollection of concept elements, coloured and named by the palette."""
    return f"""
        SELECT json_build_object('type', 'FeatureCollection', 'features',
               coalesce(json_agg(json_build_object(
                 'type', 'Feature',
                 'id', e.id,
                 'geometry', ST_AsGeoJSON(e.geometry, {COORDINATE_DECIMALS})::json,
                 'properties', json_build_object(
                   'kind', e.kind,
                   'label', e.label,
                   'colour', pe.colour,
                   'name', {name_sql("pe")},
                   'concept', v.concept_id,
                   'official', c.official,
                   'version', v.number,
                   'position', e.position
                 )
               ) ORDER BY c.official DESC, v.concept_id, e.position), '[]'::json)
        )::text
          FROM codesign_conceptelement e
          JOIN codesign_conceptversion v ON v.id = e.version_id
          JOIN codesign_concept c ON c.id = v.concept_id
          LEFT JOIN codesign_paletteentry pe
                 ON pe.session_id = c.session_id AND pe.kind = e.kind
         WHERE {where}
    """


def concept_elements_geojson(version_id: int) -> str:
    """One concept version's elements as a GeoJSON FeatureCollection (PostGIS-built)."""
    with connection.cursor() as cursor:
        cursor.execute(_elements_sql("e.version_id = %s"), [version_id])
        return cursor.fetchone()[0]


def session_concepts_geojson(session: DesignSession) -> str:
    """Every public concept of a session at its last public version, for the map."""
    where = """
        v.id IN (
          SELECT DISTINCT ON (pv.concept_id) pv.id
            FROM codesign_conceptversion pv
            JOIN codesign_concept pc ON pc.id = pv.concept_id
           WHERE pc.session_id = %s AND NOT pc.is_hidden
             AND (pv.submitted_at IS NOT NULL OR pc.official)
           ORDER BY pv.concept_id, pv.number DESC)
    """
    with connection.cursor() as cursor:
        cursor.execute(_elements_sql(where), [session.pk])
        return cursor.fetchone()[0]


def official_plan_version(session: DesignSession) -> ConceptVersion | None:
    """The last version of the session's official plan, if there is one."""
    return (
        ConceptVersion.objects.filter(concept__session=session, concept__official=True)
        .order_by("-number")
        .first()
    )
