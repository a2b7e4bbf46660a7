"""Photos from outside: size-checked, re-encoded as JPEG, stripped of EXIF/GPS."""

from __future__ import annotations

import io
import secrets
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import User
from moderation.bans import ensure_may_write

from ..errors import ActionRefused
from ..models import Proposal, ProposalPhoto, ProposalStatus

MAX_PHOTOS = 6


# Only these parsers ever see an upload: no EPS (Ghostscript), PSD, TIFF or ICO.
FORMATS = ("JPEG", "PNG", "WEBP")


def reencode(upload: UploadedFile, *, field: str = "photo") -> ContentFile:
    """The upload as a fresh JPEG with no metadata, or why it cannot be one.

    Only the pixels travel to the new file: no EXIF (so no GPS position), XMP,
    ICC profile or JPEG comment survives. Pictures over BIRGE_PHOTO_MAX_PIXELS
    (decompression bombs among them) are refused before they are decoded.
    """
    if upload.size is not None and upload.size > settings.BIRGE_PHOTO_MAX_BYTES:
        raise ActionRefused(
            "photo_too_large",
            _("This photo is larger than %(mb)d MB.")
            % {"mb": settings.BIRGE_PHOTO_MAX_BYTES // (1024 * 1024)},
            status=413,
            field=field,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=FORMATS)
            if image.width * image.height > settings.BIRGE_PHOTO_MAX_PIXELS:
                raise Image.DecompressionBombError
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ActionRefused(
            "photo_too_many_pixels",
            _("This picture has too many pixels; please send a smaller one."),
            status=413,
            field=field,
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ActionRefused(
            "photo_unreadable",
            _("This file is not a picture we can read (JPEG, PNG or WebP)."),
            status=400,
            field=field,
        ) from None
    long_side = settings.BIRGE_PHOTO_LONG_SIDE
    upright.thumbnail((long_side, long_side))
    # A new image has an empty info dict: Pillow would otherwise copy the
    # original's JPEG comment (and, given the chance, its ICC profile) on save.
    pixels = Image.new("RGB", upright.size)
    pixels.paste(upright)
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue())


@transaction.atomic
def photo_add(
    *, proposal: Proposal, user: User, upload: UploadedFile, caption: str = ""
) -> ProposalPhoto:
    """The author adds a photo to their proposal while they may still edit it."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id != user.pk:
        raise ActionRefused("not_found", _("No such proposal."), status=404)
    ensure_may_write(user)
    if proposal.status not in (
        ProposalStatus.DRAFT,
        ProposalStatus.SUBMITTED,
        ProposalStatus.CHANGES_REQUESTED,
    ):
        raise ActionRefused(
            "not_editable", _("Photos can be added only before the council decides.")
        )
    if proposal.photos.count() >= MAX_PHOTOS:
        raise ActionRefused(
            "too_many_photos",
            _("A proposal can have at most %(n)d photos.") % {"n": MAX_PHOTOS},
            status=400,
        )
    content = reencode(upload)
    photo = ProposalPhoto(
        proposal=proposal, token=secrets.token_hex(16), caption=caption.strip()[:200]
    )
    photo.image.save("photo.jpg", content, save=False)
    photo.full_clean()
    photo.save()
    return photo
