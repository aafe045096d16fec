"""Commands about the store's contents and the files around it: history, template, demo, peers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench.cli.common import (
    default_user,
    fail,
    open_store,
    out_console,
    steps,
    usage_error,
)
from corpbench.config import get_settings
from corpbench.standard.bundle import Bundle
from corpbench.store import LoadResult


def history(
    org: Annotated[str, typer.Option("--org", help="The organisation code.")],
) -> None:
    """Every stored version of an organisation's register entry and returns: who, when, what."""
    with open_store() as store:
        versions = store.history(org)
    if not versions:
        raise fail(f"no organisation {org!r} in the store; `corpbench load` its return first.")
    table = Table(title=f"Versions stored for {org}")
    for col in ("kind", "year", "version", "loaded at (UTC)", "by", "source", "sha256", "lines"):
        table.add_column(col, overflow="fold")
    for v in versions:
        table.add_row(
            v.kind,
            v.year or "",
            str(v.version),
            v.loaded_at.strftime("%Y-%m-%d %H:%M:%S"),
            v.loaded_by,
            v.source,
            v.sha256[:12],
            "" if v.kind == "register" else str(v.cost_lines),
        )
    out_console.print(table)


def template(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
) -> None:
    """Write a blank return workbook with drop-down lists and an instructions sheet."""
    from corpbench.reports.blank_return import write_blank_return

    if out.suffix.lower() != ".xlsx":
        raise usage_error(f"--out must name an .xlsx file, not {out.name!r}.")
    write_blank_return(out)
    out_console.print(
        f"Wrote the blank return workbook {out}. Fill it in, then `corpbench load {out}`."
    )


def demo(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the demo bundle as CSV files here.")
    ] = None,
    do_load: Annotated[
        bool, typer.Option("--load", help="Load the demo bundle into the store.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the generator.")] = 2010,
    scale: Annotated[
        float, typer.Option("--scale", help="Size relative to the national round.")
    ] = 1.0,
    by: Annotated[str, typer.Option("--by", help="Who is loading.")] = "demo",
) -> None:
    """The calibrated demo national round (fictional organisations, 2009/10 and 2010/11)."""
    from corpbench.demo import generate
    from corpbench.reports.bundle_csv import write_bundle_csv

    if out is None and not do_load:
        raise usage_error("say --out DIR to write the demo bundle, --load to load it, or both.")
    if scale <= 0:
        raise usage_error("--scale must be greater than 0.")
    paths: list[Path] = []
    result: LoadResult | None = None
    with steps(1 + (out is not None) + do_load) as step:
        step("Generating the demo round")
        bundle = generate(seed=seed, scale=scale)
        if out is not None:
            step(f"Writing {out}")
            paths = write_bundle_csv(bundle, out)
        if do_load:
            step("Loading the demo round")
            with open_store(get_settings()) as store:
                result = store.load(
                    bundle,
                    by=by,
                    source=f"demo:seed={seed}:scale={scale}",
                    sha256=bundle_sha256(bundle),
                )
    if out is not None:
        out_console.print(f"Wrote {len(paths)} files to {out}.")
    if result is not None:
        out_console.print(
            f"Loaded the demo round: {len(result.new_return_versions)} new return version(s), "
            f"{len(result.unchanged_return_versions)} unchanged."
        )


def bundle_sha256(bundle: Bundle) -> str:
    """A content hash for bundles made in memory (no source file)."""
    h = hashlib.sha256()
    for name in ("organisations", "finance", "function_costs", "indicators"):
        h.update(name.encode())
        h.update(bundle.table(name).write_csv().encode())
    return h.hexdigest()


peers_app = typer.Typer(
    help="Named custom peer groups (use as --group peers:NAME).", no_args_is_help=True
)


@peers_app.command("set")
def peers_set(
    name: Annotated[str, typer.Argument(help="The peer list's name.")],
    codes: Annotated[list[str], typer.Argument(help="Organisation codes in the list.")],
    by: Annotated[str | None, typer.Option("--by")] = None,
) -> None:
    """Save a named peer list (a new version if it already exists)."""
    with open_store() as store:
        unknown = sorted(set(codes) - store.known_org_codes())
        if unknown:
            raise fail(f"not in the register: {', '.join(unknown)}.")
        store.save_peer_list(name, codes, by=by or default_user())
    out_console.print(f"Saved peer list {name!r} with {len(set(codes))} organisations.")


@peers_app.command("list")
def peers_list() -> None:
    """Show the named peer lists."""
    with open_store() as store:
        lists = store.peer_lists()
    table = Table(title="Peer lists")
    table.add_column("name")
    table.add_column("organisations", overflow="fold")
    for name, codes in sorted(lists.items()):
        table.add_row(name, " ".join(codes))
    out_console.print(table)
