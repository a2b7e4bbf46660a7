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
    """Entries most recently used last, each with its expiry and size."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, tuple[Any, float | None, int]] = OrderedDict()
        self.size = 0
        self.lock = Lock()


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
            entry = store.entries.get(key)
            if entry is None:
                return default
            value, expires, _size = entry
            if expires is not None and expires <= time.time():
                self._delete(store, key)
                return default
            store.entries.move_to_end(key)
            return value

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
            self._set(key, value, expires)

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        expires = self.get_backend_timeout(timeout)
        store = self._store
        with store.lock:
            if self._live(store, key):
                return False
            self._set(key, value, expires)
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
            if not self._live(store, key):
                return False
            value, _expires, size = store.entries[key]
            store.entries[key] = (value, self.get_backend_timeout(timeout), size)
            return True

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            if not self._live(store, key):
                raise ValueError(f"Key '{key}' not found")
            value, expires, _size = store.entries[key]
            new_value = value + delta
            self._set(key, new_value, expires)
            return new_value

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            return self._live(store, key)

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        store = self._store
        with store.lock:
            return self._delete(store, key)

    def clear(self) -> None:
        store = self._store
        with store.lock:
            store.entries.clear()
            store.size = 0

    def _live(self, store: _Store, key: str) -> bool:
        entry = store.entries.get(key)
        if entry is None:
            return False
        if entry[1] is not None and entry[1] <= time.time():
            self._delete(store, key)
            return False
        return True

    def _set(self, key: str, value: Any, expires: float | None) -> None:
        store = self._store
        size = size_of(value)
        self._delete(store, key)
        if size > self.max_bytes:
            return  # larger than the whole cache: not kept
        store.entries[key] = (value, expires, size)
        store.size += size
        while len(store.entries) > self._max_entries or store.size > self.max_bytes:
            _key, (_value, _expires, dropped) = store.entries.popitem(last=False)
            store.size -= dropped

    @staticmethod
    def _delete(store: _Store, key: str) -> bool:
        entry = store.entries.pop(key, None)
        if entry is None:
            return False
        store.size -= entry[2]
        return True
