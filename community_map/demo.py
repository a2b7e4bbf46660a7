"""Demo: the civic space of Ust-Kamenogorsk, as the TRINTA foundation maps it.

Communities (NGOs, yard initiative groups, clubs, businesses, the akimat's
departments), where they meet, whom they work with, and some three years of the
concerns residents raised through the hotline, WhatsApp, surveys, focus groups,
brainstorms, public receptions and the web. The communities, places and links
are in fixtures/communities_demo.json and are written through the services; the
concerns are generated (community_map/demo_concerns.py). Everyone named is
invented.

Adds what is missing: a community is keyed by its slug, a link by its pair and
kind, a concern by its external id ("demo-N"), so a second load adds nothing and
keeps everyone's edits. The demo account ``ngo`` (password ``birge-demo``) is a
mapper of the TRINTA foundation and of the Clean Air eco group.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant
from mapping.intake import AREAS, AcceptedGeometry, accept_geometry
from mapping.languages import LANGUAGE_CODES
from mapping.models import District, Town

from .demo_concerns import load_concerns
from .models import Community, CommunityLink, CommunityMember, MemberRole
from .services import communities as services

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "communities_demo.json"
DEMO_PASSWORD = "birge-demo"  # as the budgeting demo's accounts (codesign.demo)
# The demo's own hand: the town's administrator by role, cannot sign in.
LOADER = "community-demo-loader"


def _fixture() -> dict[str, Any]:
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


def _account(username: str, counts: Counter, **fields: Any) -> User:
    """The account, created if missing (an existing one is left alone)."""
    model = get_user_model()
    user = model._default_manager.filter(username=username).first()
    if user is None:
        counts["users"] += 1
        user = model._default_manager.create_user(username=username, **fields)
    return user


def _langs(entry: dict[str, str]) -> dict[str, str]:
    return {code: entry.get(code, "") for code in LANGUAGE_CODES}


def _work_area(
    town: Town, spec: dict[str, Any] | None, places: dict[str, Any]
) -> AcceptedGeometry | None:
    """The town, a district, or a circle around a place (drawn in metres, in UTM)."""
    if not spec:
        return None
    shape: GEOSGeometry
    if spec.get("town"):
        shape = town.boundary
    elif "district" in spec:
        shape = District.objects.get(town=town, slug=spec["district"]).boundary
    else:
        lon, lat = places[spec["around"]]["at"]
        centre = Point(lon, lat, srid=4326)
        circle = centre.transform(town.utm_srid, clone=True).buffer(spec["radius_m"])
        inside = circle.intersection(town.boundary.transform(town.utm_srid, clone=True))
        shape = inside.transform(4326, clone=True)
        if shape.geom_type == "Polygon":
            shape = MultiPolygon([shape], srid=4326)
    return accept_geometry(shape, allowed=AREAS, place=town)


def _communities(
    town: Town, data: dict[str, Any], loader: User, counts: Counter
) -> dict[str, Community]:
    existing = {c.slug: c for c in Community.objects.filter(town=town)}
    places = data["places"]
    for entry in data["communities"]:
        if entry["slug"] in existing:
            continue
        community = services.community_create(
            actor=loader,
            town=town,
            slug=entry["slug"],
            names=_langs(entry["names"]),
            descriptions=_langs(entry["about"]),
            kind=entry["kind"],
            topics=entry["topics"],
            public_phone=entry["phone"],
            public_email=entry["email"],
            website=entry["web"],
            private_contacts=entry["private"],
            founded=entry["founded"],
            work_area=_work_area(town, entry["area"], places),
        )
        counts["communities"] += 1
        for place_key, activity, schedule in entry["places"]:
            place = places[place_key]
            services.meeting_place_add(
                actor=loader,
                community=community,
                names=_langs(place),
                kind=place["kind"],
                location=accept_geometry(
                    {"type": "Point", "coordinates": place["at"]},
                    allowed=("Point",),
                    place=town,
                ),
                activities=_langs(data["activities"][activity]),
                schedules=_langs(data["schedules"][schedule]),
                is_open_space=place["kind"] not in ("office", "school"),
            )
            counts["meeting_places"] += 1
        existing[community.slug] = community
    return existing


def _links(
    data: dict[str, Any], found: dict[str, Community], loader: User, counts: Counter
) -> None:
    for source_slug, target_slug, kind, note in data["links"]:
        source, target = found.get(source_slug), found.get(target_slug)
        if source is None or target is None:
            continue
        pair = Q(source=source, target=target) | Q(source=target, target=source)
        if CommunityLink.objects.filter(pair, kind=kind).exists():
            continue
        services.community_link_add(
            actor=loader, source=source, target=target, kind=kind, note=note
        )
        counts["links"] += 1


def _mapper(
    data: dict[str, Any], found: dict[str, Community], loader: User, counts: Counter
) -> User:
    spec = data["mapper"]
    ngo = _account(
        spec["username"],
        counts,
        password=DEMO_PASSWORD,
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        preferred_language=spec["language"],
    )
    for slug in spec["maps"]:
        community = found.get(slug)
        if community is None:
            continue
        if not CommunityMember.objects.filter(community=community, user=ngo).exists():
            services.community_member_add(
                actor=loader, community=community, user=ngo, role=MemberRole.MAPPER
            )
            counts["members"] += 1
    return ngo


def load(stdout: Any = None) -> dict[str, int]:
    """Add the Ust-Kamenogorsk communities, links, mapper and concerns not there yet."""
    out = stdout if stdout is not None else sys.stdout
    data = _fixture()
    town = Town.objects.filter(slug=data["town"]).first()
    if town is None:
        out.write(
            "Community demo: skipped, load the Ust-Kamenogorsk demo town first.\n"
        )
        return {}
    counts: Counter = Counter()
    with transaction.atomic():
        loader = _account(LOADER, counts, password=None)
        role_grant(actor=None, user=loader, role=Role.ADMIN, town=town)
        found = _communities(town, data, loader, counts)
        _links(data, found, loader, counts)
        ngo = _mapper(data, found, loader, counts)
        counts["concerns"] += load_concerns(town, found, ngo, data)
    return dict(counts)
