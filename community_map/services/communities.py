"""Communities, their meeting places, links and members: every write, by name.

Permission is checked here, not in the views: creating a community in a town is
for staff and the town's NGO mappers; changing one is
``community_map.change_community`` (staff, or a mapper of that community).
Refusals are ``ActionRefused``: 404 for what the person may not touch, 400 for bad
input, 409 for a clash with what is already there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from mapping import richtext
from mapping.intake import AREAS, AcceptedGeometry
from mapping.languages import LANGUAGE_CODES, set_translations
from mapping.models import Town
from mapping.refusals import ActionRefused
from moderation.bans import ensure_may_write

from ..models import (
    Community,
    CommunityKind,
    CommunityLink,
    CommunityMember,
    LinkKind,
    MeetingPlace,
    MemberRole,
    PlaceKind,
    Topic,
)
from ..privacy import maps_in_town, sees_everything

SLUG_MAX = 72  # leaves room for "-99" within the field's 80
RESERVED_SLUGS = {"new", "map-geojson"}  # the directory's own pages

# Kazakh and Russian letters in Latin (a simple, readable scheme for URLs).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Kazakh and Russian Cyrillic in Latin letters; other characters unchanged."""
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def slug_from(names: Mapping[str, str]) -> str:
    """A URL slug from the English name, else the Russian, else the Kazakh one."""
    for code in ("en", "ru", "kk"):
        name = (names.get(code) or "").strip()
        if name:
            slug = slugify(transliterate(name))[:SLUG_MAX].strip("-")
            if slug:
                return f"{slug}-community" if slug in RESERVED_SLUGS else slug
    return "community"


# --- Checks shared by the writes ---------------------------------------------------


def _denied(what: str = "community") -> ActionRefused:
    messages = {
        "community": _("There is no such community, or you may not change it."),
        "town": _("Only staff and the NGO mappers of this town can add communities."),
    }
    return ActionRefused("not_found", messages[what], status=404)


def _check_editor(actor: User, community: Community) -> None:
    if not actor.has_perm("community_map.change_community", community):
        raise _denied()
    ensure_may_write(actor)


def _require_name(names: Mapping[str, str], field: str = "name") -> None:
    if not any((names.get(code) or "").strip() for code in LANGUAGE_CODES):
        raise ActionRefused(
            "no_name",
            _("Give a name in at least one language."),
            status=400,
            field=f"{field}_{LANGUAGE_CODES[0]}",
        )


def _choice(value: str, allowed: Iterable[str], field: str) -> str:
    if value not in allowed:
        raise ActionRefused(
            "unknown_choice",
            _("“%(value)s” is not one of the choices.") % {"value": str(value)[:40]},
            status=400,
            field=field,
        )
    return value


def _topics(values: Iterable[str]) -> list[str]:
    topics: list[str] = []
    for value in values:
        _choice(value, Topic.values, "topics")
        if value not in topics:
            topics.append(value)
    return topics


def _area(work_area: AcceptedGeometry | None, town: Town):  # type: ignore[no-untyped-def]
    if work_area is None:
        return None
    work_area.check_for(town)
    if work_area.geometry.geom_type not in AREAS:
        raise ActionRefused(
            "area_not_polygon",
            _("The area of work must be drawn as one or more areas (polygons)."),
            status=400,
            field="work_area",
        )
    return work_area.as_multi()


def _clean(obj: Community | MeetingPlace | CommunityLink, exclude: list[str]) -> None:
    """full_clean, with Django's message turned into a refusal on the field."""
    try:
        obj.full_clean(exclude=exclude or None)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ActionRefused(
            "invalid",
            messages[0],
            status=400,
            field="" if field == "__all__" else field,
        ) from None


def _fill(
    community: Community,
    *,
    names: Mapping[str, str],
    descriptions: Mapping[str, str] | None,
    kind: str,
    topics: Iterable[str],
    public_phone: str,
    public_email: str,
    website: str,
    private_contacts: str,
    founded: int | None,
    work_area: AcceptedGeometry | None,
) -> None:
    _require_name(names)
    set_translations(community, "name", names)
    # Communities may format descriptions; only the allowed HTML is stored.
    set_translations(community, "description", richtext.clean_each(descriptions or {}))
    community.kind = _choice(kind, CommunityKind.values, "kind")
    community.topics = _topics(topics)
    community.public_phone = public_phone.strip()
    community.public_email = public_email.strip()
    community.website = website.strip()
    community.private_contacts = private_contacts.strip()
    community.founded = founded
    community.work_area = _area(work_area, community.town)


def _exclude(community: Community) -> list[str]:
    # Django cannot evaluate the geometry CHECK constraints on an empty area.
    return [] if community.work_area else ["work_area"]


# --- Communities -------------------------------------------------------------------


def community_create(
    *,
    actor: User,
    town: Town,
    names: Mapping[str, str],
    kind: str,
    descriptions: Mapping[str, str] | None = None,
    topics: Iterable[str] = (),
    public_phone: str = "",
    public_email: str = "",
    website: str = "",
    private_contacts: str = "",
    founded: int | None = None,
    work_area: AcceptedGeometry | None = None,
    slug: str = "",
) -> Community:
    """Add a community to a town; a mapper who adds one becomes its mapper too.

    Without a slug, one is made from the name (Cyrillic in Latin letters); a
    taken slug gets a number, decided by the database's unique constraint.
    """
    if not maps_in_town(actor, town.pk):
        raise _denied("town")
    ensure_may_write(actor)
    community = Community(town=town, created_by=actor)
    _fill(
        community,
        names=names,
        descriptions=descriptions,
        kind=kind,
        topics=topics,
        public_phone=public_phone,
        public_email=public_email,
        website=website,
        private_contacts=private_contacts,
        founded=founded,
        work_area=work_area,
    )
    base = slugify(slug)[:SLUG_MAX] or slug_from(names)
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    for attempt in range(1, 100):
        community.slug = base if attempt == 1 else f"{base}-{attempt}"
        taken = Community.objects.filter(town=town, slug=community.slug).exists
        if taken():
            if slug:
                raise ActionRefused(
                    "slug_taken",
                    _("The address “%(slug)s” is taken in this town.") % {"slug": slug},
                    status=409,
                    field="slug",
                )
            continue
        _clean(community, [*_exclude(community), "slug"])
        try:
            with transaction.atomic():
                community.save()
                # Those who oversee the town add communities for others.
                if not sees_everything(actor, town.pk):
                    member = CommunityMember.objects.create(
                        community=community, user=actor, role=MemberRole.MAPPER
                    )
                    member_audit("role.grant", actor=actor, member=member)
        except IntegrityError:
            # Another request took the slug between our check and the insert.
            if not taken():
                raise
            community.pk = None
            continue
        return community
    raise IntegrityError(f"no free slug for {base!r}")


def community_update(
    *,
    actor: User,
    community: Community,
    names: Mapping[str, str],
    kind: str,
    descriptions: Mapping[str, str] | None = None,
    topics: Iterable[str] = (),
    public_phone: str = "",
    public_email: str = "",
    website: str = "",
    private_contacts: str = "",
    founded: int | None = None,
    work_area: AcceptedGeometry | None = None,
) -> Community:
    """Replace what a community says about itself; its address (slug) stays."""
    _check_editor(actor, community)
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        _fill(
            locked,
            names=names,
            descriptions=descriptions,
            kind=kind,
            topics=topics,
            public_phone=public_phone,
            public_email=public_email,
            website=website,
            private_contacts=private_contacts,
            founded=founded,
            work_area=work_area,
        )
        _clean(locked, _exclude(locked))
        locked.save()
    return locked


# --- Meeting places ----------------------------------------------------------------


def _fill_place(
    place: MeetingPlace,
    *,
    names: Mapping[str, str],
    kind: str,
    location: AcceptedGeometry,
    activities: Mapping[str, str] | None,
    schedules: Mapping[str, str] | None,
    is_open_space: bool,
) -> None:
    _require_name(names)
    location.check_for(place.community.town)
    if location.geometry.geom_type != "Point":
        raise ActionRefused(
            "place_not_point",
            _("A meeting place is one point on the map."),
            status=400,
            field="location",
        )
    set_translations(place, "name", names)
    set_translations(place, "activity", activities or {})
    set_translations(place, "schedule", schedules or {})
    place.kind = _choice(kind, PlaceKind.values, "kind")
    place.location = location.geometry
    place.is_open_space = is_open_space


def meeting_place_add(
    *,
    actor: User,
    community: Community,
    names: Mapping[str, str],
    location: AcceptedGeometry,
    kind: str = PlaceKind.OTHER,
    activities: Mapping[str, str] | None = None,
    schedules: Mapping[str, str] | None = None,
    is_open_space: bool = True,
) -> MeetingPlace:
    """Add a place where the community meets: what happens there and when."""
    _check_editor(actor, community)
    place = MeetingPlace(community=community)
    _fill_place(
        place,
        names=names,
        kind=kind,
        location=location,
        activities=activities,
        schedules=schedules,
        is_open_space=is_open_space,
    )
    _clean(place, [])
    place.save()
    return place


def meeting_place_update(
    *,
    actor: User,
    place: MeetingPlace,
    names: Mapping[str, str],
    location: AcceptedGeometry,
    kind: str = PlaceKind.OTHER,
    activities: Mapping[str, str] | None = None,
    schedules: Mapping[str, str] | None = None,
    is_open_space: bool = True,
) -> MeetingPlace:
    """Change a meeting place (its point, names, what and when)."""
    _check_editor(actor, place.community)
    _fill_place(
        place,
        names=names,
        kind=kind,
        location=location,
        activities=activities,
        schedules=schedules,
        is_open_space=is_open_space,
    )
    _clean(place, [])
    place.save()
    return place


def meeting_place_remove(*, actor: User, place: MeetingPlace) -> None:
    """Remove a meeting place from its community."""
    _check_editor(actor, place.community)
    place.delete()


# --- Links between communities -----------------------------------------------------


def community_link_add(
    *,
    actor: User,
    source: Community,
    target: Community,
    kind: str,
    note: str = "",
) -> CommunityLink:
    """Tie two communities of one town; for ``umbrella`` the source is the umbrella.

    A mapper of either community may add the tie.
    """
    editor = actor.has_perm("community_map.change_community", source)
    if not (editor or actor.has_perm("community_map.change_community", target)):
        raise _denied()
    ensure_may_write(actor)
    kind = _choice(kind, LinkKind.values, "kind")
    if source.pk == target.pk:
        raise ActionRefused(
            "link_to_itself",
            _("A community cannot be linked to itself."),
            status=400,
            field="other",
        )
    if source.town_id != target.town_id:
        raise ActionRefused(
            "link_other_town",
            _("Both communities must be in the same town."),
            status=400,
            field="other",
        )
    pair = Q(source=source, target=target) | Q(source=target, target=source)
    already = _("These communities are already linked in this way.")
    if CommunityLink.objects.filter(pair, kind=kind).exists():
        raise ActionRefused("link_exists", already, status=409, field="other")
    link = CommunityLink(source=source, target=target, kind=kind, note=note.strip())
    # The database's pair constraint is checked on insert (Least/Greatest).
    _clean(link, [])
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ActionRefused("link_exists", already, status=409, field="other") from None
    return link


def community_link_remove(*, actor: User, link: CommunityLink) -> None:
    """Undo a tie; a mapper of either end may."""
    if not (
        actor.has_perm("community_map.change_community", link.source)
        or actor.has_perm("community_map.change_community", link.target)
    ):
        raise _denied()
    ensure_may_write(actor)
    link.delete()


# --- Members -----------------------------------------------------------------------


def member_audit(action: str, *, actor: User | None, member: CommunityMember) -> None:
    """A seat in a community (member or NGO mapper) is a role: log its changes."""
    record(
        action=action,
        actor=actor,
        target=member.user,
        data={
            "role": f"community_{member.role}",
            "community": member.community.slug,
            "town": member.community.town.slug,
        },
    )


def community_member_add(
    *, actor: User, community: Community, user: User, role: str = MemberRole.MEMBER
) -> CommunityMember:
    """Add a person to a community, as a member or as one of its NGO mappers."""
    _check_editor(actor, community)
    role = _choice(role, MemberRole.values, "role")
    if CommunityMember.objects.filter(community=community, user=user).exists():
        raise ActionRefused(
            "member_exists",
            _("This person is already in the community."),
            status=409,
            field="user",
        )
    member = CommunityMember(community=community, user=user, role=role)
    try:
        with transaction.atomic():
            member.save()
            member_audit("role.grant", actor=actor, member=member)
    except IntegrityError:
        raise ActionRefused(
            "member_exists",
            _("This person is already in the community."),
            status=409,
            field="user",
        ) from None
    return member
