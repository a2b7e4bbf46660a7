"""The NGO desk: each NGO sees its own concerns exactly, changes their status, in
three languages; everybody else finds nothing there."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from community_map.models import CommunityMember, Concern, ConcernStatus, MemberRole
from community_map.services.concerns import concern_record
from tests.community_map.conftest import community_in
from tests.factories import accepted_in

CONTACT = "+7 777 123 45 67"


def dashboard_url(town, query: str = "") -> str:
    url = reverse("community_map:dashboard", kwargs={"town": town.slug})
    return f"{url}?{query}" if query else url


def concern_url(concern) -> str:
    return reverse(
        "community_map:concern",
        kwargs={"town": concern.town.slug, "pk": concern.pk},
    )


def status_url(concern) -> str:
    return reverse(
        "community_map:concern-status",
        kwargs={"town": concern.town.slug, "pk": concern.pk},
    )


@pytest.fixture
def other_ngo(town, django_user_model):
    """A second NGO in the same town, with a mapper and a concern of its own."""
    community = community_in(town, "other-ngo")
    user = django_user_model.objects.create_user(username="other", password="x")
    CommunityMember.objects.create(
        community=community, user=user, role=MemberRole.MAPPER
    )
    concern = concern_record(
        recorder=user,
        community=community,
        category="snow",
        source="reception",
        reported_on=datetime.date(2025, 1, 20),
        location=accepted_in(
            town, {"type": "Point", "coordinates": [76.95, 52.06]}, ("Point",)
        ),
        text="Snow not cleared on the other NGO's street.",
        reporter_name="Other caller",
        reporter_contact="+7 700 999 99 99",
    )
    return {"community": community, "mapper": user, "concern": concern}


@pytest.fixture
def desk(client, mapper):
    client.force_login(mapper)
    return client


@pytest.mark.django_db
def test_a_mapper_sees_only_their_communities_concerns_with_counts(
    desk, town, record, other_ngo
):
    mine = [record(category="heating"), record(category="yards")]

    response = desk.get(dashboard_url(town))

    assert response.status_code == 200
    shown = [c.pk for c in response.context["page"].object_list]
    assert sorted(shown) == sorted(c.pk for c in mine)
    assert other_ngo["concern"].pk not in shown
    counts = response.context["counts"]
    assert {r["value"]: r["count"] for r in counts["status"]}["new"] == 2
    by_category = {r["value"]: r["count"] for r in counts["category"]}
    assert by_category["heating"] == 1 and by_category["yards"] == 1
    assert by_category["snow"] == 0
    assert "Snow not cleared" not in response.content.decode()


@pytest.mark.django_db
def test_the_table_follows_the_filter_in_the_url(desk, town, record):
    heating = record(category="heating", reported_on=datetime.date(2025, 1, 10))
    record(category="yards", reported_on=datetime.date(2025, 2, 10))

    response = desk.get(dashboard_url(town, "category=heating&to=2025-01-31"))

    assert [c.pk for c in response.context["page"].object_list] == [heating.pk]
    page = response.content.decode()
    assert "1 concern" in page
    # The status counts link to the same filter with the status added: shareable.
    new = next(r for r in response.context["counts"]["status"] if r["value"] == "new")
    assert new["query"] == "category=heating&status=new&to=2025-01-31"


@pytest.mark.django_db
def test_a_bad_filter_is_explained_not_crashed(desk, town, record):
    record()
    response = desk.get(dashboard_url(town, "status=lost"))
    assert response.status_code == 400
    assert "is not a known status" in response.content.decode()


@pytest.mark.django_db
def test_the_table_pages_by_fifty(desk, town, record):
    concerns = [record(text=f"Concern {n}") for n in range(55)]
    first = desk.get(dashboard_url(town))
    second = desk.get(dashboard_url(town, "page=2"))
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    shown = {c.pk for c in first.context["page"].object_list} | {
        c.pk for c in second.context["page"].object_list
    }
    assert shown == {c.pk for c in concerns}
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_the_reporters_contact_is_on_the_concern_page_for_its_ngo_only(
    client, town, record, mapper, resident, other_ngo, staff
):
    concern = record(reporter_name="Aigerim", reporter_contact=CONTACT)

    client.force_login(mapper)
    page = client.get(concern_url(concern))
    assert page.status_code == 200
    assert CONTACT in page.content.decode() and "Aigerim" in page.content.decode()
    marks = {m["role"] for m in page.context["map_config"]["marks"]}
    assert marks == {"exact", "public", "cell"}

    client.force_login(staff)
    assert CONTACT in client.get(concern_url(concern)).content.decode()

    for outsider in (resident, other_ngo["mapper"]):
        client.force_login(outsider)
        response = client.get(concern_url(concern))
        assert response.status_code == 404
        assert CONTACT not in response.content.decode()
    client.force_login(other_ngo["mapper"])
    assert CONTACT not in client.get(dashboard_url(town)).content.decode()


@pytest.mark.django_db
def test_people_who_do_not_map_find_no_dashboard(client, town, resident, record):
    record()
    client.force_login(resident)
    assert client.get(dashboard_url(town)).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, town, record):
    concern = record()
    for url in (dashboard_url(town), concern_url(concern)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_a_mapper_changes_a_status_and_returns_to_the_filtered_list(desk, town, record):
    concern = record()
    back = dashboard_url(town, "category=heating")

    response = desk.post(
        status_url(concern),
        {
            "status": "forwarded",
            "seen": concern.modified.isoformat(),
            "next": back,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == back
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.FORWARDED
    assert "is now “Forwarded”" in desk.get(back).content.decode()


@pytest.mark.django_db
def test_statuses_may_go_in_any_order(desk, town, record):
    concern = record()
    for status in ("resolved", "new", "answered"):
        concern.refresh_from_db()
        desk.post(
            status_url(concern),
            {"status": status, "seen": concern.modified.isoformat()},
        )
        concern.refresh_from_db()
        assert concern.status == status


@pytest.mark.django_db
def test_a_change_made_meanwhile_is_not_overwritten(desk, town, record, ngo):
    concern = record()
    seen = concern.modified.isoformat()
    # Another mapper answers it first.
    Concern.objects.filter(pk=concern.pk).update(
        status=ConcernStatus.ANSWERED,
        modified=concern.modified + datetime.timedelta(seconds=5),
    )

    response = desk.post(
        status_url(concern),
        {"status": "forwarded", "seen": seen, "next": dashboard_url(town)},
    )

    assert response.status_code == 409
    assert "changed this concern after you opened the page" in (
        response.content.decode()
    )
    assert "“Answered”" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED


@pytest.mark.django_db
def test_an_outsiders_status_change_is_not_found_and_changes_nothing(
    client, town, record, resident, other_ngo
):
    concern = record()
    for outsider in (resident, other_ngo["mapper"]):
        client.force_login(outsider)
        response = client.post(
            status_url(concern),
            {"status": "resolved", "seen": concern.modified.isoformat()},
        )
        assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW


@pytest.mark.django_db
def test_a_redirect_elsewhere_is_not_followed(desk, town, record):
    concern = record()
    response = desk.post(
        status_url(concern),
        {"status": "answered", "next": "https://evil.example/"},
    )
    assert response["Location"] == concern_url(concern)


@pytest.mark.django_db
def test_links_to_pages_not_built_yet_are_left_out_not_broken(desk, town, record):
    page = desk.get(concern_url(record())).content.decode()
    assert "Record a hotline call" in page
    links = desk.get(dashboard_url(town)).context["desk_links"]
    assert links["record"].endswith("/ngo/record/")
    for name in ("import", "map", "export"):
        assert links[name] == "" or links[name].startswith("/en/towns/oskemen/")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_desk_pages_open_in_every_language(client, town, record, mapper, language):
    concern = record()
    client.force_login(mapper)
    with translation.override(language):
        urls = [
            dashboard_url(town),
            concern_url(concern),
            reverse("community_map:record", kwargs={"town": town.slug}),
            reverse("community_map:report", kwargs={"town": town.slug}),
        ]
    for url in urls:
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()
