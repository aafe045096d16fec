"""An organisation's draft figures: its own current (live, stored) returns against the peers of
the newest publication, before they are published.

The draft is the publication with the organisation's own register entry and returns replaced
by its current ones (:func:`corpbench.standard.bundle.overlay`, the rule a load applies): every
other organisation's figures are exactly as published, and every figure, the peer statistics
included, follows the same rules as everywhere else. Its own statistics therefore move with
its own draft values only: the peer group is the published one with this organisation's
published return replaced. Before any publication there are no peers to compare with: the
draft holds the organisation's own returns only.
"""

from __future__ import annotations

import polars as pl

from corpbench.bench.engine import Benchmark
from corpbench.standard.bundle import Bundle, overlay

TABLES: tuple[str, ...] = ("organisations", "finance", "function_costs", "indicators")


def own_part(bundle: Bundle, org_code: str) -> Bundle:
    """The register entry and returns of ``org_code`` in ``bundle``."""
    tables = {name: bundle.table(name).filter(pl.col("org_code") == org_code) for name in TABLES}
    return Bundle(**tables, present=bundle.present)


def draft_bundle(published: Bundle | None, live: Bundle, org_code: str) -> Bundle:
    """``published`` with ``org_code``'s register entry and returns replaced by those of
    ``live`` (returns it has in ``live`` only are added; none of its published returns is
    kept); ``live``'s part of ``org_code`` alone when nothing is published."""
    own = own_part(live, org_code)
    if published is None:
        return own
    others = Bundle(
        **{name: published.table(name).filter(pl.col("org_code") != org_code) for name in TABLES},
        present=published.present,
    )
    return overlay(others, own)


def draft_benchmark(published: Benchmark | None, live: Benchmark, org_code: str) -> Benchmark:
    """The figures of :func:`draft_bundle`, with the publication's peer lists, comparator
    tables and number of similar organisations (the live figures' before any publication)."""
    basis = published if published is not None else live
    return Benchmark.from_bundle(
        draft_bundle(published.bundle() if published else None, live.bundle(), org_code),
        peer_lists=basis.peer_lists if published is not None else None,
        extra_tables=basis.extra_tables,
        similar_k=basis.similar_k,
        rounds=basis.rounds,
    )
