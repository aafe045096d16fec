"""The schema comes from the Alembic migrations, run programmatically, and matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from corpbench.store import Store, StoreError
from corpbench.store.engine import (
    MIGRATIONS_DIR,
    current_revision,
    head_revision,
    make_engine,
    migrate,
)
from corpbench.store.models import Base


def test_migrations_ship_with_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert head_revision() == "0011"


def test_open_migrates_an_empty_database_to_head(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        tables = set(inspect(store.engine).get_table_names())
    assert {
        "alembic_version",
        "loads",
        "organisations",
        "org_versions",
        "return_versions",
        "line_segments",
        "peer_lists",
        "peer_list_members",
    } <= tables
    assert not {"cost_lines", "indicator_values"} & tables


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_opening_twice_keeps_the_data(db_url: str) -> None:
    from store.bundles import SHA_A, one_org_bundle

    with Store.open(db_url) as store:
        store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
    with Store.open(db_url) as store:
        assert store.known_org_codes() == {"RAA01"}
    with Store.open(db_url, migrate=False) as store:
        assert len(store.loads()) == 1


def test_open_without_migrating_refuses_an_unmigrated_database(db_url: str) -> None:
    with pytest.raises(StoreError, match="not at the current schema"):
        Store.open(db_url, migrate=False)


def test_sqlite_has_foreign_keys_on_and_wal_journal(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_in_memory_sqlite_works() -> None:
    from store.bundles import SHA_A, one_org_bundle

    with Store.open("sqlite://") as store:
        store.load(one_org_bundle(), by="a", source="s", sha256=SHA_A)
        assert store.current().function_costs.height == 2


def test_pg_url_points_into_its_own_schema(pg_url: str) -> None:
    with Store.open(pg_url) as store, store.engine.connect() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    assert isinstance(schema, str)
    assert schema.startswith("corpbench_test_")
    engine = create_engine(pg_url)
    try:
        assert "loads" in inspect(engine).get_table_names(schema=schema)
    finally:
        engine.dispose()


def test_plain_postgresql_url_uses_psycopg_3(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    engine = make_engine(plain)
    try:
        assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
    finally:
        engine.dispose()
    with Store.open(plain) as store:
        assert store.loads() == []


def test_unopenable_database_is_one_clear_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")


def test_malformed_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="not a usable database URL"):
        Store.open("not a url")


def test_migration_0003_adds_the_web_tables_and_steps_back(db_url: str) -> None:
    from alembic import command

    from corpbench.store.engine import alembic_config

    web_tables = {
        "users",
        "api_tokens",
        "web_sessions",
        "signin_failures",
        "audit_events",
        "return_reviews",
        "publications",
    }
    engine = make_engine(db_url)
    try:
        migrate(engine, "0002")
        assert not web_tables & set(inspect(engine).get_table_names())
        migrate(engine)
        assert web_tables <= set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0002")
        assert not web_tables & set(inspect(engine).get_table_names())
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()


def test_migration_0005_adds_the_conversation_tables_and_steps_back(db_url: str) -> None:
    from alembic import command

    from corpbench.store.engine import alembic_config

    tables = {"return_queries", "query_messages", "return_notes"}
    engine = make_engine(db_url)
    try:
        migrate(engine, "0004")
        assert not tables & set(inspect(engine).get_table_names())
        migrate(engine)
        assert tables <= set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0004")
        assert not tables & set(inspect(engine).get_table_names())
        assert current_revision(engine) == "0004"
    finally:
        engine.dispose()


def test_migration_0011_gives_every_stored_programme_its_first_version(db_url: str) -> None:
    """Programmes started before 0011 keep their name and standing as version 1 (a retired one
    stays retired), saved when and by whom they were started."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    started = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    engine = make_engine(db_url)
    try:
        migrate(engine, "0010")
        with engine.begin() as conn:
            for name, retired_at in (("Payroll together", None), ("Old one", started)):
                conn.execute(
                    text(
                        "INSERT INTO programmes (name, footprint, year, case_id, created_at,"
                        " created_by, retired_at) VALUES (:n, 'NCL', '2016/17', NULL, :at,"
                        " 'lead', :r)"
                    ),
                    {"n": name, "at": started, "r": retired_at},
                )
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT programme_id, version, name, retired, saved_by"
                    " FROM programme_versions ORDER BY programme_id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, 1, "Payroll together", False, "lead"),
            (2, 1, "Old one", True, "lead"),
        ]
    finally:
        engine.dispose()
