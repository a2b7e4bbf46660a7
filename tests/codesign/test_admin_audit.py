"""The admin goes through the services: council seats and contest dates are audited,
and limits that ballots already cast would break are refused on the form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, has_role
from accounts.services import role_grant
from audit.models import AuditEntry
from codesign import services
from codesign.errors import ActionRefused
from codesign.models import Campaign, CouncilMember
from contest.models import Contest, Stage
from tests.codesign.admin_forms import add_inline_row, unchanged
from tests.codesign.conftest import IINS, on_ballot
from tests.contest.conftest import make_contest
from tests.factories import TownFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"  # TEST-NET-2


def staff_admin_of(town, django_user_model, *codenames: str):
    """A staff account holding the admin role of ``town`` only, with model rights."""
    user = django_user_model.objects.create_user(
        username=f"admin-{town.slug}", password="x", is_staff=True
    )
    role_grant(actor=None, user=user, role=Role.ADMIN, town=town)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def campaign_page(campaign: Campaign) -> str:
    return reverse("admin:codesign_campaign_change", args=[campaign.pk])


# --- Council seats -------------------------------------------------------------------


def test_a_seat_given_in_the_admin_is_an_audited_role_grant(
    admin_client, admin_user, campaign, expert
):
    page = campaign_page(campaign)
    data = add_inline_row(
        unchanged(admin_client.get(page)),
        "council",
        user=str(expert.pk),
        affiliation="Akimat of Aksu",
    )
    response = admin_client.post(page, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert has_role(expert, Role.COUNCIL, campaign=campaign)
    entry = AuditEntry.objects.get(action="role.grant", target_id=str(expert.pk))
    assert entry.actor == admin_user and entry.address == ADDRESS
    assert entry.data["campaign"] == campaign.pk
    assert entry.data["affiliation"] == "Akimat of Aksu"


def test_a_seat_deleted_in_the_admin_is_an_audited_revoke(
    admin_client, admin_user, campaign, council
):
    page = campaign_page(campaign)
    data = unchanged(admin_client.get(page), **{"council-0-DELETE": "on"})
    response = admin_client.post(page, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert not CouncilMember.objects.filter(campaign=campaign).exists()
    entry = AuditEntry.objects.get(action="role.revoke")
    assert entry.actor == admin_user and entry.address == ADDRESS
    assert entry.target_id == str(council.user_id)


def test_an_admin_of_another_town_is_refused_on_the_form(
    client, campaign, expert, django_user_model
):
    rudny = TownFactory(slug="rudny")
    clerk = staff_admin_of(
        rudny,
        django_user_model,
        "view_campaign",
        "change_campaign",
        "add_councilmember",
        "view_councilmember",
    )
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    page = campaign_page(campaign)
    data = add_inline_row(
        unchanged(client.get(page)), "council", user=str(expert.pk), affiliation=""
    )
    response = client.post(page, data)
    assert response.status_code == 200
    assert "Only an administrator of this town" in response.content.decode()
    assert not CouncilMember.objects.filter(campaign=campaign).exists()
    assert not AuditEntry.objects.filter(target_id=str(expert.pk)).exists()


# --- Contest dates -------------------------------------------------------------------


def test_contest_dates_moved_in_the_admin_are_an_audited_stage_change(
    admin_client, admin_user, aksu
):
    contest = make_contest(aksu, Stage.SUBMISSION)  # started 10 days ago
    page = reverse("admin:contest_contest_change", args=[contest.pk])
    # Drawings were accepted until yesterday: the contest is past its submission.
    data = unchanged(admin_client.get(page))
    data["submission_end"] = str(timezone.localdate() - dt.timedelta(days=1))
    data["title_en"] = "The Aksu of the future"
    response = admin_client.post(page, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    contest.refresh_from_db()
    assert str(contest.submission_end) == data["submission_end"]
    assert contest.title_en == "The Aksu of the future"
    entry = AuditEntry.objects.get(action="contest.stage")
    assert entry.actor == admin_user and entry.address == ADDRESS
    assert entry.data["after"]["submission_end"] == data["submission_end"]
    assert entry.data["before"]["submission_end"] != data["submission_end"]
    assert (entry.data["from"], entry.data["to"]) == ("submission", contest.stage)
    assert contest.stage != Stage.SUBMISSION


def test_contest_text_saved_in_the_admin_is_no_stage_change(admin_client, aksu):
    contest = make_contest(aksu, Stage.SUBMISSION)
    page = reverse("admin:contest_contest_change", args=[contest.pk])
    data = unchanged(admin_client.get(page), title_en="The Aksu of the future")
    assert admin_client.post(page, data).status_code == 302
    assert not AuditEntry.objects.filter(action="contest.stage").exists()


def test_staff_who_do_not_organise_cannot_move_contest_dates(
    client, aksu, django_user_model
):
    contest = make_contest(aksu, Stage.SUBMISSION)
    clerk = django_user_model.objects.create_user(
        username="clerk", password="x", is_staff=True
    )
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_contest", "change_contest"])
    )
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    page = reverse("admin:contest_contest_change", args=[contest.pk])
    before = contest.submission_end
    data = unchanged(client.get(page))
    data["submission_end"] = str(contest.submission_start)
    response = client.post(page, data)
    assert response.status_code == 200
    assert "Only the chair of the jury and the organisers" in response.content.decode()
    assert Contest.objects.get(pk=contest.pk).submission_end == before
    assert not AuditEntry.objects.filter(action="contest.stage").exists()


# --- Limits below the ballots already cast ---------------------------------------------


@pytest.fixture
def voted(aksu, resident, expert, django_user_model):
    """A campaign in voting (3 choices at most) and a ballot that ticks three."""
    campaign, proposals = on_ballot(aksu, resident, expert)
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    services.ballot_submit(
        campaign=campaign, user=resident, choices={p.pk: 1 for p in proposals}
    )
    return campaign


def test_lowering_max_choices_below_a_cast_ballot_is_a_form_error(admin_client, voted):
    page = campaign_page(voted)
    data = unchanged(admin_client.get(page), max_choices="2")
    response = admin_client.post(page, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "1 ballot already cast ticks more than 2 projects (up to 3)" in str(
        form.errors["max_choices"]
    )
    assert Campaign.objects.get(pk=voted.pk).max_choices == 3
    # A limit the ballots fit is saved.
    data = unchanged(admin_client.get(page), max_choices="5")
    assert admin_client.post(page, data).status_code == 302
    assert Campaign.objects.get(pk=voted.pk).max_choices == 5


def test_the_limits_check_names_the_budget_and_the_points(
    aksu, resident, expert, django_user_model
):
    knapsack, proposals = on_ballot(
        aksu, resident, expert, ballot_type="knapsack", max_choices=None
    )
    services.voter_verify_iin(campaign=knapsack, user=resident, iin=IINS[0])
    services.ballot_submit(
        campaign=knapsack, user=resident, choices={p.pk: 1 for p in proposals}
    )
    with pytest.raises(ActionRefused) as refused:
        services.campaign_limits_check(
            campaign=knapsack,
            budget=10_000_000,  # the ballot spends 16 000 000
            ballot_type="knapsack",
            max_choices=None,
            max_points=None,
        )
    assert refused.value.field == "budget"
    assert "16" in str(refused.value) and "000" in str(refused.value)
    # Nothing was changed by the trial.
    assert Campaign.objects.get(pk=knapsack.pk).budget == 100_000_000
    services.campaign_limits_check(
        campaign=knapsack,
        budget=16_000_000,
        ballot_type="knapsack",
        max_choices=None,
        max_points=None,
    )
    cumulative, proposals = on_ballot(
        aksu,
        resident,
        expert,
        slug="points",
        ballot_type="cumulative",
        max_choices=None,
        max_points=10,
    )
    services.voter_verify_iin(campaign=cumulative, user=resident, iin=IINS[1])
    services.ballot_submit(
        campaign=cumulative,
        user=resident,
        choices=dict(zip([p.pk for p in proposals], [4, 3, 2], strict=True)),
    )
    limits = {"budget": cumulative.budget, "ballot_type": "cumulative"}
    with pytest.raises(ActionRefused) as refused:
        services.campaign_limits_check(
            campaign=cumulative, max_choices=None, max_points=5, **limits
        )
    assert refused.value.field == "max_points"
    assert "more than 5 points (up to 9)" in str(refused.value)
    with pytest.raises(ActionRefused) as refused:  # ticks cannot hold points
        services.campaign_limits_check(
            campaign=cumulative,
            budget=cumulative.budget,
            ballot_type="approval",
            max_choices=3,
            max_points=None,
        )
    assert refused.value.field == "ballot_type"


# --- Jury seats ----------------------------------------------------------------------


def test_jury_seats_given_changed_and_taken_in_the_admin_are_audited(
    admin_client, admin_user, aksu, django_user_model
):
    contest = make_contest(aksu)
    juror = django_user_model.objects.create_user(username="teacher", password="x")
    page = reverse("admin:contest_contest_change", args=[contest.pk])

    data = add_inline_row(
        unchanged(admin_client.get(page)),
        "jury",
        user=str(juror.pk),
        role="art teacher",
    )
    response = admin_client.post(page, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    granted = AuditEntry.objects.get(action="role.grant", target_id=str(juror.pk))
    assert granted.actor == admin_user and granted.address == ADDRESS
    assert granted.data["contest"] == contest.pk
    assert granted.data["represents"] == "art teacher"

    data = unchanged(admin_client.get(page), **{"jury-0-is_chair": "on"})
    assert admin_client.post(page, data).status_code == 302
    changed = AuditEntry.objects.get(action="role.change", target_id=str(juror.pk))
    assert changed.data["chair"] is True

    data = unchanged(admin_client.get(page), **{"jury-0-DELETE": "on"})
    assert admin_client.post(page, data).status_code == 302
    assert not contest.jury.exists()
    revoked = AuditEntry.objects.get(action="role.revoke", target_id=str(juror.pk))
    assert revoked.actor == admin_user


# --- Community seats -----------------------------------------------------------------


def test_community_seats_changed_in_the_admin_are_audited(
    admin_client, admin_user, django_user_model
):
    from tests.community_map.conftest import community_in

    town = TownFactory()
    community = community_in(town)  # without a work area: the admin used to answer 500
    assert community.work_area is None
    person = django_user_model.objects.create_user(username="volunteer", password="x")
    page = reverse("admin:community_map_community_change", args=[community.pk])

    # The fixture's community has no Kazakh name, which the admin requires.
    shown = unchanged(admin_client.get(page), name_kk="Береке")
    data = add_inline_row(shown, "members", user=str(person.pk), role="mapper")
    response = admin_client.post(page, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    granted = AuditEntry.objects.get(action="role.grant", target_id=str(person.pk))
    assert granted.actor == admin_user and granted.address == ADDRESS
    assert granted.data["role"] == "community_mapper"

    data = unchanged(admin_client.get(page), **{"members-0-DELETE": "on"})
    data["name_kk"] = "Береке"
    assert admin_client.post(page, data).status_code == 302
    assert not community.members.exists()
    assert AuditEntry.objects.filter(
        action="role.revoke", target_id=str(person.pk)
    ).exists()
