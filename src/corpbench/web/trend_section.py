"""The trend section of the footprint and national pages: :func:`corpbench.views.trend_view`
over the rounds of the stored years, its chart and a table that marks where the round
changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpbench.bench.engine import Benchmark
from corpbench.bench.trends import YearRounds
from corpbench.charts import scope_trend_chart
from corpbench.store import Store
from corpbench.views import trend_view
from corpbench.web.chart_embed import TableAlternative, embed
from corpbench.web.formatting import DASH, millions, pct

#: What identifies the rounds of the years (for cache keys): (year, round, version) triples.
RoundsKey = tuple[tuple[str, str | None, int], ...]


def year_rounds(store: Store, years: Sequence[str]) -> tuple[YearRounds, RoundsKey]:
    """The round definition of each of ``years`` (None: no round names it;
    :meth:`corpbench.store.rounds.Rounds.of_years`) and a key that changes when one of them
    does."""
    owners = store.rounds.of_years(years)
    rounds = {y: None if o is None else o.definition for y, o in owners.items()}
    key = tuple(
        (y, None if o is None else o.name, -1 if o is None else o.version)
        for y, o in owners.items()
    )
    return rounds, key


def trend_context(
    bench: Benchmark, rounds: YearRounds, scope: str, members: Sequence[str] | None = None
) -> dict[str, Any]:
    """``trend_chart``, ``trend_rows`` (per year: its round, whether it starts a new one and
    each function's cost and % of turnover), ``trend_functions`` and ``trend_breaks``
    (sentences) of the organisations ``members`` (None: the nation), named ``scope``."""
    view = trend_view(bench, rounds, members)
    if view.table.is_empty():
        return {"trend_chart": None}
    cells = {(r["year"], r["function"]): r for r in view.table.iter_rows(named=True)}
    starts = set(view.breaks["year"].to_list())
    rows = []
    for year in view.years:
        first = next((r for (y, _), r in cells.items() if y == year), None)
        values = []
        for function, _ in view.functions:
            c = cells.get((year, function))
            values.append(
                DASH if c is None else f"£{millions(c['cost'])}m ({pct(c['pct_turnover'])}%)"
            )
        rows.append(
            {
                "year": year,
                "round": (first or {}).get("round_title") or "no round",
                "new_round": year in starts,
                "values": values,
            }
        )
    alternative = TableAlternative(
        f"{scope}: % of turnover by function and year",
        ["Year", *(label for _, label in view.functions)],
        [
            [
                year + (" (new round)" if year in starts else ""),
                *(
                    pct(c["pct_turnover"]) if (c := cells.get((year, f))) else DASH
                    for f, _ in view.functions
                ),
            ]
            for year in view.years
        ],
    )
    chart = embed(
        "chart-trend-scope",
        scope_trend_chart(view.table, view.breaks, scope),
        alternative,
    )
    return {
        "trend_chart": chart,
        "trend_rows": rows,
        "trend_functions": [label for _, label in view.functions],
        "trend_breaks": view.breaks["sentence"].to_list(),
        "trend_scope": scope,
    }
