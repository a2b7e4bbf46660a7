"""Every picture Birge takes in is re-encoded: no EXIF, GPS, XMP, ICC or comment left,
decompression bombs and disguised files refused with a clear 4xx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from codesign import services as budget
from codesign.errors import ActionRefused
from codesign.models import Proposal, ProposalPhoto, ProposalStatus
from contest.models import Drawing
from tests.codesign.conftest import propose
from tests.contest.conftest import send

from .conftest import bomb_png, loaded_photo, metadata_left

pytestmark = pytest.mark.django_db

APPS = [
    "accounts",
    "audit",
    "backups",
    "codesign",
    "community_map",
    "contest",
    "integrity",
    "limits",
    "mapping",
    "moderation",
    "synthetic",
]
TOO_MANY_PIXELS = "This picture has too many pixels; please send a smaller one."
UNREADABLE = "This file is not a picture we can read (JPEG, PNG or WebP)."


def stored_bytes(field) -> bytes:
    return Path(field.path).read_bytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_proposal_photo_is_stored_without_any_metadata(campaign, resident, fmt):
    upload = loaded_photo(fmt=fmt, name=f"IMG_0001.{fmt.lower()}")
    original = Image.open(io.BytesIO(upload.read()))
    upload.seek(0)
    assert original.getexif().get_ifd(0x8825), "the original says where it was taken"
    proposal = propose(campaign, resident, submit=False)
    photo = budget.photo_add(proposal=proposal, user=resident, upload=upload)
    data = stored_bytes(photo.image)
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert metadata_left(data) == []


def test_a_contest_drawing_and_its_thumbnail_keep_no_metadata(contest, resident):
    drawing = send(contest, resident, upload=loaded_photo(size=(1600, 1200)))
    assert metadata_left(stored_bytes(drawing.image)) == []
    assert metadata_left(stored_bytes(drawing.thumbnail)) == []


def test_a_building_progress_photo_keeps_no_metadata(
    campaign, resident, django_user_model
):
    akimat = django_user_model.objects.create_superuser(username="akimat", password="x")
    proposal = propose(campaign, resident)
    # Only a winner has building progress; the vote itself is tested elsewhere.
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.SELECTED)
    proposal.refresh_from_db()
    note = budget.progress_note_add(
        proposal=proposal, user=akimat, text="Swings are up.", photo=loaded_photo()
    )
    assert metadata_left(stored_bytes(note.image)) == []


def test_a_turned_phone_photo_is_stored_upright(campaign, resident):
    image = Image.new("RGB", (400, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was held turned by 90°
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("turned.jpg", out.getvalue())
    proposal = propose(campaign, resident, submit=False)
    photo = budget.photo_add(proposal=proposal, user=resident, upload=upload)
    assert (photo.width, photo.height) == (200, 400)
    assert metadata_left(stored_bytes(photo.image)) == []


def test_a_decompression_bomb_is_refused_before_it_is_decoded(campaign, resident):
    proposal = propose(campaign, resident, submit=False)
    with pytest.raises(ActionRefused) as refused:
        budget.photo_add(proposal=proposal, user=resident, upload=bomb_png())
    assert refused.value.status == 413
    assert str(refused.value) == TOO_MANY_PIXELS
    assert not ProposalPhoto.objects.exists()


def test_the_pixel_limit_follows_the_setting(campaign, resident, settings):
    settings.BIRGE_PHOTO_MAX_PIXELS = 1_000_000
    proposal = propose(campaign, resident, submit=False)
    with pytest.raises(ActionRefused) as refused:
        budget.photo_add(
            proposal=proposal, user=resident, upload=loaded_photo(size=(1200, 900))
        )
    assert refused.value.code == "photo_too_many_pixels"


def svg_named_png() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def gif_named_jpg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 10, 10)).save(out, "GIF")
    return out.getvalue()


def eps_named_jpg() -> bytes:
    # Pillow hands EPS to Ghostscript; Birge never lets it parse one.
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"


def truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()[:400]


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"<?php system($_GET['c']); ?>"),
        ("photo.png", svg_named_png()),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", gif_named_jpg()),
        ("photo.jpg", eps_named_jpg()),
        ("photo.jpg", truncated_jpeg()),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("photo.jpg", b""),
    ],
    ids=["php", "svg", "html", "gif", "eps", "truncated", "broken-webp", "empty"],
)
def test_a_file_with_a_picture_name_that_is_not_one_is_refused(
    campaign, resident, name, content
):
    proposal = propose(campaign, resident, submit=False)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with pytest.raises(ActionRefused) as refused:
        budget.photo_add(proposal=proposal, user=resident, upload=upload)
    assert refused.value.status == 400
    assert str(refused.value) == UNREADABLE
    assert not ProposalPhoto.objects.exists()


def contest_form(upload) -> dict:
    return {
        "image": upload,
        "title": "Менің саябағым",
        "language": "kk",
        "child_first_name": "Айлин",
        "child_age": 8,
        "child_full_name": "Айлин Сейітқызы",
        "guardian_contact": "+7 700 555 0101",
        "consent": "on",
    }


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_send_page_answers_413_for_a_bomb_in_the_senders_language(
    client, contest, resident, language
):
    client.force_login(resident)
    with translation.override(language):
        url = reverse(
            "contest:submit", kwargs={"town": contest.town.slug, "slug": contest.slug}
        )
        expected = gettext(TOO_MANY_PIXELS)
    response = client.post(url, contest_form(bomb_png()))
    assert response.status_code == 413
    assert expected in response.content.decode()
    assert language == "en" or expected != TOO_MANY_PIXELS
    assert not Drawing.objects.exists()


def test_the_send_page_answers_400_for_a_disguised_file(client, contest, resident):
    client.force_login(resident)
    with translation.override("ru"):
        url = reverse(
            "contest:submit", kwargs={"town": contest.town.slug, "slug": contest.slug}
        )
        expected = gettext(UNREADABLE)
    fake = SimpleUploadedFile("drawing.png", svg_named_png(), content_type="image/png")
    response = client.post(url, contest_form(fake))
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Drawing.objects.exists()


def test_uploads_are_opened_only_by_the_re_encoder():
    """Pillow opens outside files in one function; the other intakes call it."""
    allowed = {
        "codesign/services/photos.py",  # reencode: where every upload is opened
        "contest/images.py",  # the thumbnail of a drawing reencode has made
        "contest/pictures.py",  # the demo's drawings, made by Birge itself
    }
    base = Path(settings.BASE_DIR)
    openers = {
        str(path.relative_to(base))
        for app in APPS
        for path in (base / app).rglob("*.py")
        if "migrations" not in path.parts and "Image.open(" in path.read_text()
    }
    assert openers <= allowed, openers - allowed
    for intake in ("codesign/services/implementation.py", "contest/images.py"):
        assert "reencode(" in (base / intake).read_text(), intake
