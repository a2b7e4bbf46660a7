"""Writing communities, their places, links and members through the services."""

from __future__ import annotations

import pytest

from community_map.models import Community, CommunityLink, CommunityMember
from community_map.services.communities import (
    community_create,
    community_link_add,
    community_link_remove,
    community_member_add,
    community_update,
    meeting_place_add,
    meeting_place_remove,
    slug_from,
    transliterate,
)
from mapping.intake import AREAS
from mapping.refusals import ActionRefused
from tests.community_map.conftest import community_in, rectangle
from tests.factories import accepted_in

pytestmark = pytest.mark.django_db


def area(town, west=76.91, south=52.03, east=76.92, north=52.04):
    return accepted_in(town, rectangle(west, south, east, north), AREAS)


def point(town, lon=76.915, lat=52.045):
    return accepted_in(town, {"type": "Point", "coordinates": [lon, lat]}, ("Point",))


def test_cyrillic_names_become_latin_slugs():
    assert transliterate("Жасыл ел") == "Zhasyl el"
    assert slug_from({"ru": "Совет дома «Щедрый»"}) == "sovet-doma-shchedryi"
    assert slug_from({"kk": "Үлбі аула комитеті"}) == "ulbi-aula-komiteti"
    assert slug_from({"kk": "Қағаз", "en": "Paper Club"}) == "paper-club"
    assert slug_from({"ru": "Новое"}) == "novoe"
    assert slug_from({"en": "New"}) == "new-community"  # "new" is a page


def test_a_mapper_adds_a_community_and_becomes_its_mapper(town, mapper):
    community = community_create(
        actor=mapper,
        town=town,
        names={"ru": "Велоклуб «Иртыш»", "kk": "«Ертіс» велоклубы"},
        descriptions={"ru": "Катаемся по набережной."},
        kind="club",
        topics=["sport", "roads", "sport"],
        founded=2016,
        work_area=area(town),
    )
    assert community.slug == "veloklub-irtysh"
    assert community.topics == ["sport", "roads"]
    assert community.work_area.geom_type == "MultiPolygon"
    assert community.created_by == mapper
    assert CommunityMember.objects.filter(
        community=community, user=mapper, role="mapper"
    ).exists()


def test_slugs_are_unique_per_town(town, staff):
    first = community_create(actor=staff, town=town, names={"ru": "Береке"}, kind="ngo")
    second = community_create(
        actor=staff, town=town, names={"kk": "Береке"}, kind="club"
    )
    # The fixture's NGO is not here: "bereke" is taken by the first one only.
    assert first.slug != second.slug
    assert second.slug.startswith(first.slug)


def test_a_community_needs_a_name_in_some_language(town, staff):
    with pytest.raises(ActionRefused) as refused:
        community_create(actor=staff, town=town, names={"ru": "  "}, kind="ngo")
    assert refused.value.status == 400
    assert not Community.objects.filter(town=town).exists()


def test_unknown_topics_and_kinds_are_refused(town, staff):
    with pytest.raises(ActionRefused) as refused:
        community_create(
            actor=staff, town=town, names={"en": "X"}, kind="ngo", topics=["pizza"]
        )
    assert refused.value.field == "topics"
    with pytest.raises(ActionRefused) as refused:
        community_create(actor=staff, town=town, names={"en": "X"}, kind="sect")
    assert refused.value.field == "kind"


def test_residents_cannot_add_or_change_communities(town, ngo, resident):
    with pytest.raises(ActionRefused) as refused:
        community_create(actor=resident, town=town, names={"en": "Mine"}, kind="ngo")
    assert refused.value.status == 404
    with pytest.raises(ActionRefused):
        community_update(
            actor=resident, community=ngo, names={"en": "Taken"}, kind="ngo"
        )
    ngo.refresh_from_db()
    assert ngo.name_en == "Community bereke"


def test_a_mapper_updates_their_community_and_may_clear_its_area(town, ngo, mapper):
    community_update(
        actor=mapper,
        community=ngo,
        names={"kk": "Береке", "en": "Bereke"},
        kind="initiative",
        topics=["yards"],
        public_email="hello@example.org",
        private_contacts="Aigul, +7 700 000 00 00",
        work_area=area(ngo.town),
    )
    ngo.refresh_from_db()
    assert (ngo.name_en, ngo.kind, ngo.slug) == ("Bereke", "initiative", "bereke")
    assert ngo.name_ru == ""  # names are replaced, not merged
    assert ngo.work_area is not None
    community_update(actor=mapper, community=ngo, names={"en": "Bereke"}, kind="ngo")
    ngo.refresh_from_db()
    assert ngo.work_area is None


def test_a_bad_email_is_refused_on_its_field(ngo, mapper):
    with pytest.raises(ActionRefused) as refused:
        community_update(
            actor=mapper,
            community=ngo,
            names={"en": "B"},
            kind="ngo",
            public_email="not an address",
        )
    assert (refused.value.status, refused.value.field) == (400, "public_email")


def test_a_point_is_not_an_area_of_work(ngo, mapper):
    with pytest.raises(ActionRefused) as refused:
        community_update(
            actor=mapper,
            community=ngo,
            names={"en": "B"},
            kind="ngo",
            work_area=point(ngo.town),
        )
    assert refused.value.field == "work_area"


def test_meeting_places_are_added_and_removed(ngo, mapper):
    place = meeting_place_add(
        actor=mapper,
        community=ngo,
        names={"ru": "Библиотека"},
        kind="library",
        location=point(ngo.town),
        activities={"ru": "Мозговой штурм"},
        schedules={"ru": "По субботам"},
    )
    assert place.activity_ru == "Мозговой штурм"
    meeting_place_remove(actor=mapper, place=place)
    assert not ngo.meeting_places.exists()


def test_links_refuse_itself_and_duplicates_either_way_round(town, ngo, mapper):
    other = community_in(town, "ulba", name_en="Ulba yard")
    link = community_link_add(
        actor=mapper, source=ngo, target=other, kind="partnership"
    )
    with pytest.raises(ActionRefused) as refused:
        community_link_add(actor=mapper, source=ngo, target=ngo, kind="partnership")
    assert refused.value.status == 400
    assert "itself" in str(refused.value)
    with pytest.raises(ActionRefused) as refused:
        community_link_add(actor=mapper, source=other, target=ngo, kind="partnership")
    assert refused.value.status == 409
    assert "already linked" in str(refused.value)
    # Another kind of tie between the same two is fine.
    community_link_add(actor=mapper, source=other, target=ngo, kind="umbrella")
    assert CommunityLink.objects.count() == 2
    community_link_remove(actor=mapper, link=link)
    assert CommunityLink.objects.count() == 1


def test_links_need_a_mapper_of_one_end(town, ngo, resident):
    other = community_in(town, "ulba")
    with pytest.raises(ActionRefused) as refused:
        community_link_add(actor=resident, source=ngo, target=other, kind="umbrella")
    assert refused.value.status == 404
    assert not CommunityLink.objects.exists()


def test_a_seat_in_a_community_is_an_audited_role_grant(ngo, mapper, resident):
    from audit.models import AuditEntry

    community_member_add(actor=mapper, community=ngo, user=resident, role="mapper")
    entry = AuditEntry.objects.get(action="role.grant", target_id=str(resident.pk))
    assert entry.actor == mapper
    assert entry.data == {
        "role": "community_mapper",
        "community": ngo.slug,
        "town": ngo.town.slug,
    }


def test_members_are_added_once(ngo, mapper, resident):
    community_member_add(actor=mapper, community=ngo, user=resident, role="member")
    with pytest.raises(ActionRefused) as refused:
        community_member_add(actor=mapper, community=ngo, user=resident)
    assert refused.value.status == 409
    with pytest.raises(ActionRefused):
        community_member_add(actor=resident, community=ngo, user=mapper)
