"""Benefit lines and their monthly values in the store: every change is a new version with who
and when, the current value is the newest, nothing is overwritten; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from corpbench.store import Store, StoreError
from corpbench.store.benefits import NewValue

T1 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)


def _programme(store: Store) -> int:
    return store.programmes.create(name="P", footprint="NCL", year=None, case_id=None, by="a").id


def _save(store: Store, pid: int, number: int | None, **kw: object) -> object:
    base: dict[str, object] = {
        "function": "finance",
        "description": "Payroll cost",
        "owner": "FD",
        "cashable": True,
        "baseline": 100.0,
        "target": 80.0,
        "improvement": "decrease",
        "by": "a",
    }
    base.update(kw)
    return store.benefits.save_line(pid, number, **base)  # type: ignore[arg-type]


def test_lines_are_numbered_per_programme_and_versioned(store: Store) -> None:
    p1, p2 = _programme(store), _programme(store)
    _save(store, p1, None, at=T1)
    _save(store, p1, None, description="Agency spend", cashable=False, baseline=None)
    _save(store, p2, None)
    _save(store, p1, 1, owner="CFO", by="b", at=T2)
    lines = store.benefits.lines(p1)
    assert [(x.number, x.version, x.owner, x.cashable, x.baseline) for x in lines] == [
        (1, 2, "CFO", True, 100.0),
        (2, 1, "FD", False, None),
    ]
    assert [x.number for x in store.benefits.lines(p2)] == [1]
    versions = store.benefits.line_versions(p1, 1)
    assert [(v.version, v.owner, v.saved_by, v.saved_at) for v in versions] == [
        (1, "FD", "a", T1),
        (2, "CFO", "b", T2),
    ]
    _save(store, p1, 2, retired=True)
    assert [x.number for x in store.benefits.lines(p1)] == [1]
    with pytest.raises(StoreError, match="no benefit line 2"):
        _save(store, p1, 2)
    with pytest.raises(StoreError, match="no benefit line 9"):
        _save(store, p1, 9)
    with pytest.raises(StoreError, match="no programme 99"):
        _save(store, 99, None)


def test_values_are_versions_and_the_newest_is_current(store: Store) -> None:
    pid = _programme(store)
    line = _save(store, pid, None)
    lid = line.line_id  # type: ignore[attr-defined]
    store.benefits.add_values(
        [NewValue(lid, "2017-04", "actual", 95.0), NewValue(lid, "2017-04", "planned", 96.0)],
        source="entered",
        by="a",
        at=T1,
    )
    added = store.benefits.add_values(
        [NewValue(lid, "2017-04", "actual", 94.5), NewValue(lid, "2017-05", "actual", 90.0)],
        source="actuals.csv",
        by="b",
        at=T2,
    )
    assert [(a.month, a.version) for a in added] == [("2017-04", 2), ("2017-05", 1)]
    assert store.benefits.values([lid]) == {
        lid: {"actual": {"2017-04": 94.5, "2017-05": 90.0}, "planned": {"2017-04": 96.0}}
    }
    versions = store.benefits.value_versions(lid)
    assert [(v.month, v.kind, v.version, v.value, v.source, v.saved_by) for v in versions] == [
        ("2017-04", "actual", 1, 95.0, "entered", "a"),
        ("2017-04", "actual", 2, 94.5, "actuals.csv", "b"),
        ("2017-04", "planned", 1, 96.0, "entered", "a"),
        ("2017-05", "actual", 1, 90.0, "actuals.csv", "b"),
    ]
    assert versions[0].saved_at == T1
    with pytest.raises(StoreError, match="kind"):
        store.benefits.add_values([NewValue(lid, "2017-06", "forecast", 1.0)], source="x", by="a")
    assert len(store.benefits.value_versions(lid)) == 4  # nothing of the refused batch stored
