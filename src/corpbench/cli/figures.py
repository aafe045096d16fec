"""``corpbench report`` and ``corpbench summary``: figures for people (rounded) — an
organisation against its peers, and the national picture."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from corpbench import actions
from corpbench.bench.methods import DEFAULT_REPORT_METHODS, parse_method
from corpbench.cli.common import (
    fail,
    load_engine,
    open_store,
    out_console,
    refused,
    usage_error,
)
from corpbench.formatting import (
    format_millions,
    format_money,
    format_pct,
    format_plain_pct,
    format_thousands,
)
from corpbench.standard.labels import grouping_label, method_label, org_type_label
from corpbench.views.labels import COLUMN_TITLES, function_label
from corpbench.views.organisation import carter_status

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
        str,
        typer.Option(
            "--group",
            help="Peer grouping (default org_type; similar: each organisation's nearest peers).",
        ),
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
    try:
        year = actions.organisation_year(engine, org, year)
    except actions.ActionError as exc:
        raise refused(exc) from exc
    try:
        frame = engine.org_position(org, year, methods, grouping=group)
    except ValueError as e:
        raise usage_error(str(e)) from e
    if out is not None:
        _write_report(frame, out, org, year, methods)
        out_console.print(f"Wrote {out}.")
        return
    _print_report(frame, org, year, methods, engine.org_label(org), group)


def _position_table(frame: pl.DataFrame, title: str) -> Table:
    columns: list[Cell] = [
        ("function", lambda r: function_label(str(r["function"]))),
        ("cost £k", lambda r: format_thousands(r["cost"])),
        ("% turnover", lambda r: format_plain_pct(r["pct_turnover"])),
        ("% pay", lambda r: format_plain_pct(r["pct_pay"])),
        ("£ per FTE", _money("cost_per_fte")),
        ("rank", lambda r: "" if r["rank"] is None else f"{r['rank']}/{r['n']}"),
        ("peer IQM %", lambda r: format_plain_pct(r["peer_iqm"])),
        ("peer median %", lambda r: format_plain_pct(r["peer_median"])),
        ("top quartile %", lambda r: format_plain_pct(r["peer_q1"])),
    ]
    return _table(title, columns, frame, "function")


def _savings_table(frame: pl.DataFrame, methods: list[str]) -> Table:
    columns: list[Cell] = [("function", lambda r: function_label(str(r["function"])))]
    for m in methods:
        columns.append((method_label(m), _thousands(parse_method(m).column_name)))
    title = "Savings £k: moving % of turnover down to each target"
    return _table(title, columns, frame, "function")


def _print_report(
    frame: pl.DataFrame, org: str, year: str, methods: list[str], label: str, group: str
) -> None:
    title = f"{label} ({org}) — {year}, peers by {grouping_label(group).lower()}"
    out_console.print(_position_table(frame, title))
    out_console.print(_savings_table(frame, methods))
    whole = frame.filter(pl.col("function") == "all")["pct_turnover"]
    if not whole.is_empty() and whole[0] is not None:
        out_console.print(carter_status(float(whole[0])))
    out_console.print(
        "Rank 1/n = the lowest cost as % of turnover of n peers. The total saving is the sum of "
        "the function savings (threshold methods: the saving on all)."
    )


def _write_report(frame: pl.DataFrame, out: Path, org: str, year: str, methods: list[str]) -> None:
    if out.suffix.lower() == ".csv":
        from corpbench.documents.machine_csv import write_machine_csv

        with out.open("w", encoding="utf-8", newline="") as f:
            write_machine_csv(frame, f)
    else:
        from corpbench.documents.xlsx import write_tables_xlsx

        write_tables_xlsx(out, {"report": _for_people(frame, methods)}, title=f"{org} {year}")


def _for_people(frame: pl.DataFrame, methods: list[str]) -> pl.DataFrame:
    """The report with words for people (a workbook): functions and columns by their titles."""
    titles = {
        **COLUMN_TITLES,
        "function": "Function",
        **{parse_method(m).column_name: f"Saving (£), {method_label(m)}" for m in methods},
    }
    named = frame.with_columns(
        pl.col("function").map_elements(function_label, return_dtype=pl.String)
    )
    return named.rename({c: titles[c] for c in named.columns if c in titles})


Cell = tuple[str, Callable[[dict[str, Any]], str]]


def _money(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: format_money(r[key])


def _millions(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: format_millions(r[key])


def _thousands(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: format_thousands(r[key])


TYPE_COLUMNS: list[Cell] = [
    ("organisation type", lambda r: org_type_label(str(r["org_type"]))),
    ("eligible", lambda r: str(r["eligible"])),
    ("responded", lambda r: str(r["respondents"])),
    (
        "rate",
        lambda r: format_pct(None if r["response_rate"] is None else 100 * r["response_rate"], 0),
    ),
    ("spend £m", _millions("spend")),
    ("spend at 100% £m", _millions("spend_extrapolated")),
    ("saving £m", _millions("saving")),
    ("saving at 100% £m", _millions("saving_extrapolated")),
]

FUNCTION_COLUMNS: list[Cell] = [
    ("function", lambda r: function_label(str(r["function"]))),
    ("spend £m", _millions("spend")),
    ("spend at 100% £m", _millions("spend_extrapolated")),
    ("shared £m", _millions("shared")),
    ("saving £m", _millions("saving")),
    ("saving at 100% £m", _millions("saving_extrapolated")),
    ("share of saving", lambda r: format_pct(r["saving_share_pct"], 0)),
]


def _table(title: str, columns: list[Cell], frame: pl.DataFrame, total_key: str) -> Table:
    """A table for people; the national or organisation row (``all``) comes last, in bold.
    Columns are never narrower than their widest value: on a narrow terminal the titles wrap,
    the figures do not."""
    rows = sorted(frame.iter_rows(named=True), key=lambda r: r[total_key] == "all")
    cells = [[cell(r) for _, cell in columns] for r in rows]
    table = Table(title=title, title_justify="left")
    for i, (name, _) in enumerate(columns):
        width = max([len(c[i]) for c in cells] + [len(w) for w in name.split()])
        header = textwrap.fill(name, width=width)
        table.add_column(
            header, justify="left" if i == 0 else "right", min_width=width, no_wrap=True
        )
    for r, row_cells in zip(rows, cells, strict=True):
        table.add_row(*row_cells, style="bold" if r[total_key] == "all" else None)
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
        title = f"National summary {y} — savings method {method_label(method)}"
        out_console.print(_table(title, TYPE_COLUMNS, by_type, "org_type"))
        by_function = engine.summary_by_function(method, year=y)
        title = f"By function {y} (extrapolated to 100%)"
        out_console.print(_table(title, FUNCTION_COLUMNS, by_function, "function"))
