"""The jury: only its members see the sheet; one score per juror per drawing."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from codesign.errors import ActionRefused
from contest import services
from contest.models import JuryMember, JuryScore, Stage
from contest.stages import move_to

from .conftest import judged, send

pytestmark = pytest.mark.django_db


def jury_url(contest):
    return reverse("contest:jury", kwargs={"town": "aksu", "slug": contest.slug})


@pytest.fixture
def drawing(contest, family, jury):
    item = send(contest, family)
    services.drawing_accept(drawing=item, by=jury[0])
    return item


def test_the_jury_page_does_not_exist_for_anyone_off_the_jury(
    client, contest, jury, outsider, family, admin_user
):
    url = jury_url(contest)
    assert client.get(url).status_code == 404
    for person in (outsider, family, admin_user):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {"drawing": 1, "score": 10}).status_code == 404
    assert not JuryScore.objects.exists()


def test_a_juror_judges_blind_and_scores_during_judging(
    client, contest, drawing, juror
):
    contest = move_to(contest, Stage.JUDGING)
    client.force_login(juror)
    page = client.get(jury_url(contest)).content.decode()
    assert "Менің арман саябағым" in page and "8 years old" in page
    assert "Сейітқызы" not in page and "+7 700" not in page
    assert "Айлин" not in page  # not even the first name: only title and age

    response = client.post(
        jury_url(contest), {"drawing": 1, "score": 9, "comment": "Яркие цвета"}
    )
    assert response.status_code == 302
    assert response.url.endswith("#d1")
    page = client.get(jury_url(contest)).content.decode()
    assert "Your score: 9" in page
    assert "You have scored 1 of 1 drawings." in page


def test_a_second_score_by_the_same_juror_replaces_the_first(contest, drawing, jury):
    contest = move_to(contest, Stage.JUDGING)
    services.jury_score(drawing=drawing, juror=jury[1], score=4)
    services.jury_score(drawing=drawing, juror=jury[1], score=8, comment="Лучше")
    score = JuryScore.objects.get()
    assert (score.score, score.comment) == (8, "Лучше")


def test_the_database_keeps_one_score_per_juror_and_drawing(contest, drawing, jury):
    contest = move_to(contest, Stage.JUDGING)
    first = services.jury_score(drawing=drawing, juror=jury[1], score=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        JuryScore.objects.create(drawing=drawing, juror=first.juror, score=7)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO contest_juryscore "
            "(drawing_id, juror_id, score, comment, created, modified) "
            "VALUES (%s, %s, 7, '', now(), now())",
            [drawing.pk, first.juror_id],
        )
    assert JuryScore.objects.count() == 1


@pytest.mark.parametrize("score", [0, 11, 100])
def test_the_database_refuses_a_score_out_of_range(contest, drawing, jury, score):
    member = JuryMember.objects.get(user=jury[1])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO contest_juryscore "
            "(drawing_id, juror_id, score, comment, created, modified) "
            "VALUES (%s, %s, %s, '', now(), now())",
            [drawing.pk, member.pk, score],
        )
    contest = move_to(contest, Stage.JUDGING)
    with pytest.raises(ActionRefused) as refused:
        services.jury_score(drawing=drawing, juror=jury[1], score=score)
    assert refused.value.code == "score_range"
    assert not JuryScore.objects.exists()


def test_the_page_says_when_a_score_is_out_of_range(client, contest, drawing, juror):
    contest = move_to(contest, Stage.JUDGING)
    client.force_login(juror)
    response = client.post(jury_url(contest), {"drawing": 1, "score": 11})
    assert response.status_code == 400
    assert "less than or equal to 10" in response.content.decode()
    assert not JuryScore.objects.exists()


def test_scores_are_given_only_while_the_jury_judges(contest, drawing, jury):
    with pytest.raises(ActionRefused) as refused:
        services.jury_score(drawing=drawing, juror=jury[1], score=7)
    assert refused.value.code == "stage_not_open"
    move_to(contest, Stage.RESULTS)
    with pytest.raises(ActionRefused) as refused:
        services.jury_score(drawing=drawing, juror=jury[1], score=7)
    assert refused.value.code == "stage_closed"
    assert "finished judging" in str(refused.value)


def test_only_jurors_of_this_contest_score(contest, drawing, outsider, aksu):
    from .conftest import make_contest

    other = make_contest(aksu, Stage.JUDGING, slug="another")
    services.jury_member_add(contest=other, user=outsider)
    move_to(contest, Stage.JUDGING)
    with pytest.raises(ActionRefused) as refused:
        services.jury_score(drawing=drawing, juror=outsider, score=7)
    assert refused.value.status == 404


def test_a_drawing_waiting_for_its_check_is_not_scored(contest, family, jury):
    waiting = send(contest, family)
    move_to(contest, Stage.JUDGING)
    with pytest.raises(ActionRefused) as refused:
        services.jury_score(drawing=waiting, juror=jury[1], score=7)
    assert refused.value.code == "not_in_contest"


def test_a_jury_has_one_chair(contest, jury, outsider):
    with pytest.raises(IntegrityError), transaction.atomic():
        JuryMember.objects.create(contest=contest, user=outsider, is_chair=True)


def test_a_juror_who_scored_stays_on_the_jury(contest, drawing, jury):
    judged(contest, [drawing], jury, [7])
    member = JuryMember.objects.get(user=jury[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        member.delete()
