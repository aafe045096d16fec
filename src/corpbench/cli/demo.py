"""``corpbench demo``: the calibrated demo national round, written as CSV files and/or loaded
through the load action (validated and audited like any other bundle)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from corpbench import actions
from corpbench.cli.common import (
    fail,
    open_store,
    operator,
    out_console,
    refused,
    steps,
    usage_error,
)
from corpbench.config import get_settings
from corpbench.loading import LoadOutcome


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
    from corpbench.documents.bundle_csv import write_bundle_csv

    if out is None and not do_load:
        raise usage_error("say --out DIR to write the demo bundle, --load to load it, or both.")
    if scale <= 0:
        raise usage_error("--scale must be greater than 0.")
    settings = get_settings()
    outcome: LoadOutcome | None = None
    with steps(2 + 3 * do_load) as step, tempfile.TemporaryDirectory() as scratch:
        step("Generating the demo round")
        bundle = generate(seed=seed, scale=scale)
        folder = out if out is not None else Path(scratch) / "demo"
        step(f"Writing {folder}")
        paths = write_bundle_csv(bundle, folder)
        if do_load:
            with open_store(settings) as store:
                try:
                    outcome = actions.load(
                        store,
                        operator(by),
                        folder,
                        settings=settings,
                        source=f"demo:seed={seed}:scale={scale}",
                        step=step,
                    )
                except actions.ActionError as exc:
                    raise refused(exc) from exc
    if out is not None:
        out_console.print(f"Wrote {len(paths)} files to {out}.")
    if outcome is not None:
        result = outcome.result
        if result is None:
            raise fail(
                f"the demo round was rejected with {len(outcome.report.errors)} error(s); "
                "nothing was stored."
            )
        out_console.print(
            f"Loaded the demo round: {len(result.new_return_versions)} new return version(s), "
            f"{len(result.unchanged_return_versions)} unchanged."
        )
