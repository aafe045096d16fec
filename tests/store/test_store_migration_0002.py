"""Migration 0002 moves the lines a revision-0001 database holds into segments, losing nothing:
the upgraded store reads back what a store that always had segments reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import MetaData, Table, insert, inspect, select
from sqlalchemy.engine import Connection

from corpbench.standard.bundle import SCHEMAS, Bundle
from corpbench.store import Store, VersionRef
from corpbench.store.engine import current_revision, head_revision, make_engine, migrate
from corpbench.store.hashing import row_strings, sha256_hex
from corpbench.store.prepare import Prepared, prepare
from store.bundles import SHA_A, SHA_B, Y1, bundle, cost, fin, ind, org
from store.test_store_roundtrip import _rich_bundle

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _changed() -> Bundle:
    """A second load: RAA01's 2009/10 return changed (new finance and lines), nothing else."""
    return bundle(
        orgs=[org("RAA01", footprint="North Central London", teaching=True)],
        finance=[fin("RAA01", Y1, turnover=1.5, running_costs=None)],
        costs=[
            cost("RAA01", "hr", "", pay_cost=-0.0, shared_cost=1e308),
            cost("RAA01", "hr", None, pay_cost=7.25, delivery_model="shared"),
        ],
        indicators=[ind("RAA01", "hr", "recruits", 3.0)],
    )


def _v1_hashes(prepared: Prepared, loaded: Bundle) -> pl.DataFrame:
    """Return hashes as revision 0001 defined them: the SHA-256 of the sorted line texts of
    finance, cost lines and indicators, in that order, joined by newlines."""
    key = ["org_code", "year"]
    blocks = []
    for table, df in (
        ("finance", loaded.finance),
        ("function_costs", loaded.function_costs),
        ("indicators", loaded.indicators),
    ):
        columns = tuple(c for c in SCHEMAS[table] if c not in key)
        blocks.append(
            df.select(key)
            .with_columns(row_strings(table, df, columns))
            .group_by(key)
            .agg(pl.col("row").sort().str.join("\n").alias(table))
        )
    texts = prepared.returns.select(key)
    for block in blocks:
        texts = texts.join(block, on=key, how="left")
    joined = pl.concat_str(
        [pl.col("finance"), pl.col("function_costs"), pl.col("indicators")],
        separator="\n",
        ignore_nulls=True,
    )
    texts = texts.with_columns(joined.alias("text"))
    return texts.select(*key, sha256_hex(texts["text"]))


def _old_load(
    conn: Connection, loaded: Bundle, load_id: int, sha: str, *, first_id: int, version: int
) -> int:
    """Write ``loaded`` as revision 0001's ``Store.load`` did: every return in it a new
    ``version`` (ids from ``first_id``), lines in ``cost_lines``/``indicator_values`` by
    position; register entries only on the first load. Returns the next free version id."""
    tables = {
        name: Table(name, MetaData(), autoload_with=conn)
        for name in (
            "loads",
            "organisations",
            "org_versions",
            "return_versions",
            "cost_lines",
            "indicator_values",
        )
    }
    prepared = prepare(loaded)
    v1 = _v1_hashes(prepared, loaded)
    prepared = replace(
        prepared, returns=prepared.returns.drop("content_hash").join(v1, on=["org_code", "year"])
    )
    stored_id = conn.execute(
        insert(tables["loads"])
        .values(loaded_at=AT, loaded_by="old", source="old.zip", sha256=sha)
        .returning(tables["loads"].c.id)
    ).scalar_one()
    assert stored_id == load_id
    if version == 1:
        for i, row in enumerate(prepared.organisations.iter_rows(named=True)):
            conn.execute(
                insert(tables["organisations"]).values(
                    org_code=row["org_code"], first_load_id=load_id
                )
            )
            conn.execute(
                insert(tables["org_versions"]).values(id=i + 1, version=1, load_id=load_id, **row)
            )
    ids = prepared.returns.sort("org_code", "year").with_columns(
        pl.int_range(first_id, first_id + pl.len(), dtype=pl.Int64()).alias("return_version_id")
    )
    for row in ids.iter_rows(named=True):
        rv_id = row.pop("return_version_id")
        conn.execute(
            insert(tables["return_versions"]).values(
                id=rv_id, version=version, load_id=load_id, **row
            )
        )
    keys = ids.select("org_code", "year", "return_version_id")
    for name, lines in (
        ("cost_lines", prepared.cost_lines),
        ("indicator_values", prepared.indicators),
    ):
        rows = lines.join(keys, on=["org_code", "year"]).drop("org_code", "year")
        if rows.height:
            conn.execute(insert(tables[name]), rows.to_dicts())
    return first_id + ids.height


@pytest.fixture
def old_db(db_url: str) -> str:
    """A database at revision 0001 holding two loads written the 0001 way."""
    engine = make_engine(db_url)
    try:
        migrate(engine, "0001")
        with engine.begin() as conn:
            nxt = _old_load(conn, _rich_bundle(), 1, SHA_A, first_id=1, version=1)
            _old_load(conn, _changed(), 2, SHA_B, first_id=nxt, version=2)
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()
    return db_url


def _fresh_current(tmp_url: str) -> Bundle:
    with Store.open(tmp_url) as store:
        store.load(_rich_bundle(), by="new", source="s", sha256=SHA_A, at=AT)
        store.load(_changed(), by="new", source="s", sha256=SHA_B, at=AT)
        return store.current()


def test_upgrade_keeps_every_line_and_current_is_unchanged(old_db: str) -> None:
    with Store.open(old_db) as store:
        assert current_revision(store.engine) == head_revision()
        upgraded = store.current()
        names = set(inspect(store.engine).get_table_names())
    assert "line_segments" in names
    assert not {"cost_lines", "indicator_values"} & names
    expected = _fresh_current("sqlite://")
    for name in SCHEMAS:
        assert_frame_equal(upgraded.table(name), expected.table(name), check_exact=True)
    raa = upgraded.function_costs.filter(pl.col("org_code") == "RAA01", pl.col("year") == Y1)
    assert raa["pay_cost"].to_list() == [0.0, 7.25]
    assert raa["process"].to_list() == ["", None]


def test_upgrade_keeps_old_versions_lines_in_segments(old_db: str) -> None:
    with Store.open(old_db) as store, store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT load_id, kind, n_rows FROM line_segments ORDER BY id"
        ).all()
        history = [(v.year, v.version, v.cost_lines) for v in store.history("RAA01")]
    # load 1: 10 + 2 cost lines of RAA01 and 10 each of RBB02 and RCC03; load 2: 2 lines
    assert [tuple(r) for r in rows] == [
        (1, "function_costs", 32),
        (1, "indicators", 3),
        (2, "function_costs", 2),
        (2, "indicators", 1),
    ]
    assert history == [(None, 1, 0), (Y1, 1, 10), ("2010/11", 1, 2), (Y1, 2, 2)]


def test_upgrade_recomputes_the_0001_hashes(old_db: str) -> None:
    engine = make_engine(old_db)
    try:
        with engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT id, content_hash FROM return_versions").all()
        migrate(engine)
        with engine.connect() as conn:
            after: dict[int, str] = dict(
                conn.exec_driver_sql("SELECT id, content_hash FROM return_versions").all()
            )
    finally:
        engine.dispose()
    assert len(before) == len(after) == 5
    assert all(after[i] != old for i, old in before)
    fresh = prepare(_changed()).returns["content_hash"].to_list()
    assert after[5] == fresh[0]


def test_identical_data_after_the_upgrade_adds_no_version(old_db: str) -> None:
    with Store.open(old_db) as store:
        again = store.load(_changed(), by="x", source="s", sha256=SHA_A)
        assert again.new_return_versions == []
        assert again.unchanged_return_versions == [VersionRef("RAA01", Y1, 2)]
        rich = store.load(_rich_bundle(), by="x", source="s", sha256=SHA_A)
        assert rich.new_return_versions == [VersionRef("RAA01", Y1, 3)]


def test_downgrade_to_0001_restores_the_line_tables(old_db: str) -> None:
    engine = make_engine(old_db)
    try:
        migrate(engine, "head")
        with engine.begin() as conn:
            from alembic import command

            from corpbench.store.engine import alembic_config

            command.downgrade(alembic_config(conn), "0001")
        with engine.connect() as conn:
            cost_lines = Table("cost_lines", MetaData(), autoload_with=conn)
            rows = conn.execute(select(cost_lines.c.pay_cost)).scalars().all()
    finally:
        engine.dispose()
    assert len(rows) == 34
    assert sorted(rows)[:2] == [0.0, 5e-324]
