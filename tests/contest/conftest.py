"""Contests in a chosen stage, families, a jury, and pictures with GPS in them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contest import services
from contest.models import Contest, Stage
from contest.stages import move_to, schedule_with
from mapping.intake import accept_geometry
from mapping.models import Site

TITLES = {
    "kk": "Болашақтағы Ақсуды мен қалай көремін",
    "ru": "Как я вижу Аксу будущего",
    "en": "How I see the Aksu of the future",
}
# Inside the test town's neglected park (tests/factories.py: square at 76.93, 52.04).
IN_PARK = {"type": "Point", "coordinates": [76.931, 52.041]}
OUTSIDE_TOWN = {"type": "Point", "coordinates": [77.5, 52.5]}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded drawings go to a folder of the test's own, checked for leftovers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_contest(town, stage: Stage = Stage.SUBMISSION, **overrides) -> Contest:
    options = {
        "town": town,
        "slug": f"drawings-{stage.value}",
        "titles": TITLES,
        "site": Site.objects.filter(town=town, slug="neglected-park").first(),
        "texts": {
            "diploma_text": {
                "kk": "байқаудың лауреаты",
                "ru": "лауреат конкурса",
                "en": "laureate of the contest",
            },
            "certificate_text": {
                "kk": "байқаудың қатысушысы",
                "ru": "участник конкурса",
                "en": "participant of the contest",
            },
        },
        "min_age": 4,
        "max_age": 15,
        **schedule_with(stage),
    }
    options.update(overrides)
    return services.contest_create(**options)


def picture(size=(800, 600), fmt="JPEG", gps=True, name="IMG_0042.jpg"):
    """A phone photo of a drawing, with the camera's make and where it was taken."""
    image = Image.new("RGB", size, (250, 240, 200))
    image.paste((40, 120, 220), (0, 0, size[0], size[1] // 3))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (52.0, 2.0, 30.0), 3: "E", 4: (76.0, 55.0, 10.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def send(contest, sender, **overrides):
    """A drawing through the service the send page uses."""
    options = {
        "contest": contest,
        "sender": sender,
        "upload": picture(),
        "title": "Менің арман саябағым",
        "language": "kk",
        "child_first_name": "Айлин",
        "child_age": 8,
        "child_full_name": "Айлин Сейітқызы",
        "guardian_contact": "+7 700 555 0101",
        "consent": True,
    }
    options.update(overrides)
    return services.drawing_submit(**options)


def in_town(contest, geometry=IN_PARK):
    return accept_geometry(geometry, allowed=("Point",), place=contest.town)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def family(django_user_model):
    return django_user_model.objects.create_user(
        username="aigerim", password="x", first_name="Айгерім"
    )


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user(username="passer-by", password="x")


@pytest.fixture
def chair(django_user_model):
    return django_user_model.objects.create_user(
        username="chair", password="x", first_name="Бауыржан", last_name="Сұлтанов"
    )


@pytest.fixture
def juror(django_user_model):
    return django_user_model.objects.create_user(username="juror", password="x")


@pytest.fixture
def contest(aksu):
    return make_contest(aksu, Stage.SUBMISSION)


@pytest.fixture
def jury(contest, chair, juror):
    services.jury_member_add(contest=contest, user=chair, is_chair=True)
    services.jury_member_add(contest=contest, user=juror, role="art teacher")
    return [chair, juror]


def judged(contest, drawings, jury, scores):
    """Accept the drawings, move to judging, and score: scores[i] per drawing i."""
    for drawing in drawings:
        services.drawing_accept(drawing=drawing, by=jury[0])
    contest = move_to(contest, Stage.JUDGING)
    for drawing, score in zip(drawings, scores, strict=True):
        for member in jury:
            services.jury_score(drawing=drawing, juror=member, score=score)
    return contest
