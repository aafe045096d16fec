"""Rendered page fragments, cached: the figures of a page are the same for everyone who may see
them, so their HTML is rendered once per (figures, page, choices) and reused. Keys always
include the figures' key, so a load (live figures) or a publication gives new entries; the
parts of a page that differ per user or per request (CSRF tokens, nonces, names) are never
in a fragment."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup

#: Fragments kept (least recently used dropped first).
MAX_FRAGMENTS = 2048


class FragmentCache:
    """A thread-safe LRU cache of rendered HTML."""

    def __init__(self, size: int = MAX_FRAGMENTS) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Markup | bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _lookup(self, key: Hashable) -> Markup | bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return found

    def _store(self, key: Hashable, value: Markup | bytes) -> None:
        with self._lock:
            self.misses += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def peek(self, key: Hashable) -> Markup | None:
        """The fragment under ``key`` if it is cached (so a cached page needs no thread)."""
        found = self._lookup(key)
        return found if isinstance(found, Markup) else None

    def peek_bytes(self, key: Hashable) -> bytes | None:
        """The file under ``key`` if it is cached."""
        found = self._lookup(key)
        return found if isinstance(found, bytes) else None

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        """The fragment under ``key``, rendered by ``render`` when not cached."""
        found = self._lookup(key)
        if isinstance(found, Markup):
            return found
        html = Markup(render())  # noqa: S704 - rendered by our autoescaping templates
        self._store(key, html)
        return html

    def get_bytes(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The file under ``key`` (a download), made by ``make`` when not cached."""
        found = self._lookup(key)
        if isinstance(found, bytes):
            return found
        data = make()
        self._store(key, data)
        return data
