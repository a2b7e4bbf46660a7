"""Photos: re-encoded as JPEG without EXIF or GPS, within byte and pixel limits."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from codesign import services
from codesign.errors import ActionRefused
from codesign.models import ProposalPhoto

from .conftest import propose

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo_with_gps(size=(2400, 1800), fmt="JPEG") -> SimpleUploadedFile:
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (52.0, 2.0, 30.0), 3: "E", 4: (76.0, 55.0, 10.0)}
    exif[0x8825] = gps  # GPSInfo: where the photographer stood
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_photo_loses_its_exif_and_gps_and_is_scaled(campaign, resident):
    proposal = propose(campaign, resident, submit=False)
    upload = photo_with_gps()
    assert Image.open(upload).getexif().get(0x8825)  # the original has GPS
    upload.seek(0)
    photo = services.photo_add(proposal=proposal, user=resident, upload=upload)
    stored = Image.open(photo.image.path)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert max(stored.size) == 1600
    assert "IMG_0001" not in photo.image.name


def test_a_file_that_is_not_a_picture_is_refused(campaign, resident):
    proposal = propose(campaign, resident, submit=False)
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ActionRefused) as refused:
        services.photo_add(proposal=proposal, user=resident, upload=fake)
    assert refused.value.code == "photo_unreadable"
    assert not ProposalPhoto.objects.exists()


def test_too_many_pixels_is_refused_before_decoding(campaign, resident, settings):
    settings.BIRGE_PHOTO_MAX_PIXELS = 1_000_000
    proposal = propose(campaign, resident, submit=False)
    with pytest.raises(ActionRefused) as refused:
        services.photo_add(proposal=proposal, user=resident, upload=photo_with_gps())
    assert refused.value.code == "photo_too_many_pixels"
    assert refused.value.status == 413


def test_too_many_bytes_is_refused(campaign, resident, settings):
    settings.BIRGE_PHOTO_MAX_BYTES = 1000
    proposal = propose(campaign, resident, submit=False)
    with pytest.raises(ActionRefused) as refused:
        services.photo_add(proposal=proposal, user=resident, upload=photo_with_gps())
    assert refused.value.code == "photo_too_large"


def test_only_the_author_adds_photos(campaign, resident, django_user_model):
    proposal = propose(campaign, resident, submit=False)
    other = django_user_model.objects.create_user(username="other")
    with pytest.raises(ActionRefused) as refused:
        services.photo_add(proposal=proposal, user=other, upload=photo_with_gps())
    assert refused.value.status == 404
