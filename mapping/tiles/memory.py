"""The ``tiles`` cache of one process: tiles kept as they are, bounded in bytes.

Django's local-memory cache pickles every value on the way in and out, so that
a caller can never change a copy another caller holds. A tile is held as
``(version, changed, bytes)``: immutable, so that protection bought nothing, and
it cost a cold tile 68 µs of CPU (pickling the tile, checking the key against
memcached's rules; measured between real tiles, docs/performance.md). This
backend keeps the values themselves.

It is bounded twice: by ``MAX_ENTRIES`` like Django's, and by ``MAX_BYTES`` of
``bytes`` held, since tiles run from a few bytes to hundreds of kilobytes and a
bound in entries alone says nothing about memory. When either bound is passed
the least recently used entries go, one at a time, as few as needed (Django's
drops a third of the entries at once).

Only immutable values belong here (numbers, strings, bytes, datetimes, tuples
of them): a list or dict stored would be shared between callers. Point
``CACHES["tiles"]`` at Redis or memcached instead to share tiles between
processes and machines (docs/scaling.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
ENTRY_OVERHEAD = 200  # a key, a tuple, a datetime: bytes an entry holds besides data

_stores: dict[str, _Store] = {}  # by LOCATION, as Django's local-memory caches
_stores_lock = Lock()


class _Store:
    """Entries most recently used last, each with its expiry and size.

    The caller holds ``lock`` around every method.
    """

    def __init__(self) -> None:
        self.entries: OrderedDict[str, tuple[Any, float | None, int]] = OrderedDict()
        self.size = 0
        self.lock = Lock()

    def live(self, key: str) -> tuple[Any, float | None, int] | None:
        """The entry under ``key`` unless it is missing or expired (then dropped)."""
        entry = self.entries.get(key)
        if entry is not None and entry[1] is not None and entry[1] <= time.time():
            self.drop(key)
            return None
        return entry

    def put(
        self,
        key: str,
        value: Any,
        expires: float | None,
        max_entries: int,
        max_bytes: int,
    ) -> None:
        """Keep ``value`` as the most recent entry, then drop the least recently
        used ones until both bounds hold again."""
        size = size_of(value)
        self.drop(key)
        if size > max_bytes:
            return  # larger than the whole cache: not kept
        self.entries[key] = (value, expires, size)
        self.size += size
        while len(self.entries) > max_entries or self.size > max_bytes:
            _key, (_value, _expires, dropped) = self.entries.popitem(last=False)
            self.size -= dropped

    def drop(self, key: str) -> bool:
        entry = self.entries.pop(key, None)
        if entry is None:
            return False
        self.size -= entry[2]
        return True


def size_of(value: Any) -> int:
    """The bytes an entry holds: its data (bytes and strings) and a fixed overhead."""
    if isinstance(value, bytes | bytearray | memoryview | str):
        return len(value) + ENTRY_OVERHEAD
    if isinstance(value, tuple):
        return sum(size_of(item) for item in value) or ENTRY_OVERHEAD
    return ENTRY_OVERHEAD


class ProcessMemory(BaseCache):
    """A thread-safe cache of immutable values in this process's memory."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", DEFAULT_MAX_BYTES))
        with _stores_lock:
            self._store = _stores.setdefault(location, _Store())

    def make_and_validate_key(self, key: Any, version: int | None = None) -> str:
        # memcached's key rules (length, spaces) mean nothing to a dict: skipped.
        return str(self.make_key(key, version=version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            entry = store.live(key)
            if entry is None:
                return default
            store.entries.move_to_end(key)
            return entry[0]

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        expires = self.get_backend_timeout(timeout)
        with self._store.lock:
            self._put(key, value, expires)

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        expires = self.get_backend_timeout(timeout)
        with self._store.lock:
            if self._store.live(key) is not None:
                return False
            self._put(key, value, expires)
            return True

    def touch(
        self,
        key: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            entry = store.live(key)
            if entry is None:
                return False
            value, _expires, size = entry
            store.entries[key] = (value, self.get_backend_timeout(timeout), size)
            return True

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            entry = self._store.live(key)
            if entry is None:
                raise ValueError(f"Key '{key}' not found")
            new_value = entry[0] + delta
            self._put(key, new_value, entry[1])
            return new_value

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            return self._store.live(key) is not None

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            return self._store.drop(key)

    def clear(self) -> None:
        store = self._store
        with store.lock:
            store.entries.clear()
            store.size = 0

    def _put(self, key: str, value: Any, expires: float | None) -> None:
        self._store.put(key, value, expires, self._max_entries, self.max_bytes)
