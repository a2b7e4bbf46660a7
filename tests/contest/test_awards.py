"""Awards: diplomas for the top of the ranking, certificates for the rest, printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.roles import Role
from accounts.services import role_grant
from codesign.errors import ActionRefused
from contest import selectors, services
from contest.models import Award, Stage
from contest.stages import move_to

from .conftest import judged, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def families(django_user_model):
    return [
        django_user_model.objects.create_user(username=f"family-{n}") for n in range(2)
    ]


@pytest.fixture
def five(contest, families):
    """Five drawings (№1-5), sent by two families."""
    return [
        send(
            contest,
            families[n % 2],
            title=f"Рисунок {n + 1}",
            child_first_name=f"Ребёнок{n + 1}",
            child_full_name=f"Ребёнок{n + 1} Фамилия{n + 1}",
        )
        for n in range(5)
    ]


def test_the_top_drawings_get_diplomas_and_the_rest_certificates(contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    granted = services.awards_grant(contest=contest, by=jury[0], diplomas=3)
    kinds = {a.drawing.number: a.kind for a in granted}
    assert kinds == {
        2: "diploma",
        4: "diploma",
        5: "diploma",
        1: "certificate",
        3: "certificate",
    }
    # Serial numbers follow the ranking: the best drawing's diploma is №001.
    assert [(a.drawing.number, a.serial) for a in granted] == [
        (2, "001"),
        (4, "002"),
        (5, "003"),
        (1, "004"),
        (3, "005"),
    ]


def test_granting_again_changes_nothing(contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    services.awards_grant(contest=contest, by=jury[0], diplomas=3)
    before = list(Award.objects.values_list("drawing_id", "kind", "number"))
    assert services.awards_grant(contest=contest, by=jury[0], diplomas=3) == []
    assert services.awards_grant(contest=contest, by=jury[0], diplomas=5) == []
    assert list(Award.objects.values_list("drawing_id", "kind", "number")) == before


def test_a_tie_at_the_last_diploma_gives_each_tied_drawing_a_diploma(
    contest, five, jury
):
    contest = judged(contest, five, jury, [9, 8, 8, 5, 4])
    ranks = [row.rank for row in selectors.ranking(contest)]
    assert ranks == [1, 2, 2, 4, 5]
    services.awards_grant(contest=contest, by=jury[0], diplomas=2)
    assert Award.objects.filter(kind="diploma").count() == 3


def test_awards_wait_until_every_drawing_is_scored(contest, five, jury):
    contest = judged(contest, five[:4], jury, [6, 9, 4, 8])
    services.drawing_accept(drawing=five[4], by=jury[0])
    with pytest.raises(ActionRefused) as refused:
        services.awards_grant(contest=contest, by=jury[0], diplomas=3)
    assert refused.value.code == "unscored"
    assert "1 drawing in the contest has no score yet" in str(refused.value)
    assert not Award.objects.exists()


def test_only_the_chair_or_a_town_admin_grant_awards(
    contest, five, jury, django_user_model
):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    with pytest.raises(ActionRefused) as refused:
        services.awards_grant(contest=contest, by=jury[1], diplomas=3)
    assert refused.value.status == 403
    akimat = django_user_model.objects.create_user(username="akimat")
    role_grant(actor=None, user=akimat, role=Role.ADMIN, town=contest.town)
    assert len(services.awards_grant(contest=contest, by=akimat, diplomas=3)) == 5


def test_awards_are_granted_once_the_jury_has_started(contest, five, jury):
    services.drawing_accept(drawing=five[0], by=jury[0])
    with pytest.raises(ActionRefused) as refused:
        services.award_grant(drawing=five[0], kind="diploma", by=jury[0])
    assert refused.value.code == "stage_not_open"


def test_one_award_per_drawing(contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    award = services.award_grant(drawing=five[0], kind="diploma", by=jury[0])
    assert services.award_grant(drawing=five[0], kind="diploma", by=jury[0]) == award
    with pytest.raises(ActionRefused) as refused:
        services.award_grant(drawing=five[0], kind="certificate", by=jury[0])
    assert "already has a laureate's diploma (№001)" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO contest_award (contest_id, drawing_id, kind, number, "
            "awarded_on, created, modified) "
            "VALUES (%s, %s, 'certificate', 99, now(), now(), now())",
            [contest.pk, five[0].pk],
        )


def test_serial_numbers_are_unique_per_contest_and_kinds_known(contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    services.award_grant(drawing=five[0], kind="diploma", by=jury[0])
    insert = (
        "INSERT INTO contest_award (contest_id, drawing_id, kind, number, "
        "awarded_on, created, modified) VALUES (%s, %s, %s, %s, now(), now(), now())"
    )
    for kind, number in (("certificate", 1), ("medal", 7), ("diploma", 0)):
        with (
            pytest.raises(IntegrityError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(insert, [contest.pk, five[1].pk, kind, number])


def test_the_ranking_page_grants_the_awards(client, contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    url = reverse("contest:ranking", kwargs={"town": "aksu", "slug": contest.slug})
    client.force_login(jury[0])
    page = client.get(url).content.decode()
    assert 'name="diplomas" value="4"' in page  # about three in four, as in Aksu
    response = client.post(url, {"diplomas": 3})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Laureate&#x27;s diploma №001" in page
    assert "Every drawing in the contest has its award." in page


def test_the_ranking_is_for_the_jury_and_staff_only(
    client, contest, five, jury, outsider, family
):
    url = reverse("contest:ranking", kwargs={"town": "aksu", "slug": contest.slug})
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(jury[1])
    assert client.get(url).status_code == 200
    # A juror sees the ranking but cannot grant the awards.
    assert client.post(url, {"diplomas": 3}).status_code == 404


@pytest.fixture
def awarded(contest, five, jury):
    contest = judged(contest, five, jury, [6, 9, 4, 8, 7])
    services.awards_grant(
        contest=contest, by=jury[0], diplomas=3, awarded_on=dt.date(2023, 9, 20)
    )
    return contest


@pytest.mark.parametrize(
    ("language", "kind_word", "wording", "date"),
    [
        ("kk", "лауреат", "байқаудың лауреаты", "2023"),
        ("ru", "лауреат", "лауреат конкурса", "20 сентября 2023"),
        ("en", "laureate", "laureate of the contest", "20 September 2023"),
    ],
)
def test_a_diploma_prints_in_the_pages_language(
    client, awarded, jury, language, kind_word, wording, date
):
    client.force_login(jury[0])
    response = client.get(
        f"/{language}/towns/aksu/contests/{awarded.slug}/drawings/2/award/"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert "Ребёнок2 Фамилия2" in page  # made out to the child's full name
    assert wording in page
    assert date in page
    assert "№001" in page
    assert "css/contest.css" in page
    assert "Бауыржан Сұлтанов" in page  # the chair signs


def test_the_print_styles_give_a4_landscape_without_navigation():
    css = (Path(settings.BASE_DIR) / "static/css/contest.css").read_text()
    assert "@page { size: A4 landscape; margin: 0; }" in css
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and "display: none" in print_rules
    assert "break-after: page" in print_rules


def test_print_all_awards_is_for_the_organisers(client, awarded, jury, outsider):
    url = reverse("contest:awards-print", kwargs={"town": "aksu", "slug": awarded.slug})
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(jury[1])  # a juror: not an organiser
    assert client.get(url).status_code == 404
    client.force_login(jury[0])
    page = client.get(url).content.decode()
    assert page.count('<article class="award-sheet ') == 5
    assert "5 pages to print." in page
    diplomas = client.get(url + "?kind=diploma").content.decode()
    assert diplomas.count('class="award-sheet award-diploma"') == 3


def test_a_family_prints_its_own_childs_award_only(client, awarded, families, five):
    client.force_login(families[0])  # sent №1, №3 and №5
    own = client.get(five[0].get_absolute_url())
    assert "Print the participant&#x27;s certificate" in own.content.decode()
    assert client.get(five[0].get_absolute_url() + "award/").status_code == 200
    assert client.get(five[1].get_absolute_url() + "award/").status_code == 404


def test_the_gallery_shows_the_award_badges(client, awarded):
    page = client.get(awarded.get_absolute_url()).content.decode()
    assert page.count("badge badge-diploma") == 3
    assert page.count("badge badge-certificate") == 2
    assert "3 diplomas" in page and "2 certificates" in page


def test_a_drawing_with_an_award_is_not_withdrawn(awarded, five, families):
    with pytest.raises(ActionRefused) as refused:
        services.drawing_withdraw(drawing=five[0], by=families[0])
    assert refused.value.code == "awarded"


def test_results_stage_keeps_the_awards_printable(client, awarded, jury):
    move_to(awarded, Stage.RESULTS)
    client.force_login(jury[0])
    url = reverse("contest:awards-print", kwargs={"town": "aksu", "slug": awarded.slug})
    assert client.get(url).status_code == 200
