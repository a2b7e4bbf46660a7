"""Fill the towns with seeded synthetic proposals and concerns, or clear them again.

Synthetic proposals live in one campaign per town with the slug ``synthetic``, and
synthetic concerns in one community per town with the same slug; nothing else marks
them. ``fill`` first removes every synthetic row, so the counts asked for are the
counts in the database, never doubled. The same seed, counts and towns give the
same rows: each town draws from its own generators, keyed by the seed and its slug.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from codesign import services
from codesign.models import Campaign
from community_map.models import Community
from mapping.languages import set_translations
from mapping.models import Town

from . import load, rows
from .places import (
    TownShape,
    apportion,
    districts_at,
    sample_points,
    sample_polygons,
    town_shape,
)
from .texts import CAMPAIGN_DESCRIPTIONS, CAMPAIGN_TITLES, CATEGORIES, COMMUNITY_NAMES

SLUG = "synthetic"
BUDGET, CAP = 5_000_000_000, 30_000_000
# Proposals closed long ago and the expert review runs until 2099: the round takes
# no submissions, and nothing (the voting page, cron's advance_campaigns) ever
# moves its million rows onto a ballot or counts them.
SUBMISSION = (dt.date(2025, 2, 1), dt.date(2025, 3, 31))
REVIEW = (dt.date(2025, 4, 1), dt.date(2099, 12, 29))
VOTING = (dt.date(2099, 12, 30), dt.date(2099, 12, 31))
IMPLEMENTATION = (dt.date(2100, 1, 1), None)
CONCERN_AREA_SHARE = 0.1
KINDS = ("points", "polygons", "concerns")


class SynthError(ValueError):
    """Arguments synth cannot fill: a negative count or seed, an unknown town."""


def _generator(seed: int, slug: str, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(slug.encode()), stream])


def _towns(slugs: Sequence[str] | None) -> list[Town]:
    towns = Town.objects.order_by("slug")
    if slugs is None:
        return list(towns)
    found = list(towns.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {town.slug for town in found})
    if unknown:
        raise SynthError(_("Unknown town: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    return found


def _check(counts: dict[str, int], seed: int) -> None:
    for option, value in {**counts, "seed": seed}.items():
        if value < 0:
            raise SynthError(
                _("--%(option)s must be zero or more, not %(value)s.")
                % {"option": option, "value": value}
            )


def clear(*, towns: Sequence[str] | None = None, stdout: Any = None) -> dict[str, int]:
    """Delete the synthetic campaigns and communities with all their rows."""
    out = stdout if stdout is not None else sys.stdout
    campaigns = Campaign.objects.filter(slug=SLUG)
    communities = Community.objects.filter(slug=SLUG)
    if towns is not None:
        towns = [town.slug for town in _towns(towns)]  # refuses unknown slugs
        campaigns = campaigns.filter(town__slug__in=towns)
        communities = communities.filter(town__slug__in=towns)
    with transaction.atomic():
        # In batches by SQL first: the ORM would load a million proposals to delete.
        proposals = load.delete(
            "codesign_proposal",
            "campaign_id",
            list(campaigns.values_list("pk", flat=True)),
        )
        concerns = load.delete(
            "community_map_concern",
            "community_id",
            list(communities.values_list("pk", flat=True)),
        )
        counts = {
            "proposals": proposals,
            "concerns": concerns,
            "campaigns": campaigns.count(),
            "communities": communities.count(),
        }
        campaigns.delete()
        communities.delete()
    if any(counts.values()):
        out.write(
            "Removed synthetic rows: "
            + ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
            + ".\n"
        )
    return counts


def fill(
    *,
    points: int = 0,
    polygons: int = 0,
    concerns: int = 0,
    seed: int = 1,
    towns: Sequence[str] | None = None,
    stdout: Any = None,
) -> dict[str, Any]:
    """Replace the synthetic rows with these counts, spread over the towns by size.

    Returns the counts and seconds per town and in total.
    """
    out = stdout if stdout is not None else sys.stdout
    counts = {"points": points, "polygons": polygons, "concerns": concerns}
    _check(counts, seed)
    chosen = _towns(towns)
    if any(counts.values()) and not chosen:
        raise SynthError(_("There are no towns to fill."))
    started = time.monotonic()
    report: dict[str, dict[str, float]] = {}
    with transaction.atomic():
        clear(stdout=out)
        shapes = [town_shape(town, _generator(seed, town.slug, 0)) for town in chosen]
        weights = [shape.residents for shape in shapes]
        shares = {kind: apportion(n, weights) for kind, n in counts.items()}
        for index, (town, shape) in enumerate(zip(chosen, shapes, strict=True)):
            wanted = {kind: shares[kind][index] for kind in KINDS}
            if any(wanted.values()):
                report[town.slug] = _fill_town(town, shape, wanted, seed, out)
        load.drop_staging()
        out.write("Committing (the database checks every foreign key now)...\n")
    seconds = time.monotonic() - started
    for slug, line in report.items():
        out.write(
            f"{slug:>16}: {line['points']:>9,} points {line['polygons']:>8,} polygons "
            f"{line['concerns']:>8,} concerns {line['seconds']:7.1f} s\n"
        )
    out.write(
        f"{'total':>16}: {points:>9,} points {polygons:>8,} polygons "
        f"{concerns:>8,} concerns {seconds:7.1f} s\n"
    )
    return {**counts, "seed": seed, "seconds": seconds, "towns": report}


def _fill_town(
    town: Town, shape: TownShape, wanted: dict[str, int], seed: int, out: Any
) -> dict[str, float]:
    started = time.monotonic()
    out.write(
        f"{town.slug}: {wanted['points']:,} points, {wanted['polygons']:,} polygons, "
        f"{wanted['concerns']:,} concerns\n"
    )
    if wanted["points"] or wanted["polygons"]:
        _proposals(town, shape, wanted, seed, out)
    if wanted["concerns"]:
        _concerns(town, shape, wanted["concerns"], seed, out)
    return {**wanted, "seconds": time.monotonic() - started}


def _window() -> tuple[int, int]:
    """The submission window in epoch seconds, whole days in the project's zone."""
    zone = timezone.get_default_timezone()
    first, last = SUBMISSION
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return int(start.timestamp()), int(end.timestamp())


def _campaign(town: Town) -> tuple[Campaign, dict[str, int]]:
    """The town's synthetic round with its categories (slug to pk)."""
    campaign = services.campaign_create(
        town=town,
        slug=SLUG,
        titles=CAMPAIGN_TITLES,
        descriptions=CAMPAIGN_DESCRIPTIONS,
        budget=BUDGET,
        cap=CAP,
        max_choices=5,
        submission=SUBMISSION,
        review=REVIEW,
        voting=VOTING,
        implementation=IMPLEMENTATION,
    )
    categories = {
        slug: services.category_add(campaign=campaign, slug=slug, names=names).pk
        for slug, (names, _share, _titles) in CATEGORIES.items()
    }
    return campaign, categories


def _community(town: Town) -> Community:
    community = Community(town=town, slug=SLUG, kind="ngo")
    set_translations(community, "name", COMMUNITY_NAMES)
    community.full_clean(exclude=["work_area"])  # no area: see community_create
    community.save()
    return community


def _wkb(geometries: np.ndarray) -> np.ndarray:
    """Hex EWKB with SRID 4326: exact coordinates that PostGIS reads as geometry."""
    return shapely.to_wkb(
        shapely.set_srid(geometries, 4326), hex=True, include_srid=True
    )


def _proposals(
    town: Town, shape: TownShape, wanted: dict[str, int], seed: int, out: Any
) -> None:
    campaign, categories = _campaign(town)
    geometries = np.concatenate(
        [
            sample_points(shape, wanted["points"], _generator(seed, town.slug, 1)),
            sample_polygons(shape, wanted["polygons"], _generator(seed, town.slug, 2)),
        ]
    )
    rng = _generator(seed, town.slug, 3)
    geometries = geometries[rng.permutation(len(geometries))]
    size = len(geometries)
    columns = rows.proposal_columns(
        rng, size, categories=categories, window=_window(), cap=CAP
    )
    districts = districts_at(shape, geometries)
    size = load.stage(
        load.PROPOSALS,
        {
            **columns,
            "campaign_id": np.full(size, campaign.pk),
            "number": np.arange(1, size + 1),
            "geometry": _wkb(geometries),
            "district_id": [pk or None for pk in districts.tolist()],
        },
    )
    load.insert(load.PROPOSALS, size, load.Progress(out, "proposals", size))


def _concerns(town: Town, shape: TownShape, size: int, seed: int, out: Any) -> None:
    community = _community(town)
    rng = _generator(seed, town.slug, 4)
    area = rng.random(size) < CONCERN_AREA_SHARE
    locations = np.empty(size, dtype=object)
    locations[~area] = sample_points(shape, int((~area).sum()), rng)
    locations[area] = sample_polygons(shape, int(area.sum()), rng)
    size = load.stage(
        load.CONCERNS,
        {
            **rows.concern_columns(rng, size),
            "town_id": np.full(size, town.pk),
            "community_id": np.full(size, community.pk),
            "number": np.arange(1, size + 1),
            "location": _wkb(locations),
        },
    )
    load.insert(load.CONCERNS, size, load.Progress(out, "concerns", size))
