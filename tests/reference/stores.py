"""Fresh empty stores next to a ``db_url`` fixture's, for tests that need one per example
(hypothesis runs many examples inside one test, and each bundle needs its own store)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def _options_without_search_path(options: str | tuple[str, ...] | None) -> str:
    text = options if isinstance(options, str) else " ".join(options or ())
    return " ".join(t for t in text.split() if not t.startswith("-csearch_path="))


@contextmanager
def fresh_store_url(db_url: str, folder: Path) -> Iterator[str]:
    """A URL of a new empty store on the same database server as ``db_url``.

    SQLite: a new file in ``folder``. PostgreSQL: a new uniquely named schema on the same
    database (selected through ``options=-csearch_path=...``), dropped on exit.
    """
    url = make_url(db_url)
    tag = uuid.uuid4().hex[:16]
    if url.get_backend_name() == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / f'ref_{tag}.db'}"
        return
    schema = f"corpbench_ref_{tag}"
    options = f"{_options_without_search_path(url.query.get('options'))} -csearch_path={schema}"
    fresh = url.update_query_dict({"options": options.strip()})
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield fresh.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()
