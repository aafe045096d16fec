"""Engines for the store and its migrations.

SQLite (the embedded default) gets foreign keys on, write-ahead logging, a busy timeout, and
real transactions (the Python driver's own transaction handling is switched off and ``BEGIN`` is
emitted by SQLAlchemy, so a load is one transaction and DDL is transactional too). A connection
with the execution option ``corpbench_write=True`` begins with ``BEGIN IMMEDIATE`` so that
concurrent loads queue instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import StaticPool

#: Where the migration scripts live (inside the installed package).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: How long (seconds) an SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_S = 60.0

WRITE_OPTION = "corpbench_write"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (an SQLAlchemy URL), configured for the store. A plain
    ``postgresql://`` URL uses psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":  # the installed driver, not SQLAlchemy's psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        # no pre-ping (a round trip before every query, measured to double the web app's
        # latency under load); connections are recycled hourly and a dropped one fails one
        # request, after which the pool replaces it
        return create_engine(
            parsed, pool_size=10, max_overflow=20, pool_recycle=3600, pool_use_lifo=True
        )
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in str(parsed.query)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    if in_memory:
        kwargs.update(poolclass=StaticPool)
        kwargs["connect_args"]["check_same_thread"] = False
    engine = create_engine(parsed, **kwargs)
    _configure_sqlite(engine, wal=not in_memory)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            if wal:
                _switch_to_wal(cursor, SQLITE_BUSY_TIMEOUT_S)
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _switch_to_wal(cursor: Any, timeout_s: float) -> None:
    """Put the database in write-ahead-log mode (kept in the file: a no-op once done), waiting
    up to ``timeout_s`` for other connections. SQLite's busy timeout does not cover this switch
    when another connection of a brand-new database holds its write lock (it answers "database
    is locked" at once, to avoid a deadlock), which made concurrent first opens fail now and
    then; so the switch is retried, with growing pauses."""
    deadline = time.monotonic() + timeout_s
    pause = 0.002
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the package's migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration revision shipped with the package."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration revision the database is at (None when it has never been migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: Key of the PostgreSQL advisory lock that makes concurrent migrations run one at a time.
MIGRATION_LOCK_KEY = 0x636F7270  # "corp"


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest), in one transaction; processes
    opening the same new database at once migrate one after the other."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            command.upgrade(alembic_config(conn), revision)
