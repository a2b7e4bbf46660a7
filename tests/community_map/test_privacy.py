"""The database coarsens private concerns; exact places stay with the NGO."""

from __future__ import annotations

import pytest
from django.db import connection

from community_map.models import Concern
from community_map.privacy import PUBLIC_GRID_M, exact_scope, grid_cell_centre


def utm(point, srid=32643):
    return point.transform(srid, clone=True)


@pytest.mark.django_db
def test_private_point_is_public_only_as_its_grid_cell_centre(record):
    concern = record(76.91537, 52.04561)
    concern.refresh_from_db()
    exact, public = utm(concern.location), utm(concern.public_point)
    assert (round(public.x, 3), round(public.y, 3)) == tuple(
        round(v, 3) for v in grid_cell_centre(exact.x, exact.y)
    )
    assert abs(public.x - exact.x) <= PUBLIC_GRID_M / 2
    assert abs(public.y - exact.y) <= PUBLIC_GRID_M / 2
    assert concern.public_point != concern.location


@pytest.mark.django_db
def test_neighbours_in_one_cell_share_one_public_point(record):
    a = record(76.91537, 52.04561)
    b = record(76.91540, 52.04563)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.public_point.equals_exact(b.public_point, 1e-9)


@pytest.mark.django_db
def test_a_private_area_is_public_only_as_one_cell_centre(record):
    area = {
        "type": "Polygon",
        "coordinates": [
            [
                [76.9150, 52.0450],
                [76.9165, 52.0450],
                [76.9165, 52.0460],
                [76.9150, 52.0460],
                [76.9150, 52.0450],
            ]
        ],
    }
    concern = record(geometry=area)
    concern.refresh_from_db()
    assert concern.public_point.geom_type == "Point"
    centre = utm(concern.public_point)
    assert centre.x % PUBLIC_GRID_M == pytest.approx(PUBLIC_GRID_M / 2)


@pytest.mark.django_db
def test_a_concern_from_an_organisation_is_public_where_it_is(record):
    concern = record(76.91537, 52.04561, private=False)
    concern.refresh_from_db()
    assert concern.public_point.equals_exact(concern.location, 1e-9)


@pytest.mark.django_db
def test_python_cannot_write_an_exact_public_point(record):
    concern = record(76.91537, 52.04561)
    concern.public_point = concern.location
    concern.save()
    concern.refresh_from_db()
    assert not concern.public_point.equals_exact(concern.location, 1e-9)


@pytest.mark.django_db
def test_raw_sql_is_coarsened_and_placed_in_its_district(record, town):
    concern = record(76.91537, 52.04561)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE community_map_concern SET location = "
            "ST_SetSRID(ST_MakePoint(76.9512, 52.0601), 4326), public_point = location "
            "WHERE id = %s",
            [concern.pk],
        )
    concern.refresh_from_db()
    assert concern.district.slug == "east"
    assert not concern.public_point.equals_exact(concern.location, 1e-9)


@pytest.mark.django_db
def test_only_the_carrying_ngo_and_staff_see_exact_places(
    record, town, mapper, resident, staff, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    from community_map.models import CommunityMember, MemberRole
    from tests.community_map.conftest import community_in

    concern = record()
    other = community_in(town, "other-ngo")
    stranger = django_user_model.objects.create_user(username="other", password="x")
    CommunityMember.objects.create(
        community=other, user=stranger, role=MemberRole.MAPPER
    )

    def sees(viewer):
        return Concern.objects.filter(
            exact_scope(viewer, town.pk), pk=concern.pk
        ).exists()

    assert sees(mapper) and sees(staff)
    assert not sees(resident) and not sees(stranger) and not sees(AnonymousUser())
