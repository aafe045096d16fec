"""Database fixtures shared by the whole suite.

``db_url`` runs a test on SQLite (a file in the test's tmp_path) and on PostgreSQL (a uniquely
named schema in the database ``test`` at 127.0.0.1:5432, created before and dropped after; base
URL overridable with ``CORPBENCH_TEST_PG_URL``). When PostgreSQL cannot be reached its cases are
skipped, except under ``CI=true``, where they fail. ``store`` is a Store opened on ``db_url``.
Select one database with ``-k sqlite`` or ``-k postgresql``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from corpbench.store import Store

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_base_url() -> URL:
    """The PostgreSQL server the tests use (``CORPBENCH_TEST_PG_URL`` or the local default)."""
    return make_url(os.environ.get("CORPBENCH_TEST_PG_URL") or DEFAULT_PG_URL)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@cache
def _pg_unreachable_reason() -> str | None:
    """Why PostgreSQL cannot be used (None when it can); asked once per test process."""
    engine = create_engine(pg_base_url(), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL at {pg_base_url().render_as_string()} is unreachable: {exc}"
    finally:
        engine.dispose()
    return None


def _with_search_path(base: URL, schema: str) -> str:
    options = base.query.get("options")
    existing = options if isinstance(options, str) else " ".join(options or ())
    combined = f"{existing} -csearch_path={schema}".strip()
    url = base.update_query_dict({"options": combined})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of a fresh, uniquely named PostgreSQL schema (dropped after the test)."""
    reason = _pg_unreachable_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)
    schema = f"corpbench_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_base_url())
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield _with_search_path(pg_base_url(), schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of a fresh SQLite file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'corpbench.db'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database: an SQLite file, then a PostgreSQL schema."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url = request.getfixturevalue(name)
    assert isinstance(url, str)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A Store opened (and migrated) on ``db_url``."""
    with Store.open(db_url) as opened:
        yield opened
