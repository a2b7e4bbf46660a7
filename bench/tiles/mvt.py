"""Just enough of a Mapbox Vector Tile reader to count what a tile holds.

A tile is a protobuf message; this walks its layers and features without a
protobuf library: feature count, attribute names, and how many proposals the
features stand for (an aggregated cell's ``count``, otherwise one each).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) for each field of one message."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == VARINT:
            value, pos = _varint(data, pos)
        elif wire == LENGTH:
            size, pos = _varint(data, pos)
            value, pos = data[pos : pos + size], pos + size
        elif wire == FIXED64:
            value, pos = data[pos : pos + 8], pos + 8
        elif wire == FIXED32:
            value, pos = data[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


def _packed(data: bytes) -> list[int]:
    values, pos = [], 0
    while pos < len(data):
        value, pos = _varint(data, pos)
        values.append(value)
    return values


def _value(data: bytes) -> object:
    for number, _wire, raw in _fields(data):
        if number == 1:
            assert isinstance(raw, bytes)
            return raw.decode()
        if number == 2:
            assert isinstance(raw, bytes)
            return struct.unpack("<f", raw)[0]
        if number == 3:
            assert isinstance(raw, bytes)
            return struct.unpack("<d", raw)[0]
        if number in (4, 5):
            assert isinstance(raw, int)
            return raw
        if number == 6:
            assert isinstance(raw, int)
            return (raw >> 1) ^ -(raw & 1)
        if number == 7:
            return bool(raw)
    return None


@dataclass
class Layer:
    """What one layer of a tile holds."""

    name: str = ""
    features: int = 0
    represented: int = 0  # proposals behind the features: a cell's count, or 1
    keys: list[str] = field(default_factory=list)


def layers(tile: bytes) -> list[Layer]:
    """Every layer of a tile with its feature count and the proposals it stands for."""
    found = []
    for number, _wire, raw in _fields(tile):
        if number != 3:
            continue
        assert isinstance(raw, bytes)
        layer = Layer()
        values: list[object] = []
        tags: list[list[int]] = []
        for n, _w, v in _fields(raw):
            if n == 1:
                assert isinstance(v, bytes)
                layer.name = v.decode()
            elif n == 2:
                assert isinstance(v, bytes)
                feature_tags: list[int] = []
                for fn, _fw, fv in _fields(v):
                    if fn == 2:
                        assert isinstance(fv, bytes)
                        feature_tags = _packed(fv)
                tags.append(feature_tags)
            elif n == 3:
                assert isinstance(v, bytes)
                layer.keys.append(v.decode())
            elif n == 4:
                assert isinstance(v, bytes)
                values.append(_value(v))
        layer.features = len(tags)
        count_key = layer.keys.index("count") if "count" in layer.keys else -1
        for feature_tags in tags:
            represented = 1
            for k, v_index in zip(feature_tags[::2], feature_tags[1::2], strict=True):
                value = values[v_index]
                if k == count_key and isinstance(value, int | float):
                    represented = int(value)
            layer.represented += represented
        found.append(layer)
    return found


def summary(tile: bytes) -> tuple[int, int]:
    """(features, proposals represented) over all layers of a tile."""
    found = layers(tile)
    return sum(f.features for f in found), sum(f.represented for f in found)
