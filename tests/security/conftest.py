"""Pictures carrying everything a phone or an editor puts in them, and places to send them."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from codesign.models import Phase
from contest.models import Stage
from tests.codesign.conftest import make_campaign
from tests.contest.conftest import make_contest

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="52,2.5N" exif:GPSLongitude="76,55.2E"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
COMMENT = b"Aigerim's phone, 12 Abai street"


def gps_exif() -> Image.Exif:
    """The camera's make and where the photographer stood (GPS IFD)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x8825] = {1: "N", 2: (52.0, 2.0, 30.0), 3: "E", 4: (76.0, 55.0, 10.0)}
    return exif


def loaded_photo(
    size: tuple[int, int] = (1200, 900), fmt: str = "JPEG", name: str = "IMG_0001.jpg"
) -> SimpleUploadedFile:
    """A photo with GPS EXIF, XMP, an ICC profile and (JPEG) a comment."""
    image = Image.new("RGB", size, (40, 120, 60))
    image.paste((230, 200, 40), (0, 0, size[0] // 2, size[1] // 2))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options: dict = {"exif": gps_exif(), "icc_profile": icc}
    if fmt == "JPEG":
        options.update(xmp=XMP, comment=COMMENT)
    if fmt == "PNG":
        options.update(pnginfo=_png_text())
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def _png_text():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return info


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """The marker and the first bytes of each JPEG segment before the image data."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    segments, at = [], 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: metadata comes before it
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        segments.append((marker, data[at + 4 : at + 4 + min(length - 2, 40)]))
        at += 2 + length
    return segments


def metadata_left(data: bytes) -> list[str]:
    """What of EXIF, GPS, XMP, ICC and comments a stored JPEG still carries."""
    found = []
    for marker, start in jpeg_segments(data):
        if marker == 0xE1 and start.startswith(b"Exif"):
            found.append("EXIF")
        if marker == 0xE1 and b"adobe" in start.lower():
            found.append("XMP")
        if marker == 0xE2 and start.startswith(b"ICC_PROFILE"):
            found.append("ICC")
        if marker == 0xFE:
            found.append("comment")
    image = Image.open(io.BytesIO(data))
    if image.getexif():
        found.append("EXIF tags")
    if image.getexif().get_ifd(0x8825):
        found.append("GPS")
    for key in ("xmp", "icc_profile", "comment", "exif"):
        if image.info.get(key):
            found.append(f"info[{key}]")
    for needle in (b"PhoneMaker", b"GPSLatitude", COMMENT):
        if needle in data:
            found.append(needle.decode())
    return found


def bomb_png(width: int = 30_000, height: int = 30_000) -> SimpleUploadedFile:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # IHDR's data starts at byte 16: width, height; its CRC follows the 13 bytes.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return SimpleUploadedFile("drawing.png", bytes(data), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user(username="resident", password="x")


@pytest.fixture
def campaign(aksu):
    return make_campaign(aksu, Phase.SUBMISSION)


@pytest.fixture
def contest(aksu):
    return make_contest(aksu, Stage.SUBMISSION)
