"""Asking for figures: which figures an actor sees (the live round or the newest publication),
the year of an organisation's report, and the audit record of a download."""

from __future__ import annotations

from typing import Any

from corpbench.access import sees_draft_figures, sees_live_figures
from corpbench.actions.actor import ActionError, Actor
from corpbench.bench.draft import draft_benchmark
from corpbench.bench.engine import Benchmark
from corpbench.bench.similar import DEFAULT_SIMILAR_K
from corpbench.store import Store


def benchmark_for(
    store: Store, actor: Actor, view: str | None = None, *, similar_k: int = DEFAULT_SIMILAR_K
) -> Benchmark:
    """The figures ``actor`` sees, computed from the store: the live round for the national
    role (unless ``view`` is ``published``), an organisation's draft figures for its user
    asking for ``view`` = ``draft`` (:func:`corpbench.bench.draft.draft_benchmark`), the newest
    publication for everyone else;
    :class:`ActionError` when that is a publication and there is none yet. (The web app keeps
    the same figures cached per store state: ``corpbench.web.figures``.) ``similar_k`` is the
    number of nearest peers of the grouping ``similar``."""
    principal = actor.principal
    if sees_live_figures(principal, view):
        return _live(store, similar_k)
    latest = store.publications.latest()
    published = (
        None
        if latest is None
        else Benchmark.from_bundle(
            store.published(latest),
            peer_lists=store.peer_lists(upto_id=latest.peer_list_id),
            similar_k=similar_k,
            rounds=store.rounds.by_year(),
        )
    )
    if sees_draft_figures(principal, view) and principal.org_code is not None:
        return draft_benchmark(published, _live(store, similar_k), principal.org_code)
    if published is None:
        raise ActionError("no figures have been published yet", "not_found")
    return published


def _live(store: Store, similar_k: int) -> Benchmark:
    return Benchmark.from_bundle(
        store.current(),
        peer_lists=store.peer_lists(),
        similar_k=similar_k,
        rounds=store.rounds.by_year(),
    )


def organisation_year(benchmark: Benchmark, org_code: str, year: str | None) -> str:
    """The year of ``org_code``'s report: ``year``, or the latest it responded in; an
    :class:`ActionError` for an organisation not in the register or a year it did not
    respond in (the rule of every organisation report, ``Benchmark.checked_year``)."""
    try:
        return benchmark.checked_year(org_code, year)
    except ValueError as exc:
        raise ActionError(str(exc).rstrip("."), "not_found") from exc


def record_export(store: Store, actor: Actor, target: str, detail: dict[str, Any]) -> None:
    """Audit a download of figures (``export``: target the file, e.g. ``CODE report.pdf``;
    the year, method and grouping shown)."""
    store.audit.record(actor.name, "export", target, detail, client=actor.client)
