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
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
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
        document = json.loads(
            data, parse_constant=NonFinite, object_pairs_hook=_unique_members
        )
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
    except ValueError as exc:  # an integer of thousands of digits (CVE-2020-10735)
        raise GeometryRejected(
            code="number_too_long",
            message=_(
                "A number in the JSON has thousands of digits; a coordinate needs "
                "no more than 17."
            ),
        ) from exc
    # Only an escape (\u0000, \ud800) or a caller's own text can hold these.
    if not data.isascii() or "\\u" in data:
        _check_text(document)
    return document


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members; a name given twice is refused, not silently overwritten.

    Parsers disagree on which of two equal names wins (the first, the last, an
    error), so a shape checked here could be read differently elsewhere.
    """
    members = dict(pairs)
    if len(members) == len(pairs):
        return members
    seen: set[str] = set()
    for name, _value in pairs:
        if name in seen:
            break
        seen.add(name)
    raise GeometryRejected(
        code="duplicate_member",
        message=_(
            "The member “%(name)s” appears more than once in one object; give it once."
        )
        % {"name": shown(name)},
    )


def _check_text(document: Any) -> None:
    """Refuse text PostgreSQL and UTF-8 cannot hold: NUL and lone surrogates."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                _check_string(key, pointer or "/")
                stack.append((value, f"{pointer}/{key}"))
        elif isinstance(node, list):
            stack.extend((value, f"{pointer}/{i}") for i, value in enumerate(node))
        elif isinstance(node, str):
            _check_string(node, pointer or "/")


def _check_string(text: str, pointer: str) -> None:
    if "\x00" in text:
        raise GeometryRejected(
            code="nul_character",
            message=_(
                "The text at %(where)s holds a NUL character (\\u0000), which "
                "Birge does not store: remove it."
            )
            % {"where": shown(pointer)},
            location=pointer,
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise GeometryRejected(
            code="invalid_unicode",
            message=_(
                "The text at %(where)s is not valid Unicode (a lone UTF-16 "
                "surrogate, \\ud800-\\udfff): send the text as UTF-8."
            )
            % {"where": shown(pointer)},
            location=pointer,
        ) from None


def shown(text: str, limit: int = 60) -> str:
    """Text from outside as a message quotes it: short, and printable as UTF-8."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\x00", "\\u0000")


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
