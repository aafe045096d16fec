"""Publication limited to accepted returns, and what each publication covered (stored so that it
never changes). The round is the tiny one of ``tests/cli/bundles.py``: its acute finance costs
are hand-chosen, so the published peer statistics are checked against the plain arithmetic of
the accepted subset."""

from __future__ import annotations

import statistics
from pathlib import Path

import polars as pl
import pytest

from actions.conftest import last_entry, national
from cli.bundles import ACUTE_FINANCE_COST, ACUTE_TURNOVER, Y1, Y2, changed_round
from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import Actor
from corpbench.bench.engine import Benchmark
from corpbench.config import Settings
from corpbench.store import Store, StoreError
from corpbench.store.publications import CoveredReturn
from ingest.bundles import write_folder
from web.conftest import ORG

ORG_ACTOR = Actor(Principal(user_id=2, email=ORG, role="organisation", org_code="AC001"))
ACCEPTED = {("AC001", Y1), ("AC002", Y1), ("AC003", Y1), ("AC001", Y2)}


def _decide(store: Store, code: str, year: str, status: str, version: int = 1) -> None:
    actions.decide(store, national(), code, year, version, status, "why" * (status == "queried"))


def _accept_some(store: Store) -> None:
    for code, year in sorted(ACCEPTED):
        _decide(store, code, year, "accepted")
    _decide(store, "AC004", Y1, "queried")  # queried: left out
    _decide(store, "AC005", Y1, "accepted")
    _decide(store, "AC005", Y1, "queried")  # accepted, then queried: its latest decision counts


def _finance_stats(bench: Benchmark, year: str = Y1) -> dict[str, float]:
    row = bench.stats("org_type", year).filter(
        (pl.col("group") == "acute")
        & (pl.col("function") == "finance")
        & (pl.col("kpi") == "pct_turnover")
    )
    assert row.height == 1
    return {k: row[k][0] for k in ("n", "median", "mean", "min", "max")}


def test_an_accepted_only_publication_covers_exactly_the_accepted_returns(
    prepared: Store,
) -> None:
    _accept_some(prepared)
    done = actions.publish(prepared, national(), note="accepted", accepted_only=True)
    pub = done.publication
    assert (pub.scope, pub.returns, pub.organisations) == ("accepted", 4, 3)
    assert prepared.publications.covered(pub.id) == [
        CoveredReturn("AC001", Y1, 1),
        CoveredReturn("AC001", Y2, 1),
        CoveredReturn("AC002", Y1, 1),
        CoveredReturn("AC003", Y1, 1),
    ]
    # the first publication (of the fixture) covered every return: 7 in 2009/10, 2 in 2010/11
    first = prepared.publications.all()[0]
    assert (first.scope, first.returns, first.organisations) == ("all", 9, 7)
    assert last_entry(prepared, "publish") == (
        national().name,
        "publish",
        f"publication {pub.id}",
        {"load_id": 1, "note": "accepted", "scope": "accepted", "returns": 4},
    )


def test_its_figures_are_those_of_the_accepted_subset_the_others_not_responding(
    prepared: Store,
) -> None:
    _accept_some(prepared)
    actions.publish(prepared, national(), accepted_only=True)
    published = actions.benchmark_for(prepared, ORG_ACTOR)
    # independently: the acute finance cost as % of turnover of the accepted trusts only
    values = sorted(
        100 * ACUTE_FINANCE_COST[c] / ACUTE_TURNOVER
        for c, y in ACCEPTED
        if y == Y1 and c.startswith("AC")
    )
    assert values == [1.0, 1.2, 1.4]
    stats = _finance_stats(published)
    assert stats["n"] == 3
    assert stats["median"] == pytest.approx(statistics.median(values))
    assert stats["mean"] == pytest.approx(statistics.fmean(values))
    assert (stats["min"], stats["max"]) == pytest.approx((min(values), max(values)))
    # the left-out returns are not there; their organisations stay in the register
    returned = set(published.finance.select("org_code", "year").iter_rows())
    assert returned == ACCEPTED
    assert published.organisations.height == 8
    # the live figures still hold every return: 1.0, 1.2, 1.4, 1.6, 3.0
    assert _finance_stats(actions.benchmark_for(prepared, national()))["n"] == 5


def test_a_new_version_of_an_accepted_return_is_not_accepted_until_decided(
    prepared: Store, tmp_path: Path
) -> None:
    _decide(prepared, "AC001", Y1, "accepted")
    settings = Settings(db="", max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    actions.load(
        prepared, national(), write_folder(tmp_path / "v2", changed_round()), settings=settings
    )
    pub = actions.publish(prepared, national(), accepted_only=True).publication
    assert (pub.returns, prepared.publications.covered(pub.id)) == (0, [])
    _decide(prepared, "AC001", Y1, "accepted", version=2)
    pub = actions.publish(prepared, national(), accepted_only=True).publication
    assert prepared.publications.covered(pub.id) == [CoveredReturn("AC001", Y1, 2)]


def test_what_a_publication_covered_never_changes(prepared: Store, tmp_path: Path) -> None:
    _accept_some(prepared)
    pub = actions.publish(prepared, national(), accepted_only=True).publication
    before = actions.benchmark_for(prepared, ORG_ACTOR).totals()
    # later decisions and loads move neither its coverage nor its figures
    _decide(prepared, "AC004", Y1, "accepted")
    settings = Settings(db="", max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    actions.load(
        prepared, national(), write_folder(tmp_path / "v2", changed_round()), settings=settings
    )
    assert prepared.publications.get(pub.id).returns == 4
    assert len(prepared.publications.covered(pub.id)) == 4
    assert actions.benchmark_for(prepared, ORG_ACTOR).totals().equals(before)


def test_an_unknown_scope_or_publication_is_refused(prepared: Store) -> None:
    with pytest.raises(StoreError, match="scope"):
        prepared.publications.publish(by="x", scope="some")
    with pytest.raises(StoreError, match="no publication 99"):
        prepared.publications.get(99)


def test_an_organisation_actor_asking_for_its_draft_gets_it(
    prepared: Store, tmp_path: Path
) -> None:
    settings = Settings(db="", max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    actions.load(
        prepared, national(), write_folder(tmp_path / "v2", changed_round()), settings=settings
    )
    draft = actions.benchmark_for(prepared, ORG_ACTOR, view="draft")
    published = actions.benchmark_for(prepared, ORG_ACTOR)

    def hr_cost(bench: Benchmark, code: str) -> float:
        totals = bench.totals(Y1)
        row = totals.filter((pl.col("org_code") == code) & (pl.col("function") == "hr"))
        return float(row["cost"][0])

    assert hr_cost(draft, "AC001") == 1_100_000  # its own current return
    assert hr_cost(published, "AC001") == 1_000_000
    assert (
        draft.bundle()
        .finance.filter(pl.col("org_code") != "AC001")
        .equals(published.bundle().finance.filter(pl.col("org_code") != "AC001"))
    )
    # a national actor asking for a draft gets the live round
    assert hr_cost(actions.benchmark_for(prepared, national(), view="draft"), "AC001") == 1_100_000
