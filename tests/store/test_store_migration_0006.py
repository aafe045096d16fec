"""Migration 0006 records what the publications made before it covered: every return current as
of their load, so their figures are the same before and after the upgrade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from cli.bundles import changed_round, round_tables
from corpbench.config import Settings
from corpbench.loading import load_path
from corpbench.store import Store
from corpbench.store.engine import make_engine, migrate
from corpbench.store.publications import CoveredReturn
from ingest.bundles import write_folder


def test_earlier_publications_cover_the_returns_current_at_their_load(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0004")
    store = Store(engine)
    settings = Settings(db=db_url, max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    load_path(store, write_folder(tmp_path / "a", round_tables()), by="t", settings=settings)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO publications (load_id, peer_list_id, published_at, published_by, note) "
            "VALUES (1, 0, '2026-12-01 10:00:00', 'old', 'before 0006')"
        )
    load_path(store, write_folder(tmp_path / "b", changed_round()), by="t", settings=settings)
    migrate(engine)
    pub = store.publications.get(1)
    assert (pub.scope, pub.returns, pub.organisations) == ("all", 9, 7)
    covered = store.publications.covered(1)
    # AC001's 2009/10 return has version 2 now, but the publication covered version 1
    assert CoveredReturn("AC001", "2009/10", 1) in covered
    assert all(c.version == 1 for c in covered)
    assert store.published(pub).finance.equals(store.current(upto_load=1).finance)
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("signin_failures")}
    assert indexes["ix_signin_failures_client"] == ["client", "at"]
    store.close()
