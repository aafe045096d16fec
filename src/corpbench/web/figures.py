"""The figures the app shows: the live round (what is stored now) and each publication (the
round as it stood at a load), each a cached :class:`Benchmark`.

Live figures are rebuilt when a load or peer-list change moves the store's state; a
publication's figures never change, so they are built once per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from corpbench.bench.engine import Benchmark
from corpbench.store import Store
from corpbench.store.publications import PublicationInfo


@dataclass(frozen=True)
class Figures:
    """A benchmark and what it is: the live round or a publication."""

    benchmark: Benchmark
    publication: PublicationInfo | None
    key: str

    @property
    def label(self) -> str:
        if self.publication is None:
            return "Live figures (not yet published)"
        when = self.publication.published_at.strftime("%d %B %Y %H:%M UTC")
        return f"Published figures of {when}"

    @property
    def as_of(self) -> datetime | None:
        return None if self.publication is None else self.publication.published_at


class FiguresCache:
    """Thread-safe cache of the live and published benchmarks of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._live: tuple[tuple[int, int], Figures] | None = None
        self._published: dict[int, Figures] = {}

    def live(self) -> Figures:
        state = self.store.state()
        cached = self._live
        if cached is not None and cached[0] == state:
            return cached[1]
        with self._lock:
            cached = self._live
            if cached is not None and cached[0] == state:
                return cached[1]
            bench = Benchmark.from_bundle(
                self.store.current(upto_load=state[0]),
                peer_lists=self.store.peer_lists(upto_id=state[1]),
            )
            figures = Figures(bench, None, f"live-{state[0]}-{state[1]}")
            self._live = (state, figures)
            return figures

    def published(self, publication: PublicationInfo) -> Figures:
        found = self._published.get(publication.id)
        if found is not None:
            return found
        with self._lock:
            found = self._published.get(publication.id)
            if found is None:
                bench = Benchmark.from_bundle(
                    self.store.current(upto_load=publication.load_id),
                    peer_lists=self.store.peer_lists(upto_id=publication.peer_list_id),
                )
                found = Figures(bench, publication, f"pub-{publication.id}")
                self._published[publication.id] = found
            return found

    def latest_published(self) -> Figures | None:
        latest = self.store.publications.latest()
        return None if latest is None else self.published(latest)
