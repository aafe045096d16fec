"""The figures the app shows: the live round (what is stored now) and each publication (the
round as it stood at a load), each a cached :class:`Benchmark`.

Live figures are rebuilt when a load or peer-list change moves the store's state; a
publication's figures never change, so they are built once per process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from corpbench.bench.draft import draft_benchmark
from corpbench.bench.engine import Benchmark
from corpbench.bench.similar import DEFAULT_SIMILAR_K
from corpbench.standard.labels import draft_label, publication_scope_label
from corpbench.store import Store
from corpbench.store.publications import PublicationInfo
from corpbench.store.records import StoreState


@dataclass(frozen=True)
class Figures:
    """A benchmark and what it is: the live round, a publication, or an organisation's draft
    (``draft`` its code: its own current returns against ``publication``'s peers, or alone
    before any publication)."""

    benchmark: Benchmark
    publication: PublicationInfo | None
    key: str
    draft: str | None = None

    @property
    def published_on(self) -> str | None:
        """The day of the publication, for people (None for live figures or before any)."""
        if self.publication is None:
            return None
        return self.publication.published_at.strftime("%d %B %Y")

    @property
    def label(self) -> str:
        if self.draft is not None:
            return draft_label(self.published_on)
        if self.publication is None:
            return "Live figures (not yet published)"
        when = self.publication.published_at.strftime("%d %B %Y %H:%M UTC")
        if self.publication.scope == "all":
            return f"Published figures of {when}"
        scope = publication_scope_label(self.publication.scope).lower()
        return f"Published figures of {when} ({scope})"

    @property
    def as_of(self) -> datetime | None:
        """When the figures were published (None for live and draft figures)."""
        if self.publication is None or self.draft is not None:
            return None
        return self.publication.published_at


#: Organisations' draft figures kept: each is a benchmark over a copy of the whole publication
#: (about the size of the live figures: tens of MB at 900,000 lines), so only a few are kept;
#: an organisation checking its draft asks for it again and again within minutes.
DRAFTS_KEPT = 4


class FiguresCache:
    """Thread-safe cache of the live and published benchmarks of one store, and of its
    publications, keyed on the store's state (one query per request)."""

    def __init__(
        self, store: Store, cache_seconds: float = 0.0, similar_k: int = DEFAULT_SIMILAR_K
    ) -> None:
        self.store = store
        self.similar_k = similar_k
        self.cache_seconds = cache_seconds
        self._state: tuple[float, StoreState] | None = None
        self._lock = threading.Lock()
        self._live: tuple[tuple[int, int, int], Figures] | None = None
        self._published: dict[int, Figures] = {}
        self._publications: tuple[int, list[PublicationInfo]] = (-1, [])
        self._drafts: OrderedDict[tuple[str, str], Figures] = OrderedDict()

    def state(self) -> StoreState:
        """The store's state, read again when older than ``cache_seconds``."""
        now = time.monotonic()
        cached = self._state
        if cached is not None and now - cached[0] < self.cache_seconds:
            return cached[1]
        state = self.store.state()
        self._state = (now, state)
        return state

    def invalidate(self) -> None:
        """Forget the state read (after this process changed the store)."""
        self._state = None

    def live(self, state: StoreState | None = None) -> Figures:
        """The figures of everything stored now."""
        state = state or self.state()
        key = (state.load_id, state.peer_list_id, state.round_id)
        cached = self._live
        if cached is not None and cached[0] == key:
            return cached[1]
        with self._lock:
            cached = self._live
            if cached is not None and cached[0] == key:
                return cached[1]
            current = self.store.current(upto_load=key[0])
            bench = Benchmark.from_bundle(
                current,
                peer_lists=self.store.peer_lists(upto_id=key[1]),
                similar_k=self.similar_k,
                rounds=self.store.rounds.by_year(),
            )
            figures = Figures(bench, None, f"live-{key[0]}-{key[1]}-{key[2]}")
            self._live = (key, figures)
            return figures

    def publications(self, state: StoreState | None = None) -> list[PublicationInfo]:
        """Every publication, oldest first (read again only when there is a new one)."""
        state = state or self.state()
        newest, known = self._publications
        if newest != state.publication_id:
            known = self.store.publications.all()
            self._publications = (known[-1].id if known else 0, known)
        return known

    def published(self, publication: PublicationInfo) -> Figures:
        """The figures of a publication (built once: they never change)."""
        found = self._published.get(publication.id)
        if found is not None:
            return found
        with self._lock:
            found = self._published.get(publication.id)
            if found is None:
                bench = Benchmark.from_bundle(
                    self.store.published(publication),
                    peer_lists=self.store.peer_lists(upto_id=publication.peer_list_id),
                    similar_k=self.similar_k,
                    rounds=self.store.rounds.by_year(),
                )
                found = Figures(bench, publication, f"pub-{publication.id}")
                self._published[publication.id] = found
            return found

    def draft(self, org_code: str, state: StoreState | None = None) -> Figures:
        """Organisation ``org_code``'s draft figures: its current returns against the peers of
        the newest publication (:func:`corpbench.bench.draft.draft_benchmark`), kept for the
        last few (organisation, store state) pairs."""
        state = state or self.state()
        live = self.live(state)
        latest = self.latest_published(state)
        published_key = latest.key if latest else "none"
        key = (org_code, f"draft-{org_code}-{published_key}-{live.key}")
        found = self._drafts.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._drafts.get(key)
            if found is None:
                bench = draft_benchmark(
                    latest.benchmark if latest else None, live.benchmark, org_code
                )
                publication = latest.publication if latest else None
                found = Figures(bench, publication, key[1], draft=org_code)
                self._drafts[key] = found
                while len(self._drafts) > DRAFTS_KEPT:
                    self._drafts.popitem(last=False)
            return found

    def latest_published(self, state: StoreState | None = None) -> Figures | None:
        """The newest publication's figures, or None before the first."""
        known = self.publications(state)
        return self.published(known[-1]) if known else None
