"""What every command shares: the store, the actor, error handling and output."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from corpbench.actions import ActionError, Actor, benchmark_for
from corpbench.bench.engine import Benchmark
from corpbench.config import Settings, get_settings
from corpbench.store import Store

#: Width of tables written to a file or a pipe (a terminal's own width is used when there is
#: one, and COLUMNS overrides both): wide enough for every table of the people's reports.
PIPE_WIDTH = 160


def _console(stderr: bool) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    piped = not stream.isatty() and "COLUMNS" not in os.environ
    return Console(stderr=stderr, highlight=False, width=PIPE_WIDTH if piped else None)


err_console = _console(stderr=True)
out_console = _console(stderr=False)


def wide_console() -> Console:
    """stdout's console made now, not at import: a table wider than 80 columns is laid out at
    the width of the caller's COLUMNS (or the terminal's) at the time of the command."""
    return _console(stderr=False)


USAGE_ERROR = 2
REJECTED = 1


def fail(message: str, exit_code: int = REJECTED) -> typer.Exit:
    """Print ``message`` as the one-sentence error and return the Exit to raise."""
    err_console.print(f"[bold red]Error:[/] {message}", soft_wrap=True)
    return typer.Exit(code=exit_code)


def usage_error(message: str) -> typer.Exit:
    return fail(message, USAGE_ERROR)


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (containers)
        return os.environ.get("USER") or "unknown"


@contextmanager
def open_store(settings: Settings | None = None) -> Iterator[Store]:
    settings = settings or get_settings()
    try:
        store = Store.open(settings.db)
    except Exception as e:  # a bad URL, an unreachable server: one sentence, no traceback
        raise fail(f"cannot open the store at {_safe_url(settings.db)}: {_first_line(e)}") from e
    try:
        yield store
    finally:
        store.close()


def operator(by: str | None = None) -> Actor:
    """The actor of a command: the command line's operator, named by ``--by`` (default: the OS
    user)."""
    return Actor.command_line(by or default_user())


def load_engine(store: Store) -> Benchmark:
    """The figures the command line's operator sees: the live round (``actions.benchmark_for``)."""
    return benchmark_for(store, operator(), similar_k=get_settings().similar_k)


def refused(exc: ActionError) -> typer.Exit:
    """Print an action's refusal as the one-sentence error and return the Exit (status 1)."""
    return fail(f"{exc.message}.")


@contextmanager
def steps(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for work in ``total`` named steps: call the yielded function
    with each step's name as it starts. Shown only on a terminal, and cleared when done."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    task = progress.add_task("", total=total)
    started = 0

    def step(name: str) -> None:
        nonlocal started
        if started:
            progress.advance(task)
        started += 1
        progress.update(task, description=f"{name}…")

    with progress:
        yield step
        progress.update(task, completed=total)


@contextmanager
def output_stream(out: Path | None) -> Iterator[TextIO]:
    """stdout, or the file ``out`` (written whole, UTF-8, newline as written)."""
    if out is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        with out.open("w", encoding="utf-8", newline="") as f:
            yield f
    except OSError as e:
        raise fail(f"cannot write {out}: {e.strerror or e}") from e


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def _safe_url(url: str) -> str:
    """The URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url
