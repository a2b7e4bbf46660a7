"""The Aksu contest demo: 61 drawings, 45 diplomas, 16 certificates, loaded once."""

from __future__ import annotations

import hashlib
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from PIL import Image

from contest import demo as contest_demo
from contest.models import Award, Contest, Drawing, JuryMember, JuryScore, Stage
from mapping.demo import load_demo
from mapping.models import Site

TABLES = (Contest, Drawing, JuryMember, JuryScore, Award)

# Every test asks for the database: pytest-django sets up the test database only
# for the aliases that collected tests mark, and the module fixture below must
# never run against the real one (as it would with `-k` picking one test).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, media):
    """The geographic demo, then the contest demo, loaded once for the module.

    Inside a transaction rolled back afterwards; each test runs in a savepoint.
    """
    from django.conf import settings

    old_root, settings.MEDIA_ROOT = settings.MEDIA_ROOT, media
    with django_db_blocker.unblock(), transaction.atomic():
        assert connection.settings_dict["NAME"].startswith("test"), "not a test DB"
        load_demo()
        out = io.StringIO()
        started = time.perf_counter()
        counts = contest_demo.load(stdout=out)
        seconds = time.perf_counter() - started
        print(f"contest demo loaded in {seconds:.1f} s")
        yield counts, out.getvalue(), seconds
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_root


@pytest.fixture(autouse=True)
def _media(settings, media):
    settings.MEDIA_ROOT = media


@pytest.fixture
def contest(loaded, db):
    return Contest.objects.get(town__slug="aksu", slug=contest_demo.SLUG)


def test_the_demo_has_the_numbers_of_the_real_contest(loaded, contest):
    counts, out, _seconds = loaded
    assert counts["drawings"] == 61
    assert counts["diplomas"] == 45
    assert counts["certificates"] == 16
    assert contest.drawings.filter(status="accepted").count() == 61
    assert Award.objects.filter(contest=contest, kind="diploma").count() == 45
    assert Award.objects.filter(contest=contest, kind="certificate").count() == 16
    assert JuryScore.objects.filter(drawing__contest=contest).count() == 61 * 3
    assert "How I see the Aksu of the future" in out


def test_a_second_load_adds_nothing(loaded):
    before = {model: model.objects.count() for model in TABLES}
    users = get_user_model().objects.count()
    assert contest_demo.load(stdout=io.StringIO()) == {}
    assert {model: model.objects.count() for model in TABLES} == before
    assert get_user_model().objects.count() == users


def test_the_contest_is_in_2023_with_its_results_out(contest):
    assert contest.submission_start.year == contest.judging_end.year == 2023
    assert contest.stage == Stage.RESULTS
    assert contest.title_kk and contest.title_ru == "Как я вижу Аксу будущего"
    dates = set(contest.drawings.values_list("created__year", flat=True))
    assert dates == {2023}
    assert set(contest.awards.values_list("awarded_on", flat=True)) == {
        contest.judging_end
    }


def test_the_diplomas_went_to_the_top_of_the_ranking(contest):
    from contest.selectors import ranking

    rows = ranking(contest)
    kinds = [row.award.kind for row in rows]
    assert kinds == ["diploma"] * 45 + ["certificate"] * 16
    assert rows[44].mean > rows[45].mean  # no tie at the line


def test_some_drawings_are_placed_in_the_park(contest):
    park = Site.objects.get(town__slug="aksu", slug="aksu-neglected-park")
    placed = contest.drawings.filter(place__isnull=False)
    assert 10 <= placed.count() < 61
    assert placed.filter(place__within=park.boundary).count() == placed.count()


def test_the_pictures_differ_and_are_small_clean_jpegs(contest):
    digests = set()
    for drawing in contest.drawings.all():
        data = drawing.image.read()
        drawing.image.close()
        digests.add(hashlib.sha256(data).hexdigest())
        assert len(data) < 120_000
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG" and not picture.getexif()
    assert len(digests) == 61


def test_the_gallery_shows_the_demo(client, contest):
    page = client.get(contest.get_absolute_url()).content.decode()
    assert "61 drawings in the gallery" in page
    assert "45 diplomas" in page and "16 certificates" in page
    assert page.count('class="drawing-card"') == 48  # the first page
    assert "Page 1 of 2" in page


def test_the_demo_accounts_chair_the_jury_and_print(client, contest):
    chair = JuryMember.objects.get(contest=contest, is_chair=True)
    assert chair.user.username == "expert"
    client.force_login(chair.user)
    ranking = client.get(contest.get_absolute_url() + "ranking/")
    assert ranking.status_code == 200
    akimat = get_user_model().objects.get(username="akimat")
    client.force_login(akimat)
    page = client.get(contest.get_absolute_url() + "awards/print/").content.decode()
    assert page.count('<article class="award-sheet ') == 61
    resident = get_user_model().objects.get(username="resident")
    assert Drawing.objects.filter(contest=contest, submitted_by=resident).exists()
