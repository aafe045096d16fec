"""An organisation's benchmark for a year, peer grouping and savings method: the view model of
the organisation page, its PDF and workbook, and the JSON API (issue 4, item 4).

Every figure comes from :class:`corpbench.bench.engine.Benchmark`: a row's ``target`` and
``saving`` are those of ``corpbench export savings`` (for ``all`` too: the saving computed on
the whole organisation), the peer figures those of ``corpbench export stats`` for the
organisation's group, its ranks :func:`corpbench.bench.ranks.peer_ranks`, and
:attr:`OrganisationView.total_saving` and the ``total`` rows its total saving
(:func:`corpbench.bench.savings.total_savings`).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import polars as pl

from corpbench.bench.carter import CARTER_CEILINGS
from corpbench.bench.engine import Benchmark
from corpbench.bench.groups import DEFAULT_GROUPING
from corpbench.bench.methods import Method
from corpbench.bench.position import function_order
from corpbench.bench.savings import SAVINGS_KPI, total_savings
from corpbench.standard import ALL_FUNCTION, KPIS
from corpbench.views.common import in_group, org_register_row
from corpbench.views.labels import (
    TOTAL_ROW,
    function_label,
    method_label,
    side_by_side_methods,
)
from corpbench.views.peers import distribution_stats, peer_distribution, trend

#: Columns of :attr:`OrganisationView.functions`.
FUNCTION_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "cost",
    "fte",
    *KPIS,
    "rank",
    "n",
    "peer_iqm",
    "peer_median",
    "peer_q1",
    "target",
    "saving",
)

#: Columns of :attr:`OrganisationView.savings_by_method`.
SAVINGS_BY_METHOD_COLUMNS: tuple[str, ...] = (
    "function",
    "function_label",
    "method",
    "method_label",
    "target",
    "saving",
)


@dataclass(frozen=True)
class CarterCeiling:
    """One of Carter's ceilings on the whole organisation's cost as % of turnover."""

    percent: float
    by_when: str
    #: True when the organisation's % of turnover is at or below the ceiling; None if undefined.
    within: bool | None
    #: ``threshold:P`` saving on ``all`` (None when % of turnover is undefined).
    saving: float | None


@dataclass(frozen=True)
class CarterStatus:
    pct_turnover: float | None
    ceilings: tuple[CarterCeiling, ...]
    #: One sentence for people (:func:`carter_status`).
    sentence: str


@dataclass(frozen=True)
class OrganisationView:
    """The figures of one organisation's benchmark page (see the module docstring)."""

    code: str
    name: str
    org_type: str | None
    year: str
    grouping: str
    #: The organisation's peer group under ``grouping`` (None: in no group, no peer figures).
    group: str | None
    method: str
    method_label: str
    #: True: every peer named; False: none; a set of codes: those peers named (the rest
    #: anonymised), e.g. the organisations of a footprint user's footprint.
    reveal_peers: bool | frozenset[str]
    #: The years the organisation responded in (for a year picker).
    years: tuple[str, ...]
    #: One row per function (standard order) and ``all`` last: :data:`FUNCTION_COLUMNS`.
    functions: pl.DataFrame
    #: The organisation's total saving under ``method`` (data standard §2), None if undefined.
    total_saving: float | None
    #: :func:`corpbench.views.peers.peer_distribution` (anonymised unless ``reveal_peers``).
    distribution: pl.DataFrame
    #: :func:`corpbench.views.peers.distribution_stats`.
    peer_stats: pl.DataFrame
    #: :func:`corpbench.views.peers.trend`.
    trend: pl.DataFrame
    #: Every method side by side, long: :data:`SAVINGS_BY_METHOD_COLUMNS`; one row per method
    #: and function, then a ``total`` row per method.
    savings_by_method: pl.DataFrame
    #: The same, one column per method spelling (rows: functions then ``total``).
    savings_by_method_wide: pl.DataFrame
    methods: tuple[str, ...]
    carter: CarterStatus

    @property
    def peers_anonymised(self) -> bool:
        """True when some peer may be shown only as "Peer k"."""
        return self.reveal_peers is not True


def carter_status(pct_turnover: float) -> str:
    """One sentence on the whole organisation against Carter's 7% and 6% ceilings."""
    met = [f"{p:g}% ({when})" for p, when in CARTER_CEILINGS if pct_turnover <= p]
    missed = [f"{p:g}% ({when})" for p, when in CARTER_CEILINGS if pct_turnover > p]
    text = f"Whole organisation: {pct_turnover:.2f}% of turnover"
    if not missed:
        return f"{text}, within Carter's ceilings of {' and '.join(met)}."
    if not met:
        return f"{text}, above Carter's ceilings of {' and '.join(missed)}."
    return f"{text}, within Carter's {met[0]} ceiling but above {missed[0]}."


def _own(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    return frame.filter(pl.col("org_code") == code)


def function_table(
    engine: Benchmark, code: str, year: str, grouping: str, method: Method
) -> pl.DataFrame:
    """One row per function the organisation returned in ``year`` and ``all``:
    :data:`FUNCTION_COLUMNS` (see the module docstring for where each figure comes from)."""
    totals = _own(engine.totals(year), code).select(
        "function", pl.col("cost").cast(pl.Float64), pl.col("fte").cast(pl.Float64)
    )
    order = function_order(totals["function"].to_list())
    table = pl.DataFrame({"function": order}, schema={"function": pl.String}).join(
        totals, on="function", how="left", maintain_order="left"
    )
    kpis = _own(engine.kpis(year), code)
    for kpi in KPIS:
        column = kpis.filter(pl.col("kpi") == kpi).select(
            "function", pl.col("value").cast(pl.Float64).alias(kpi)
        )
        table = table.join(column, on="function", how="left", maintain_order="left")
    group = engine.group_of(code, grouping, year)
    stats = engine.stats(grouping, year).filter(in_group(group) & (pl.col("kpi") == SAVINGS_KPI))
    peer = stats.select(
        "function",
        pl.col("n").cast(pl.Int64),
        pl.col("iqm").alias("peer_iqm"),
        pl.col("median").alias("peer_median"),
        pl.col("q1").alias("peer_q1"),
    )
    # in its own group (under ``similar`` an organisation is also ranked in others' groups)
    ranks = _own(engine.ranks(grouping, year), code).filter(
        in_group(group) & (pl.col("kpi") == SAVINGS_KPI)
    )
    ranks = ranks.select("function", "rank")
    saving = _own(engine.savings(method, grouping, year), code).select(
        "function", "target", "saving"
    )
    for part in (ranks, peer, saving):
        table = table.join(part, on="function", how="left", maintain_order="left")
    return table.with_columns(
        pl.col("function")
        .map_elements(function_label, return_dtype=pl.String)
        .alias("function_label")
    ).select(FUNCTION_COLUMNS)


def _total_saving(
    engine: Benchmark, code: str, year: str, grouping: str, method: Method
) -> float | None:
    """The organisation's total saving under ``method``
    (:func:`corpbench.bench.savings.total_savings`), None when no saving is defined."""
    own = _own(engine.savings(method, grouping, year), code)
    total = total_savings(own, method)["saving"]
    return None if total.is_empty() else float(total[0])


def _savings_by_method(
    engine: Benchmark, code: str, year: str, grouping: str, methods: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(long, wide) savings of every method: function rows (no ``all``), then ``total``."""
    parsed = [engine.method(m) for m in methods]
    returned = function_order(_own(engine.totals(year), code)["function"].to_list())
    functions = [f for f in returned if f != ALL_FUNCTION]
    frame = pl.DataFrame({"function": functions}, schema={"function": pl.String})
    parts = []
    for m in parsed:
        own = _own(engine.savings(m, grouping, year), code).select("function", "target", "saving")
        rows = frame.join(own, on="function", how="left", maintain_order="left")
        total_row = pl.DataFrame(
            {
                "function": [TOTAL_ROW],
                "target": [None],
                "saving": [_total_saving(engine, code, year, grouping, m)],
            },
            schema={"function": pl.String, "target": pl.Float64, "saving": pl.Float64},
        )
        parts.append(
            pl.concat([rows, total_row]).with_columns(
                pl.lit(str(m), dtype=pl.String).alias("method"),
                pl.lit(method_label(str(m)), dtype=pl.String).alias("method_label"),
            )
        )
    long = (
        pl.concat(parts)
        .with_columns(
            pl.col("function")
            .map_elements(function_label, return_dtype=pl.String)
            .alias("function_label")
        )
        .select(SAVINGS_BY_METHOD_COLUMNS)
    )
    wide = frame.vstack(pl.DataFrame({"function": [TOTAL_ROW]}))
    wide = wide.with_columns(
        pl.col("function")
        .map_elements(function_label, return_dtype=pl.String)
        .alias("function_label")
    )
    for m in parsed:
        column = long.filter(pl.col("method") == str(m)).select(
            "function", pl.col("saving").alias(str(m))
        )
        wide = wide.join(column, on="function", how="left", maintain_order="left")
    return long, wide


def _carter(engine: Benchmark, code: str, year: str, functions: pl.DataFrame) -> CarterStatus:
    whole = functions.filter(pl.col("function") == ALL_FUNCTION)["pct_turnover"]
    pct = None if whole.is_empty() or whole[0] is None else float(whole[0])
    ceilings = []
    for percent, when in CARTER_CEILINGS:
        method = engine.method(f"threshold:{percent:g}")
        own = _own(engine.savings(method, year=year), code).filter(
            pl.col("function") == ALL_FUNCTION
        )["saving"]
        ceilings.append(
            CarterCeiling(
                percent=percent,
                by_when=when,
                within=None if pct is None else pct <= percent,
                saving=None if own.is_empty() else float(own[0]),
            )
        )
    sentence = (
        carter_status(pct)
        if pct is not None
        else "Whole organisation: % of turnover undefined (no turnover), so no Carter status."
    )
    return CarterStatus(pct_turnover=pct, ceilings=tuple(ceilings), sentence=sentence)


def organisation_view(
    engine: Benchmark,
    code: str,
    year: str | None = None,
    grouping: str = DEFAULT_GROUPING,
    method: str | Method = "iqm",
    *,
    reveal_peers: bool | AbstractSet[str] = False,
    methods: tuple[str, ...] | None = None,
) -> OrganisationView:
    """The benchmark of organisation ``code`` in ``year`` (default: the latest it responded
    in) against its peers under ``grouping``, with savings under ``method`` and, side by side,
    under ``methods`` (default :func:`corpbench.views.labels.side_by_side_methods`).

    Raises ``ValueError`` (one sentence) for an organisation not in the register, a year it did
    not respond in, an unknown grouping, peer list or method.
    """
    year = engine.checked_year(code, year)
    parsed = engine.method(method)
    engine.groups(grouping)  # an unknown grouping raises here
    methods = methods or side_by_side_methods(engine.external_tables)
    functions = function_table(engine, code, year, grouping, parsed)
    order = functions["function"].to_list()
    long, wide = _savings_by_method(engine, code, year, grouping, methods)
    total_value = _total_saving(engine, code, year, grouping, parsed)
    register = org_register_row(engine, code)
    trend_functions = function_order(
        _own(engine.totals(), code).filter(pl.col("year") <= year)["function"].to_list()
    )
    return OrganisationView(
        code=code,
        name=str(register.get("org_name") or code),
        org_type=None if register.get("org_type") is None else str(register["org_type"]),
        year=year,
        grouping=grouping,
        group=engine.group_of(code, grouping, year),
        method=str(parsed),
        method_label=method_label(str(parsed)),
        reveal_peers=reveal_peers if isinstance(reveal_peers, bool) else frozenset(reveal_peers),
        years=tuple(engine.respondent_years(code)),
        functions=functions,
        total_saving=total_value,
        distribution=peer_distribution(
            engine, code, year, grouping, order, reveal_peers=reveal_peers
        ),
        peer_stats=distribution_stats(engine, code, year, grouping, order),
        trend=trend(engine, code, year, grouping, trend_functions),
        savings_by_method=long,
        savings_by_method_wide=wide,
        methods=tuple(str(engine.method(m)) for m in methods),
        carter=_carter(engine, code, year, functions),
    )


__all__ = [
    "FUNCTION_COLUMNS",
    "SAVINGS_BY_METHOD_COLUMNS",
    "CarterCeiling",
    "CarterStatus",
    "OrganisationView",
    "carter_status",
    "function_table",
    "organisation_view",
]
