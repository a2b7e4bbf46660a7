"""Photos and children's drawings that are no picture Birge may keep."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from .common import image_bytes, upload, zip_of

PHOTO_ENDPOINTS = ["proposal-photo", "drawing-image"]
UNREADABLE = ["not a picture we can read"]
TOO_MANY_PIXELS = ["too many pixels"]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_of_zeros(width: int, height: int) -> bytes:
    """A black 1-bit PNG of any size, written a row at a time (a few kB on disk)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    parts = [compressor.compress(row * 256) for _ in range(height // 256)]
    parts.append(compressor.compress(row * (height % 256)))
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims another size."""
    data = bytearray(image_bytes("JPEG"))
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def bmp_claiming(width: int, height: int) -> bytes:
    """A BMP header for a huge 24-bit picture, followed by a few bytes of it."""
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 0, 0, 0, 0)
    pixels = b"\x00" * 64
    size = 14 + len(header) + len(pixels)
    return b"BM" + struct.pack("<IHHI", size, 0, 0, 54) + header + pixels


def photos() -> None:
    jpeg = image_bytes("JPEG", (400, 300), quality=90)
    png = image_bytes("PNG", (200, 150))
    cases: list[tuple[str, bytes, str, list[str], dict[str, Any]]] = [
        ("text-as-jpg", b"This is not a picture.\n" * 20, "photo.jpg", UNREADABLE, {}),
        ("empty", b"", "photo.jpg", ["empty"], {}),
        ("truncated-jpeg", jpeg[: len(jpeg) * 3 // 5], "photo.jpg", UNREADABLE, {}),
        ("jpeg-markers-only", jpeg[:20], "photo.jpg", UNREADABLE, {}),
        ("truncated-png", png[: len(png) // 2], "photo.png", UNREADABLE, {}),
        (
            "png-corrupt-data",
            png[:60] + bytes(b ^ 0x5A for b in png[60:-20]) + png[-20:],
            "photo.png",
            UNREADABLE,
            {},
        ),
        (
            "truncated-webp",
            image_bytes("WEBP", (300, 200))[:80],
            "photo.webp",
            UNREADABLE,
            {},
        ),
        (
            "png-bomb-900-megapixels",
            png_of_zeros(30_000, 30_000),
            "photo.png",
            TOO_MANY_PIXELS,
            {"status": [413]},
        ),
        (
            "png-48-megapixels",
            png_of_zeros(8_000, 6_000),
            "photo.png",
            TOO_MANY_PIXELS,
            {"status": [413]},
        ),
        (
            "jpeg-claiming-65500-square",
            jpeg_claiming(65_500, 65_500),
            "photo.jpg",
            TOO_MANY_PIXELS,
            {"status": [413]},
        ),
        (
            "bmp-claiming-50000-square",
            bmp_claiming(50_000, 50_000),
            "photo.bmp",
            UNREADABLE,
            {},
        ),
        (
            "svg-with-script",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(document.cookie)</script></svg>",
            "drawing.svg",
            UNREADABLE,
            {},
        ),
        (
            "svg-named-png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'onload="alert(1)"/>',
            "photo.png",
            UNREADABLE,
            {},
        ),
        (
            "html-named-jpg",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "photo.jpg",
            UNREADABLE,
            {},
        ),
        (
            "gif-javascript-polyglot",
            b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert(document.domain)//;",
            "photo.gif",
            UNREADABLE,
            {},
        ),
        (
            "pdf-named-jpg",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
            "photo.jpg",
            UNREADABLE,
            {},
        ),
        (
            "eps-postscript",
            b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
            b"(/etc/passwd) (r) file pop\nshowpage\n",
            "photo.eps",
            UNREADABLE,
            {},
        ),
        (
            "zip-named-jpg",
            zip_of({"photo.jpg": jpeg}),
            "photo.jpg",
            UNREADABLE,
            {},
        ),
        (
            "elf-named-png",
            b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120,
            "photo.png",
            UNREADABLE,
            {},
        ),
        (
            "php-named-jpg",
            b"<?php system($_GET['c']); ?>",
            "photo.php.jpg",
            UNREADABLE,
            {},
        ),
        (
            "over-size-limit",
            jpeg,
            "photo.jpg",
            ["larger than"],
            {"status": [413], "settings": {"BIRGE_PHOTO_MAX_BYTES": 2_000}},
        ),
    ]
    for name, content, filename, words, extra in cases:
        upload(
            "photos",
            name,
            content,
            filename,
            words,
            f"a photo or drawing that is not one: {name}",
            endpoints=PHOTO_ENDPOINTS
            + (
                ["propose-with-photo"]
                if name
                in ("truncated-jpeg", "png-bomb-900-megapixels", "svg-with-script")
                else []
            ),
            **extra,
        )
