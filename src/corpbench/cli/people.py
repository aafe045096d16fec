"""Reports for people: an organisation's peer report and the national summary (rounded)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from corpbench.bench.methods import parse_method
from corpbench.cli.common import fail, load_engine, open_store, out_console, usage_error
from corpbench.reports.people import (
    DEFAULT_REPORT_METHODS,
    column_title,
    format_cell,
    format_money,
    format_pct,
)

MethodsOpt = Annotated[
    list[str] | None,
    typer.Option("--method", help="A savings method (repeat for several; default: all of them)."),
]


def _check_methods(methods: list[str]) -> list[str]:
    for m in methods:
        try:
            parse_method(m)
        except ValueError as e:
            raise usage_error(str(e)) from e
    return methods


def report(
    org: Annotated[str, typer.Option("--org", help="The organisation code.")],
    year: Annotated[
        str | None, typer.Option("--year", help="Financial year (default: latest).")
    ] = None,
    method: MethodsOpt = None,
    group: Annotated[
        str, typer.Option("--group", help="Peer grouping (default org_type).")
    ] = "org_type",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the report to FILE.csv or FILE.xlsx.")
    ] = None,
) -> None:
    """An organisation against its peers, function by function, with savings under each method."""
    methods = _check_methods(method or list(DEFAULT_REPORT_METHODS))
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise usage_error(f"--out must name a .csv or .xlsx file, not {out.name!r}.")
    with open_store() as store:
        engine = load_engine(store)
    years = engine.respondent_years(org)
    if not years:
        raise fail(f"{org} has no stored return; see `corpbench history --org {org}`.")
    if year is None:
        year = years[-1]
    elif year not in years:
        raise fail(f"{org} has no return for {year}; it has {', '.join(years)}.")
    try:
        frame = engine.org_report(org, year, methods, grouping=group)
    except ValueError as e:
        raise usage_error(str(e)) from e
    if out is not None:
        _write_report(frame, out, org, year)
        out_console.print(f"Wrote {out}.")
        return
    _print_report(frame, org, year, methods, engine.org_label(org), group)


def _print_report(
    frame: pl.DataFrame, org: str, year: str, methods: list[str], label: str, group: str
) -> None:
    table = Table(title=f"{label} ({org}) — {year}, peers by {group}", title_justify="left")
    columns = frame.columns
    for name in columns:
        table.add_column(column_title(name), justify="left" if name == "function" else "right")
    for row in frame.iter_rows(named=True):
        cells = [format_cell(name, row[name]) for name in columns]
        table.add_row(*cells, style="bold" if row["function"] == "all" else None)
    out_console.print(table)
    out_console.print(
        "Rank 1 = the lowest cost as % of turnover among peers. Savings move the % of turnover "
        "down to the target; the total is the sum of the function savings (threshold methods: "
        "the saving on all)."
    )


def _write_report(frame: pl.DataFrame, out: Path, org: str, year: str) -> None:
    if out.suffix.lower() == ".csv":
        from corpbench.reports.machine_csv import write_machine_csv

        with out.open("w", encoding="utf-8", newline="") as f:
            write_machine_csv(frame, f)
    else:
        from corpbench.reports.xlsx import write_tables_xlsx

        write_tables_xlsx(out, {"report": frame}, title=f"{org} {year}")


Cell = tuple[str, Callable[[dict[str, Any]], str]]


def _money(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: format_money(r[key])


TYPE_COLUMNS: list[Cell] = [
    ("organisation type", lambda r: str(r["org_type"])),
    ("eligible", lambda r: str(r["eligible"])),
    ("responded", lambda r: str(r["respondents"])),
    (
        "rate",
        lambda r: format_pct(None if r["response_rate"] is None else 100 * r["response_rate"], 0),
    ),
    ("spend", _money("spend")),
    ("spend at 100%", _money("spend_extrapolated")),
    ("saving", _money("saving")),
    ("saving at 100%", _money("saving_extrapolated")),
]

FUNCTION_COLUMNS: list[Cell] = [
    ("function", lambda r: str(r["function"])),
    ("spend", _money("spend")),
    ("spend at 100%", _money("spend_extrapolated")),
    ("shared", _money("shared")),
    ("saving", _money("saving")),
    ("saving at 100%", _money("saving_extrapolated")),
    ("share of saving", lambda r: format_pct(r["saving_share_pct"], 0)),
]


def _table(title: str, columns: list[Cell], frame: pl.DataFrame, total_key: str) -> Table:
    """A table for people; the national row (``all``) comes last, in bold."""
    table = Table(title=title, title_justify="left")
    for i, (name, _) in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    rows = sorted(frame.iter_rows(named=True), key=lambda r: r[total_key] == "all")
    for r in rows:
        style = "bold" if r[total_key] == "all" else None
        table.add_row(*(cell(r) for _, cell in columns), style=style)
    return table


def summary(
    method: Annotated[str, typer.Option("--method", help="Savings method.")] = "iqm",
    year: Annotated[
        str | None, typer.Option("--year", help="Financial year (default: all).")
    ] = None,
) -> None:
    """The national picture: spend and savings by organisation type and by function."""
    _check_methods([method])
    with open_store() as store:
        engine = load_engine(store)
    years = [year] if year else engine.years()
    if not years:
        raise fail("the store holds no returns yet; try `corpbench demo --load`.")
    for y in years:
        by_type = engine.summary(method, year=y)
        if by_type.is_empty():
            raise fail(f"no data for {y}; the store has {', '.join(engine.years())}.")
        title = f"National summary {y} — savings method {method}"
        out_console.print(_table(title, TYPE_COLUMNS, by_type, "org_type"))
        by_function = engine.summary_by_function(method, year=y)
        title = f"By function {y} (extrapolated to 100%)"
        out_console.print(_table(title, FUNCTION_COLUMNS, by_function, "function"))
