"""``corpbench template --out FILE.xlsx``: the blank return workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpbench.cli.common import out_console, usage_error


def template(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
) -> None:
    """Write a blank return workbook with drop-down lists and an instructions sheet."""
    from corpbench.documents.blank_return import write_blank_return

    if out.suffix.lower() != ".xlsx":
        raise usage_error(f"--out must name an .xlsx file, not {out.name!r}.")
    write_blank_return(out)
    out_console.print(
        f"Wrote the blank return workbook {out}. Fill it in, then `corpbench load {out}`."
    )
