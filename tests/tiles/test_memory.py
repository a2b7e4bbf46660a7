"""The tiles cache of one process: values kept as they are, bounded in entries and bytes."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime

import pytest
from django.core.cache import caches

from mapping.tiles import memory
from mapping.tiles.memory import ENTRY_OVERHEAD, ProcessMemory

KB = 1024


LOCATIONS = itertools.count()


def cache(location: str = "", **options) -> ProcessMemory:
    """A cache of its own (a location no other test uses) unless one is named."""
    return ProcessMemory(
        location or f"test-{next(LOCATIONS)}",
        {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 1000, **options}},
    )


def tile(kilobytes: int) -> tuple[int, datetime, bytes]:
    return (7, datetime(2026, 11, 21, tzinfo=UTC), b"x" * (kilobytes * KB))


def test_the_settings_use_it_for_tiles():
    assert isinstance(caches["tiles"], ProcessMemory)
    assert caches["tiles"].max_bytes == 256 * 1024 * 1024


def test_a_value_comes_back_as_it_went_in_not_a_copy():
    held = cache()
    value = tile(40)
    held.set("tile:proposals:15:1:2", value)
    assert held.get("tile:proposals:15:1:2") is value
    assert held.get("tile:proposals:15:1:3") is None
    assert held.get("tile:proposals:15:1:3", "absent") == "absent"


def test_the_least_recently_used_go_first_and_only_as_many_as_needed():
    held = cache(MAX_ENTRIES=3)
    for name in "abc":
        held.set(name, tile(1))
    held.get("a")  # used: now the most recent
    held.set("d", tile(1))
    assert [held.has_key(name) for name in "abcd"] == [True, False, True, True]


def test_the_bound_in_bytes_holds_whatever_the_tiles_weigh():
    held = cache(MAX_BYTES=100 * KB)
    held.set("small", tile(1))
    for number in range(5):
        held.set(f"big{number}", tile(30))
    store = held._store
    assert store.size <= 100 * KB
    assert store.size == sum(size for _v, _e, size in store.entries.values())
    assert held.has_key("big4") and held.has_key("big3") and held.has_key("big2")
    assert not held.has_key("small") and not held.has_key("big0")


def test_a_value_larger_than_the_cache_is_not_kept_and_retires_the_old_one():
    held = cache(MAX_BYTES=10 * KB)
    held.set("tile", tile(1))
    held.set("tile", tile(20))
    assert held.get("tile") is None
    assert held._store.size == 0


def test_sizes_count_the_data_and_a_fixed_overhead():
    assert memory.size_of(tile(2)) == 2 * KB + 3 * ENTRY_OVERHEAD
    assert memory.size_of("kazakh") == 6 + ENTRY_OVERHEAD
    assert memory.size_of(()) == ENTRY_OVERHEAD
    assert memory.size_of(42) == ENTRY_OVERHEAD


def test_timeouts_expire_entries(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(memory.time, "time", lambda: now[0])
    monkeypatch.setattr("django.core.cache.backends.base.time.time", lambda: now[0])
    held = cache()
    held.set("short", 1, timeout=10)
    held.set("forever", 2, timeout=None)
    assert held.add("short", 3, timeout=10) is False
    now[0] += 11
    assert held.get("short") is None
    assert held.add("short", 3, timeout=10) is True
    assert held.touch("short", timeout=100) is True
    now[0] += 50
    assert held.get("short") == 3
    assert held.get("forever") == 2
    assert held.touch("gone") is False


def test_the_rest_of_the_cache_api():
    held = cache()
    held.set("count", 1)
    assert held.incr("count", 4) == 5
    assert held.get("count") == 5
    with pytest.raises(ValueError, match="not found"):
        held.incr("missing")
    assert held.delete("count") is True
    assert held.delete("count") is False
    held.set_many({"a": 1, "b": 2})
    assert held.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    held.clear()
    assert held.get("a") is None and held._store.size == 0


def test_one_location_is_one_store_and_versions_are_separate_keys():
    first = cache("test-shared")
    second = ProcessMemory("test-shared", {})
    first.set("tile", b"1")
    assert second.get("tile") == b"1"
    assert first.get("tile", version=2) is None
    assert cache("test-other").get("tile") is None


def test_threads_never_break_the_accounting():
    held = cache(MAX_ENTRIES=50, MAX_BYTES=200 * KB)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for number in range(2000):
                key = f"tile:{(seed * 7 + number) % 120}"
                if number % 3:
                    held.set(key, tile(1 + number % 9))
                else:
                    held.get(key)
                if number % 17 == 0:
                    held.delete(key)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = held._store
    assert errors == []
    assert len(store.entries) <= 50
    assert store.size <= 200 * KB
    assert store.size == sum(size for _v, _e, size in store.entries.values())
