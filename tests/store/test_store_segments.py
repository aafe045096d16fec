"""Lines live in immutable, checksummed Parquet segments; current() reads only the segments that
hold current versions and gives back exactly what was loaded."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import create_engine, text

from corpbench.store import Store, StoreError, segments
from corpbench.store.prepare import _numbered, _return_positions
from store.bundles import SHA_A, Y1, bundle, cost, fin, one_org_bundle, org


def _corrupt(db_url: str, segment_id: int) -> None:
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE line_segments SET sha256 = :bad WHERE id = :id"),
                {"bad": "0" * 64, "id": segment_id},
            )
    finally:
        engine.dispose()


def _segments(db_url: str) -> list[tuple[int, int, str, int, int, int]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, load_id, kind, n_rows, first_return_version_id, "
                    "last_return_version_id FROM line_segments ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]


def test_chunks_sorts_by_return_version_then_position_and_cuts() -> None:
    lines = pl.DataFrame({"return_version_id": [2, 1, 2, 1, 1], "seq": [1, 2, 0, 0, 1]})
    parts = list(segments.chunks(lines, rows=2))
    assert [p.rows() for p in parts] == [[(1, 0), (1, 1)], [(1, 2), (2, 0)], [(2, 1)]]


def test_chunks_orders_interleaved_returns_whose_positions_already_rise() -> None:
    lines = pl.DataFrame(
        {"return_version_id": [3, 1, 3, 1, 2, 3], "seq": [0, 0, 1, 1, 0, 2], "v": list("abcdef")}
    )
    (part,) = segments.chunks(lines)
    assert part.rows() == [
        (1, 0, "b"),
        (1, 1, "d"),
        (2, 0, "e"),
        (3, 0, "a"),
        (3, 1, "c"),
        (3, 2, "f"),
    ]


def test_a_load_writes_one_segment_per_kind_with_its_id_range(store: Store, db_url: str) -> None:
    two = bundle(
        orgs=[org("RAA01"), org("RBB02")],
        finance=[fin("RAA01"), fin("RBB02")],
        costs=[cost("RBB02", "hr", None), cost("RAA01", "hr", None), cost("RAA01", "imt", "x")],
    )
    store.load(two, by="a", source="s", sha256=SHA_A)
    # return versions are numbered in (org_code, year) order: RAA01 1, RBB02 2
    assert _segments(db_url) == [(1, 1, "function_costs", 3, 1, 2)]


def test_many_small_segments_read_back_exactly(
    store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "SEGMENT_ROWS", 2)
    loaded = bundle(
        orgs=[org("RAA01")],
        finance=[fin("RAA01")],
        costs=[cost("RAA01", "hr", f"p{i}", pay_cost=i + 0.5) for i in range(5)],
    )
    store.load(loaded, by="a", source="s", sha256=SHA_A)
    assert [s[3] for s in _segments(db_url)] == [2, 2, 1]
    assert_frame_equal(store.current().function_costs, loaded.function_costs, check_exact=True)


def test_current_skips_segments_holding_only_superseded_versions(store: Store, db_url: str) -> None:
    store.load(one_org_bundle(pay=1.0), by="a", source="s", sha256=SHA_A)
    store.load(one_org_bundle(pay=2.0), by="a", source="s", sha256=SHA_A)
    first, *_ = _segments(db_url)
    _corrupt(db_url, first[0])  # version 1's lines: never read again
    assert store.current().function_costs["pay_cost"].to_list() == [2.0, 1_000.0]


def test_a_damaged_current_segment_is_refused(store: Store, db_url: str) -> None:
    store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    _corrupt(db_url, 1)
    with pytest.raises(StoreError, match="segment 1 is damaged"):
        store.current()


def test_year_filter_reads_lines_of_that_year_only(store: Store) -> None:
    store.load(
        bundle(
            orgs=[org("RAA01")],
            finance=[fin("RAA01"), fin("RAA01", "2010/11")],
            costs=[cost("RAA01", "hr", "a"), cost("RAA01", "hr", "b", "2010/11")],
        ),
        by="a",
        source="s",
        sha256=SHA_A,
    )
    assert store.current(year=Y1).function_costs["process"].to_list() == ["a"]


def test_holding_picks_segments_whose_id_range_contains_a_wanted_id() -> None:
    meta = pl.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "first_return_version_id": [1, 5, 9, 20],
            "last_return_version_id": [4, 8, 15, 20],
        }
    )
    assert segments.holding(meta, pl.Series([12, 3, 20])) == [1, 3, 4]
    assert segments.holding(meta, pl.Series([16, 17])) == []
    assert segments.holding(meta, pl.Series([], dtype=pl.Int64())) == []


@pytest.mark.parametrize(
    "positions",
    [[0, 0, 1, 1, 1, 2], [2, 2, 0, 1, 1], [0, 1, 0, 2, 1, 0], [3], []],
)
def test_lines_are_numbered_within_their_return_in_file_order(positions: list[int]) -> None:
    df = pl.DataFrame({"x": range(len(positions))})
    seq = _numbered(df, pl.Series(positions, dtype=pl.Int64))["seq"].to_list()
    expected = [positions[:i].count(p) for i, p in enumerate(positions)]
    assert seq == expected


@pytest.mark.parametrize(
    "codes",
    [
        ["A", "A", "B", "B", "B", "C"],  # return by return
        ["B", "A", "B", "A", "C", "C"],  # interleaved
        ["A"] * 5 + ["X"] + ["B"] * 5 + ["A"] * 5,  # a return in two runs, an orphan
        ["C"],
        [],
    ],
)
def test_lines_find_their_return_whatever_their_order(codes: list[str]) -> None:
    index = pl.DataFrame({"org_code": ["A", "B", "C"], "year": [Y1] * 3}).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("__position")
    )
    lines = pl.DataFrame(
        {"org_code": codes, "year": [Y1] * len(codes)},
        schema=dict.fromkeys(["org_code", "year"], pl.String),
    )
    expected = [{"A": 0, "B": 1, "C": 2}.get(c) for c in codes]
    assert _return_positions(lines, index).to_list() == expected
