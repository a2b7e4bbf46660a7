"""A drawing's picture: re-encoded once (no EXIF, no GPS), plus a small copy."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image

from codesign.services.photos import reencode

THUMB_LONG_SIDE = 480  # two columns of a phone's gallery at 2x density


def prepare(upload: UploadedFile) -> tuple[ContentFile, ContentFile]:
    """The drawing as a clean JPEG and its thumbnail, or ActionRefused (field image)."""
    full = reencode(upload, field="image")
    with Image.open(io.BytesIO(full.read())) as picture:
        small = picture.copy()
    full.seek(0)
    small.thumbnail((THUMB_LONG_SIDE, THUMB_LONG_SIDE))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=78, optimize=True)
    return full, ContentFile(out.getvalue())
