"""Fixtures of the action tests: a store prepared as the web tests' store is (the tiny round of
``tests/cli/bundles.py``, one user per role, one publication), and a twin of it on the same
database server for the command line, so that one action taken through each door can be
compared (the web door on ``db_url``, the command line on the twin)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.bundles import round_tables
from cli.conftest import Cli, wide_console  # noqa: F401  (an autouse fixture of the CLI tests)
from corpbench.actions import Actor
from corpbench.config import Settings
from corpbench.loading import load_path
from corpbench.store import Store
from corpbench.store.audit import AuditEntry
from ingest.bundles import write_folder
from reference.stores import fresh_store_url
from web.conftest import PASSWORD, USERS, Web, _fast_hashing  # noqa: F401  (autouse)


def prepare(store: Store, settings: Settings, tmp: Path) -> None:
    """The web tests' store: the round loaded by ``tester``, the users of ``web.conftest``
    and a first publication."""
    folder = write_folder(tmp / "round", round_tables())
    assert load_path(store, folder, by="tester", settings=settings).stored
    for email, (role, org, fp) in USERS.items():
        store.accounts.add_user(email, role, password=PASSWORD, org_code=org, footprint=fp, by="t")
    store.publications.publish(by="tester", note="first")


def _settings(url: str) -> Settings:
    return Settings(db=url, max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)


@pytest.fixture
def prepared(db_url: str, tmp_path: Path) -> Iterator[Store]:
    """A prepared store (for the actions called directly)."""
    with Store.open(db_url) as store:
        prepare(store, _settings(db_url), tmp_path)
        yield store


@dataclass
class Twins:
    """The same prepared store twice: ``web`` (the app over one) and ``cli`` (``corpbench``
    on the other, whose store ``cli_store`` is open for looking)."""

    web: Web
    cli: Cli
    cli_store: Store


@pytest.fixture
def twins(db_url: str, tmp_path: Path) -> Iterator[Twins]:
    with (
        fresh_store_url(db_url, tmp_path / "twin") as twin_url,
        Store.open(db_url) as web_store,
        Store.open(twin_url) as cli_store,
    ):
        prepare(web_store, _settings(db_url), tmp_path)
        prepare(cli_store, _settings(twin_url), tmp_path)
        yield Twins(
            Web(web_store, _settings(db_url), tmp_path),
            Cli(twin_url, CliRunner()),
            cli_store,
        )


def national(name: str = "nat@nhs.test") -> Actor:
    return Actor.command_line(name)


def last_entry(store: Store, action: str) -> tuple[str, str, str, dict[str, object]]:
    """The newest audit entry of ``action``: everything but its id, time and client."""
    entries = store.audit.entries(action=action, limit=1)
    assert entries, f"no {action} entry in the audit log"
    return _fields(entries[0])


def _fields(e: AuditEntry) -> tuple[str, str, str, dict[str, object]]:
    return (e.actor, e.action, e.target, e.detail)
