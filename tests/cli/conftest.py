"""Fixtures of the command-line tests: the CLI run in-process on a fresh store.

``cli`` runs ``corpbench`` (the Typer app) with ``CORPBENCH_DB`` set to ``db_url``, so every
test using it runs on SQLite and on PostgreSQL. ``round_cli`` is the same on a store holding the
valid round, made once per test module and database, for tests that only read.

Rich prints tables as wide as the terminal; the consoles are made 400 columns wide so that table
rows are single lines the tests can parse.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from cli.bundles import Table, round_tables
from conftest import _pg_unreachable_reason, in_ci, pg_base_url  # the suite's root conftest
from corpbench.cli import app
from corpbench.cli import common as cli_common
from ingest.bundles import write_folder
from reference.stores import fresh_store_url

WIDTH = 400


@dataclass
class Cli:
    """``corpbench`` run in-process against one store."""

    db_url: str
    runner: CliRunner

    def __call__(self, *args: str | Path) -> Result:
        """Run ``corpbench ARGS``; the result has exit_code, stdout and stderr."""
        return self.runner.invoke(
            app, [str(a) for a in args], env={"CORPBENCH_DB": self.db_url}, catch_exceptions=True
        )

    def ok(self, *args: str | Path) -> Result:
        """Run and require exit status 0 (showing stderr when not)."""
        result = self(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code == 0, (result.exit_code, result.stderr, result.stdout)
        return result

    def json(self, *args: str | Path) -> tuple[int, dict[str, Any]]:
        """Run a command that prints JSON; its exit status and the parsed object."""
        result = self(*args)
        no_exception(result)
        return result.exit_code, json.loads(result.stdout)

    def load(self, path: Path, *extra: str) -> Result:
        return self.ok("load", path, *extra)

    def csv(self, *args: str | Path) -> list[list[str]]:
        """The rows (header first) of a machine CSV printed on stdout."""
        return parse_csv(self.ok(*args).stdout)

    def history(self, org: str) -> list[dict[str, str]]:
        """The rows of ``history --org ORG`` as dicts keyed by the table's column titles."""
        return table_rows(self.ok("history", "--org", org).stdout)


def no_exception(result: Result) -> None:
    """The command ended by an exit status, not by an exception escaping it."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the command raised {result.exception!r}") from result.exception


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def rich_tables(text: str) -> list[list[dict[str, str]]]:
    """The Rich tables printed in ``text``: each a list of rows keyed by column title (a title
    wrapped over several header lines is joined with spaces). Body rows must be one line each."""
    tables: list[list[dict[str, str]]] = []
    header_lines: list[list[str]] = []
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("┏"):
            header_lines, header = [], []
        elif line.startswith("┃"):
            header_lines.append([c.strip() for c in line.strip("┃").split("┃")])
        elif line.startswith("┡"):
            header = [" ".join(p for p in parts if p) for parts in zip(*header_lines, strict=True)]
            tables.append([])
        elif line.startswith("│") and header:
            cells = [c.strip() for c in line.strip("│").split("│")]
            tables[-1].append(dict(zip(header, cells, strict=True)))
    return tables


def table_rows(text: str) -> list[dict[str, str]]:
    """The rows of the one Rich table printed in ``text``."""
    tables = rich_tables(text)
    assert len(tables) == 1, f"expected one table, found {len(tables)}"
    return tables[0]


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich tables one line per row, whatever the terminal running the tests."""
    for console in (cli_common.out_console, cli_common.err_console):
        monkeypatch.setattr(console, "_width", WIDTH)


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url, CliRunner())


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    """The valid round of ``cli/bundles.py`` as a folder of CSV files."""
    return write_folder(tmp_path / "round", round_tables())


@pytest.fixture
def loaded(cli: Cli, round_dir: Path) -> Cli:
    """``cli`` on a store holding the valid round."""
    cli.load(round_dir, "--by", "tester")
    return cli


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def round_cli(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cli]:
    """``corpbench`` on a store holding the valid round, shared by a module's read-only tests
    (SQLite, then PostgreSQL as ``db_url`` does it)."""
    tmp = tmp_path_factory.mktemp("round")
    bundle = write_folder(tmp / "round", round_tables())
    if request.param == "sqlite":
        cli = Cli(f"sqlite:///{tmp / 'corpbench.db'}", CliRunner())
        cli.load(bundle, "--by", "tester")
        yield cli
        return
    reason = _pg_unreachable_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)
    with fresh_store_url(pg_base_url().render_as_string(hide_password=False), tmp) as url:
        cli = Cli(url, CliRunner())
        cli.load(bundle, "--by", "tester")
        yield cli


def folder(tmp_path: Path, name: str, tables: dict[str, Table]) -> Path:
    return write_folder(tmp_path / name, tables)
