"""``corpbench template --out FILE.xlsx [--year YYYY/YY]``: the blank return workbook, following
the round of the year when one is given."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpbench.cli.common import open_store, out_console, usage_error


def template(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            help="A financial year YYYY/YY: the workbook follows the round of that year (its "
            "organisation types, functions, processes and indicators). Default: the default "
            "round, the data standard v1.",
        ),
    ] = None,
) -> None:
    """Write a blank return workbook with drop-down lists and an instructions sheet."""
    from corpbench.documents.blank_return import write_blank_return
    from corpbench.standard.rounds import is_financial_year

    if out.suffix.lower() != ".xlsx":
        raise usage_error(f"--out must name an .xlsx file, not {out.name!r}.")
    if year is None:
        write_blank_return(out)
        round_words = ""
    else:
        if not is_financial_year(year):
            raise usage_error(f"--year must be a financial year such as 2021/22, not {year!r}.")
        with open_store() as store:
            definition = store.rounds.by_year().round_of(year)
        write_blank_return(out, definition=definition)
        round_words = f" for {year} (round {definition.name})"
    out_console.print(
        f"Wrote the blank return workbook {out}{round_words}. Fill it in, then "
        f"`corpbench load {out}`.",
        soft_wrap=True,  # one line whatever the width: scripts and the docs test read it
    )
