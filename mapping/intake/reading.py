"""Reading JSON text from outside: size, encoding, depth, and NaN kept in sight.

The standard parser turns NaN and Infinity into floats silently; here they
survive as `NonFinite` so the geometry checks can say where they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .errors import GeometryRejected
from .limits import IntakeLimits


class NonFinite(float):
    """A NaN or Infinity token found in JSON, kept so its place can be named."""

    def __new__(cls, token: str) -> NonFinite:
        obj = super().__new__(cls, float(token.replace("Infinity", "inf")))
        obj.token = token
        return obj

    token: str


def load_json(data: str | bytes, *, limits: IntakeLimits) -> Any:
    """Parse JSON text within the size limit; NaN/Infinity survive as NonFinite."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > limits.max_bytes:
        raise too_large(size, limits)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GeometryRejected(
                code="invalid_encoding",
                message=_("The request is not UTF-8 text (byte %(offset)s).")
                % {"offset": exc.start},
            ) from exc
    try:
        return json.loads(data, parse_constant=NonFinite)
    except RecursionError as exc:
        raise _too_deep(limits) from exc
    except json.JSONDecodeError as exc:
        raise GeometryRejected(
            code="invalid_json",
            message=_(
                "This is not valid JSON: %(problem)s at line %(line)s, column "
                "%(column)s."
            )
            % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno},
            details={"line": exc.lineno, "column": exc.colno},
        ) from exc


def too_large(size: int, limits: IntakeLimits) -> GeometryRejected:
    """The refusal of a body over the size limit (HTTP 413)."""
    return GeometryRejected(
        code="too_large",
        message=_(
            "The request is %(size)s bytes; at most %(limit)s bytes are "
            "accepted. Simplify the shape or send it in parts."
        )
        % {"size": size, "limit": limits.max_bytes},
        status=413,
    )


def _too_deep(limits: IntakeLimits, location: str = "") -> GeometryRejected:
    return GeometryRejected(
        code="too_deep",
        message=_(
            "The JSON is nested more than %(limit)s levels deep; GeoJSON never "
            "needs that many."
        )
        % {"limit": limits.max_depth},
        location=location,
    )


def _depth(value: Any) -> int:
    """How deeply objects and lists nest in a parsed document (iteratively)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_depth(value: Any, limits: IntakeLimits) -> None:
    """Refuse deep nesting anywhere in the document (properties included)."""
    if _depth(value) <= limits.max_depth:
        return
    # Too deep: walk again, now keeping the path, to say where.
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        node, depth, pointer = stack.pop()
        if isinstance(node, Mapping):
            children = [(v, f"{pointer}/{k}") for k, v in node.items()]
        elif isinstance(node, list):
            children = [(v, f"{pointer}/{i}") for i, v in enumerate(node)]
        else:
            continue
        if depth > limits.max_depth:
            raise _too_deep(limits, pointer)
        stack.extend((child, depth + 1, where) for child, where in children)
