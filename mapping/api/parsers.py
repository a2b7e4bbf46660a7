"""JSON bodies are read by the intake's loader: size, depth and NaN named as such."""

from __future__ import annotations

from typing import Any

from rest_framework.parsers import BaseParser

from ..intake import load_json
from ..intake.limits import configured_limits
from ..intake.reading import too_large


class IntakeJSONParser(BaseParser):
    """Parse JSON with the intake's limits; errors come back as GeometryRejected."""

    media_type = "application/json"

    def parse(
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> Any:
        limits = configured_limits()
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if length.isdigit() and int(length) > limits.max_bytes:
            raise too_large(int(length), limits)  # before reading a byte of it
        body = stream.read(limits.max_bytes + 1) if stream is not None else b""
        return load_json(body, limits=limits)


class GeoJSONParser(IntakeJSONParser):
    """The same parser for bodies sent as application/geo+json."""

    media_type = "application/geo+json"
