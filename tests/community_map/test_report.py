"""A resident reports a concern on the web: stored privately, public only coarsened."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.urls import reverse
from django.utils.html import escape

from community_map.models import Concern, ConcernSource
from community_map.privacy import PUBLIC_GRID_M
from tests.community_map.conftest import community_in, rectangle

INSIDE = {"type": "Point", "coordinates": [76.91537, 52.04561]}


def report_url(town) -> str:
    return reverse("community_map:report", kwargs={"town": town.slug})


def sent(geometry=INSIDE, **fields) -> dict:
    return {
        "category": "lighting",
        "geometry": json.dumps(geometry) if isinstance(geometry, dict) else geometry,
        "precision_m": "100",
        "text": "The street lamp at the bus stop has been dark for a week.",
        "contact": "+7 701 000 00 00",
        **fields,
    }


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


@pytest.mark.django_db
def test_a_report_is_stored_privately_from_the_web_and_coarsened_in_public(
    signed_in, town, resident
):
    response = signed_in.post(report_url(town), sent())

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "community_map:report-thanks", kwargs={"town": town.slug, "pk": concern.pk}
    )
    assert concern.private is True
    assert concern.source == ConcernSource.WEB
    assert concern.reporter == resident
    assert concern.reporter_contact == "+7 701 000 00 00"
    assert concern.precision_m == 100
    assert concern.district.slug == "west"
    exact = concern.location.transform(town.utm_srid, clone=True)
    public = concern.public_point.transform(town.utm_srid, clone=True)
    assert not public.equals_exact(exact, 1e-6)
    assert abs(public.x - exact.x) <= PUBLIC_GRID_M / 2
    assert abs(public.y - exact.y) <= PUBLIC_GRID_M / 2


@pytest.mark.django_db
def test_the_thank_you_page_shows_the_public_point_not_the_exact_one(signed_in, town):
    signed_in.post(report_url(town), sent())
    concern = Concern.objects.get()
    thanks = reverse(
        "community_map:report-thanks", kwargs={"town": town.slug, "pk": concern.pk}
    )

    response = signed_in.get(thanks)

    page = response.content.decode()
    assert response.status_code == 200
    assert "What happens next" in page
    marks = response.context["map_config"]["marks"]
    assert {mark["role"] for mark in marks} == {"public", "cell"}
    public = next(m for m in marks if m["role"] == "public")["geometry"]
    assert public["coordinates"] != INSIDE["coordinates"]
    assert "76.91537" not in page and "52.04561" not in page


@pytest.mark.django_db
def test_nobody_else_sees_a_residents_thank_you_page(client, town, signed_in, mapper):
    signed_in.post(report_url(town), sent())
    concern = Concern.objects.get()
    thanks = reverse(
        "community_map:report-thanks", kwargs={"town": town.slug, "pk": concern.pk}
    )
    client.force_login(mapper)
    assert client.get(thanks).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [77.5, 52.04]}, "outside"),
        (
            {"type": "LineString", "coordinates": [[76.91, 52.04], [76.92, 52.05]]},
            "LineString",
        ),
        ('{"type": "Point", "coordinates": [76.91', "JSON"),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [76.91, 52.04],
                        [76.92, 52.05],
                        [76.92, 52.04],
                        [76.91, 52.05],
                        [76.91, 52.04],
                    ]
                ],
            },
            "",
        ),
        ("", "Mark the place on the map first"),
    ],
    ids=["outside-town", "line", "broken-json", "self-crossing", "missing"],
)
def test_bad_geometry_is_refused_with_the_intakes_message_and_nothing_stored(
    signed_in, town, geometry, message
):
    response = signed_in.post(report_url(town), sent(geometry))

    assert response.status_code == 400
    assert Concern.objects.count() == 0
    errors = response.context["form"].errors["geometry"]
    assert errors
    assert message in errors[0]
    assert escape(errors[0]) in response.content.decode()


@pytest.mark.django_db
def test_a_large_area_is_refused_as_not_small(signed_in, town):
    response = signed_in.post(
        report_url(town), sent(rectangle(76.90, 52.02, 76.95, 52.06))
    )
    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["geometry"][0]
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_an_area_is_accepted(signed_in, town):
    area = rectangle(76.9150, 52.0450, 76.9165, 52.0460)
    response = signed_in.post(report_url(town), sent(area))
    assert response.status_code == 302
    assert Concern.objects.get().location.geom_type == "Polygon"


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_sign_in_first(client, town):
    url = report_url(town)
    for response in (client.get(url), client.post(url, sent())):
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
        assert f"next={url}" in response["Location"].replace("%2F", "/")
    assert Concern.objects.count() == 0


@pytest.mark.django_db
def test_the_form_says_the_exact_place_and_contact_are_never_public(signed_in, town):
    page = signed_in.get(report_url(town)).content.decode()
    assert "Your exact place and your contact are never public." in page
    assert f"about {PUBLIC_GRID_M} m" in page
    assert "Only the NGO that takes up your concern sees it" in page
    assert "<script>" not in page  # data goes by json_script, never inline code


@pytest.mark.django_db
def test_a_report_goes_to_the_ngo_working_on_its_topic_there(
    signed_in, town, ngo, mapper, django_user_model
):
    from community_map.models import CommunityMember, MemberRole

    lights = community_in(
        town,
        "light-watch",
        topics=["lighting"],
        work_area=MultiPolygon(
            GEOSGeometry(json.dumps(rectangle(76.90, 52.02, 76.93, 52.07)), srid=4326)
        ),
    )
    CommunityMember.objects.create(
        community=lights,
        user=django_user_model.objects.create_user(username="l", password="x"),
        role=MemberRole.MAPPER,
    )

    signed_in.post(report_url(town), sent(category="lighting"))
    signed_in.post(report_url(town), sent(category="heating"))

    lamps, flat = Concern.objects.order_by("pk")
    assert lamps.community == lights
    assert flat.community == ngo


@pytest.mark.django_db
def test_a_resident_may_choose_the_ngo(signed_in, town, ngo, mapper):
    response = signed_in.post(report_url(town), sent(community=str(ngo.pk)))
    assert response.status_code == 302
    assert Concern.objects.get().community == ngo


@pytest.mark.django_db
def test_a_community_without_mappers_cannot_be_chosen(signed_in, town, ngo, mapper):
    silent = community_in(town, "silent")
    response = signed_in.post(report_url(town), sent(community=str(silent.pk)))
    assert response.status_code == 400
    assert Concern.objects.count() == 0
