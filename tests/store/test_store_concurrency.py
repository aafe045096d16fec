"""Loads from several processes or threads at once queue up: none fails, no version number is
given twice, and a reader never sees half a load."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpbench.standard.bundle import Bundle
from corpbench.store import Store
from store.bundles import SHA_A, Y1, bundle, cost, fin, org


def _bundle_with_pay(pay: float) -> Bundle:
    codes = [f"R{i:04d}" for i in range(30)]
    return bundle(
        orgs=[org(c) for c in codes],
        finance=[fin(c) for c in codes],
        costs=[cost(c, f, None, pay_cost=pay) for c in codes for f in ("hr", "imt", "legal")],
    )


def test_concurrent_opens_and_loads_all_succeed_with_distinct_versions(db_url: str) -> None:
    pays = [1.0, 2.0, 3.0, 4.0]

    def load(pay: float) -> None:
        with Store.open(db_url) as own:  # all four migrate the new database at once
            own.load(_bundle_with_pay(pay), by=f"user{pay}", source="s", sha256=SHA_A)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(load, pays))

    with Store.open(db_url) as store:
        versions = [v.version for v in store.history("R0007") if v.kind == "return"]
        assert versions == [1, 2, 3, 4]
        assert len(store.loads()) == 4
        current = store.current().function_costs
        # every line of the current round comes from one and the same (the last) load
        assert current.height == 90
        assert current["pay_cost"].n_unique() == 1
        last_by = store.loads()[-1].loaded_by
        assert f"user{current['pay_cost'][0]}" == last_by


def test_reader_sees_whole_loads_only(store: Store) -> None:
    store.load(_bundle_with_pay(1.0), by="a", source="s", sha256=SHA_A)

    def read_many() -> set[tuple[int, int]]:
        seen = set()
        for _ in range(15):
            current = store.current(year=Y1)
            seen.add((current.function_costs.height, current.function_costs["pay_cost"].n_unique()))
        return seen

    with ThreadPoolExecutor(max_workers=2) as pool:
        reader = pool.submit(read_many)
        for pay in (2.0, 3.0, 4.0):
            store.load(_bundle_with_pay(pay), by="b", source="s", sha256=SHA_A)
        seen = reader.result()
    assert seen <= {(90, 1)}
    assert store.current().function_costs["pay_cost"].unique().to_list() == [4.0]


def test_opening_a_new_sqlite_database_waits_while_another_connection_writes_it(
    tmp_path: Path,
) -> None:
    # A brand-new database is in rollback-journal mode until a first open switches it to WAL;
    # while another connection holds its write lock, SQLite refuses that switch at once
    # ("database is locked", the busy timeout notwithstanding). The open must wait instead.
    path = tmp_path / "new.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE other (x INTEGER)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO other VALUES (1)")
    released = threading.Event()

    def release() -> None:
        writer.execute("COMMIT")
        released.set()

    timer = threading.Timer(0.3, release)
    timer.start()
    try:
        with Store.open(f"sqlite:///{path}") as store:
            assert released.is_set()  # the open could only finish after the writer let go
            assert store.loads() == []
    finally:
        timer.join()
        writer.close()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        check.close()
