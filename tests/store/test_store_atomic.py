"""A load is one transaction: when anything fails, nothing of the bundle is stored."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from sqlalchemy import Table
from sqlalchemy.engine import Connection

from corpbench.store import Store, StoreError, bulk, segments
from store.bundles import SHA_A, Y2, bundle, cost, fin, one_org_bundle, org


def _snapshot(store: Store) -> tuple[Any, ...]:
    current = store.current()
    return (
        store.loads(),
        store.known_org_codes(),
        store.history("RAA01"),
        store.history("RNEW9"),
        *(
            current.table(name).rows()
            for name in ("organisations", "finance", "function_costs", "indicators")
        ),
    )


def _fail_on(target: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the write of ``target`` (a table name, or a segment kind) fail after everything
    before it was written; returns the names of what was written."""
    real_insert = bulk.insert_frame
    real_write = segments.write
    written: list[str] = []

    def failing_insert(conn: Connection, table: Table, df: Any) -> None:
        if table.name == target:
            raise RuntimeError("disk full (simulated)")
        real_insert(conn, table, df)
        written.append(table.name)

    def failing_write(conn: Connection, load_id: int, kind: str, lines: pl.DataFrame) -> int:
        if kind == target:
            raise RuntimeError("disk full (simulated)")
        n = real_write(conn, load_id, kind, lines)
        written.append(kind)
        return n

    monkeypatch.setattr(bulk, "insert_frame", failing_insert)
    monkeypatch.setattr(segments, "write", failing_write)
    return written


def _big_change() -> Any:
    return bundle(
        orgs=[org("RAA01", org_name="Renamed"), org("RNEW9")],
        finance=[fin("RAA01", turnover=1.0), fin("RNEW9", Y2)],
        costs=[cost("RAA01", "imt", None), cost("RNEW9", "hr", "recruitment", Y2)],
    )


@pytest.mark.parametrize("failing_table", ["function_costs", "indicators"])
def test_failure_mid_load_rolls_everything_back(
    store: Store, monkeypatch: pytest.MonkeyPatch, failing_table: str
) -> None:
    store.load(one_org_bundle(), by="a", source="first", sha256=SHA_A)
    before = _snapshot(store)
    written = _fail_on(failing_table, monkeypatch)
    with pytest.raises(RuntimeError, match="simulated"):
        store.load(_big_change(), by="b", source="second", sha256=SHA_A)
    assert "return_versions" in written  # the failure really came mid-load
    if failing_table == "indicators":
        assert "function_costs" in written
    monkeypatch.undo()
    assert _snapshot(store) == before


def test_failed_first_load_leaves_an_empty_store(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on("function_costs", monkeypatch)
    with pytest.raises(RuntimeError):
        store.load(_big_change(), by="b", source="s", sha256=SHA_A)
    monkeypatch.undo()
    assert store.loads() == []
    assert store.known_org_codes() == set()
    assert store.current().finance.height == 0


def test_store_works_normally_after_a_failed_load(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on("function_costs", monkeypatch)
    with pytest.raises(RuntimeError):
        store.load(one_org_bundle(), by="b", source="s", sha256=SHA_A)
    monkeypatch.undo()
    result = store.load(one_org_bundle(), by="b", source="s", sha256=SHA_A)
    assert [x.load_id for x in store.loads()] == [result.load_id]
    assert [(v.kind, v.version) for v in store.history("RAA01")] == [("register", 1), ("return", 1)]


def test_return_for_org_outside_the_register_is_refused_whole(store: Store) -> None:
    store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    before = _snapshot(store)
    with pytest.raises(StoreError, match=r"not in the register, e\.g\. RZZ99"):
        store.load(
            bundle(orgs=[org("RNEW9")], finance=[fin("RNEW9"), fin("RZZ99")]),
            by="a",
            source="s",
            sha256=SHA_A,
        )
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (
            {"costs": [cost("RAA01", "hr", None, Y2)], "finance": [fin("RAA01")]},
            "without a finance row",
        ),
        ({"finance": [fin("RAA01"), fin("RAA01")]}, "duplicate"),
        ({"orgs": [org("RAA01"), org("RAA01", org_name="x")]}, "duplicate"),
        ({"orgs": [org("RAA01", region=None)]}, "no region"),
    ],
    ids=["orphan-cost-lines", "duplicate-finance", "duplicate-org", "missing-required"],
)
def test_bundle_the_store_cannot_hold_whole_is_refused(
    store: Store, tables: dict[str, Any], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.load(
            bundle(**tables) if "orgs" in tables else bundle(orgs=[org("RAA01")], **tables),
            by="a",
            source="s",
            sha256=SHA_A,
        )
    assert store.loads() == []
    assert store.known_org_codes() == set()
