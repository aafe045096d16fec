"""The JSON payload of ``GET /api/v1/organisations/{code}/benchmark?year=Y&method=M``.

One object per function the organisation returned that year (standard order) and ``all``:

``function``  the function code (``all`` for the whole organisation)
``cost``      £, the function's cost (data standard §2)
``kpis``      every KPI code of the standard → value, ``null`` when undefined
``peer``      ``n``, ``iqm``, ``median``, ``q1`` of ``pct_turnover`` over the organisation's
              peer group: the row of ``corpbench export stats --group G`` for its group
              (``n`` 0 and the rest ``null`` when it is in no group or the group has no value)
``target``    the target under the method, % of turnover, and
``saving``    £: the ``target`` and ``saving`` of ``corpbench export savings --method M``
              (``null`` when that export has no row: undefined)
``size_adjusted_ratio``  cost / the cost the year's economies-of-scale fit expects at the
              organisation's turnover (``bench.scale.size_adjusted``; ``null`` without a fit)
``low``,      on the ``all`` row: the 95% interval of the organisation's total saving (the
``high``      sum of its function savings, ``total_saving``), the ``organisation`` row of
              ``corpbench export uncertainty --method M``; ``null`` on function rows and under
              a method or grouping without intervals (external, threshold; not by type)

Numbers are the engine's floats at full precision (JSON numbers), never rounded.
"""

from __future__ import annotations

from typing import Any

from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.methods import Method
from corpbench.standard import ALL_FUNCTION, KPIS
from corpbench.views.organisation import function_table
from corpbench.views.scorecard import size_adjusted_table
from corpbench.views.uncertainty import organisation_interval


def rows_from_function_table(table: Any) -> list[dict[str, Any]]:
    """The API objects of a :func:`corpbench.views.organisation.function_table` frame."""
    out: list[dict[str, Any]] = []
    for r in table.iter_rows(named=True):
        out.append(
            {
                "function": r["function"],
                "cost": r["cost"],
                "kpis": {k: r[k] for k in KPIS},
                "peer": {
                    "n": r["n"] if r["n"] is not None else 0,
                    "iqm": r["peer_iqm"],
                    "median": r["peer_median"],
                    "q1": r["peer_q1"],
                },
                "target": r["target"],
                "saving": r["saving"],
            }
        )
    return out


def benchmark_api_rows(
    engine: Benchmark,
    code: str,
    year: str | None = None,
    method: str | Method = "iqm",
    grouping: str = DEFAULT_GROUPING,
) -> list[dict[str, Any]]:
    """The benchmark API payload of organisation ``code`` (see the module docstring).

    ``year`` defaults to the latest the organisation responded in. Raises ``ValueError`` for
    an organisation not in the register, a year without its return, an unknown method or
    grouping (the route answers 404 or 422 with the message).
    """
    year = engine.checked_year(code, year)
    parsed = engine.method(method)
    engine.groups(grouping)
    rows = rows_from_function_table(function_table(engine, code, year, grouping, parsed))
    ratios = dict(size_adjusted_table(engine, code, year).select("function", "ratio").iter_rows())
    interval = organisation_interval(engine, code, year, parsed, grouping)
    for row in rows:
        row["size_adjusted_ratio"] = ratios.get(row["function"])
        on_total = interval is not None and row["function"] == ALL_FUNCTION
        row["total_saving"] = interval.estimate if on_total and interval else None
        row["low"] = interval.low if on_total and interval else None
        row["high"] = interval.high if on_total and interval else None
    return rows
