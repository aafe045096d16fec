"""Anomaly warnings: values that pass validation but that an analyst should query.

The national exercise "independently reviewed and cleansed" returns to remove anomalies. These
rules flag what such a review looks at; they never reject a bundle. Each rule is one function
returning rows of the same table:

``org_code, year, function, process, rule, kpi, value, lower, upper, message``

- ``cost_per_fte_band``: a function's cost per FTE outside a plausible band (QIPP 2010 found
  national averages of £40–50k; default band £15k–£150k).
- ``peer_outlier``: a KPI beyond ``k`` × IQR below q1 or above q3 of its peer group (same
  organisation type and year, at least ``min_peers`` organisations with the KPI; default k = 3).
- ``year_on_year``: a function's cost (or the organisation's total, ``all``) changed by more than
  a factor (default 2) since the previous financial year.
- ``shared_without_model``: a cost line with shared cost above 0 but no delivery model.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.bench.groups import peer_groups
from corpbench.bench.kpis import kpis_from_totals
from corpbench.bench.stats import peer_stats
from corpbench.bench.totals import function_totals
from corpbench.ingest.report import Issue, Severity
from corpbench.standard import ALL_FUNCTION
from corpbench.standard.bundle import Bundle, overlay

COLUMNS: dict[str, pl.DataType] = {
    "org_code": pl.String(),
    "year": pl.String(),
    "function": pl.String(),
    "process": pl.String(),
    "rule": pl.String(),
    "kpi": pl.String(),
    "value": pl.Float64(),
    "lower": pl.Float64(),
    "upper": pl.Float64(),
    "message": pl.String(),
}
SORT_KEY = ["org_code", "year", "function", "process", "rule", "kpi"]


@dataclass(frozen=True)
class AnomalyRules:
    cost_per_fte_low: float = 15_000.0
    cost_per_fte_high: float = 150_000.0
    iqr_factor: float = 3.0
    min_peers: int = 4
    outlier_kpis: tuple[str, ...] = ("pct_turnover", "pct_pay", "cost_per_fte")
    year_on_year_factor: float = 2.0


def _frame(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        [
            pl.col(c).cast(t) if c in df.columns else pl.lit(None, t).alias(c)
            for c, t in COLUMNS.items()
        ]
    )


def cost_per_fte_band(kpis: pl.DataFrame, rules: AnomalyRules) -> pl.DataFrame:
    """Functions whose cost per FTE lies outside the plausible band."""
    lo, hi = rules.cost_per_fte_low, rules.cost_per_fte_high
    df = kpis.filter(
        (pl.col("kpi") == "cost_per_fte")
        & (pl.col("function") != ALL_FUNCTION)
        & ((pl.col("value") < lo) | (pl.col("value") > hi))
    ).with_columns(
        rule=pl.lit("cost_per_fte_band"),
        lower=pl.lit(lo),
        upper=pl.lit(hi),
        message=pl.format(
            "{} cost per FTE is £{}, outside the plausible band £{}–£{}; check the FTE and costs.",
            pl.col("function"),
            pl.col("value").round(0).cast(pl.Int64),
            pl.lit(int(lo)),
            pl.lit(int(hi)),
        ),
    )
    return _frame(df)


def peer_outliers(
    kpis: pl.DataFrame, organisations: pl.DataFrame, rules: AnomalyRules
) -> pl.DataFrame:
    """KPIs far outside their peer group: beyond k × IQR from the quartiles (Tukey's far out)."""
    k = rules.iqr_factor
    groups = peer_groups(organisations, "org_type")
    chosen = kpis.filter(pl.col("kpi").is_in(list(rules.outlier_kpis)))
    stats = peer_stats(chosen, groups).filter(pl.col("n") >= rules.min_peers)
    bounds = stats.select(
        "group",
        "year",
        "function",
        "kpi",
        lower=pl.col("q1") - k * (pl.col("q3") - pl.col("q1")),
        upper=pl.col("q3") + k * (pl.col("q3") - pl.col("q1")),
    )
    df = (
        chosen.join(groups, on="org_code")
        .join(bounds, on=["group", "year", "function", "kpi"])
        .filter((pl.col("value") < pl.col("lower")) | (pl.col("value") > pl.col("upper")))
        .with_columns(
            rule=pl.lit("peer_outlier"),
            message=pl.format(
                "{} {} is {}, far outside its {} peers (expected between {} and {}: "
                "within {}× the interquartile range of the quartiles).",
                pl.col("function"),
                pl.col("kpi"),
                pl.col("value").round(3),
                pl.col("group"),
                pl.col("lower").round(3),
                pl.col("upper").round(3),
                pl.lit(k),
            ),
        )
    )
    return _frame(df)


def next_year(year: pl.Expr) -> pl.Expr:
    """The financial year after ``year`` (``2009/10`` -> ``2010/11``)."""
    start = year.str.slice(0, 4).cast(pl.Int32) + 1
    return pl.format("{}/{}", start, ((start + 1) % 100).cast(pl.String).str.zfill(2))


def year_on_year(totals: pl.DataFrame, rules: AnomalyRules) -> pl.DataFrame:
    """Function costs (and the total) that changed by more than a factor since the year before;
    ``totals`` as :func:`corpbench.bench.totals.function_totals` gives them."""
    f = rules.year_on_year_factor
    totals = totals.select("org_code", "year", "function", "cost")
    prev = totals.select("org_code", "function", year=next_year(pl.col("year")), previous="cost")
    df = (
        totals.join(prev, on=["org_code", "year", "function"])
        .filter((pl.col("previous") > 0) & (pl.col("cost") > 0))
        .with_columns(ratio=pl.col("cost") / pl.col("previous"))
        .filter((pl.col("ratio") > f) | (pl.col("ratio") < 1 / f))
        .with_columns(
            rule=pl.lit("year_on_year"),
            kpi=pl.lit("cost"),
            value=pl.col("cost"),
            lower=pl.col("previous") / f,
            upper=pl.col("previous") * f,
            message=pl.format(
                "{} cost changed from £{} to £{} (× {}) since the year before; "
                "expected within a factor of {}.",
                pl.col("function"),
                pl.col("previous").round(0).cast(pl.Int64),
                pl.col("cost").round(0).cast(pl.Int64),
                pl.col("ratio").round(2),
                pl.lit(f),
            ),
        )
    )
    return _frame(df)


def shared_without_model(function_costs: pl.DataFrame) -> pl.DataFrame:
    """Cost lines with shared or outsourced cost but no delivery model."""
    df = function_costs.filter(
        (pl.col("shared_cost") > 0) & pl.col("delivery_model").is_null()
    ).with_columns(
        rule=pl.lit("shared_without_model"),
        kpi=pl.lit("shared_cost"),
        value=pl.col("shared_cost"),
        message=pl.lit(
            "shared cost is given but delivery_model is empty; expected in_house, shared, "
            "outsourced or mixed."
        ),
    )
    return _frame(df)


def find_anomalies(
    data: Bundle, *, year: str | None = None, rules: AnomalyRules = AnomalyRules()
) -> pl.DataFrame:
    """Every anomaly in ``data`` (the store's current state), sorted; ``year`` filters."""
    totals = function_totals(data.function_costs)
    needed = sorted({"cost_per_fte", *rules.outlier_kpis})
    kpis = kpis_from_totals(totals, data.finance, only=needed)
    parts = [
        cost_per_fte_band(kpis, rules),
        peer_outliers(kpis, data.organisations, rules),
        year_on_year(totals, rules),
        shared_without_model(data.function_costs),
    ]
    out = pl.concat(parts)
    if year is not None:
        out = out.filter(pl.col("year") == year)
    return out.sort(SORT_KEY, nulls_last=False)


def anomaly_issues(
    current: Bundle, new: Bundle, rules: AnomalyRules = AnomalyRules()
) -> list[Issue]:
    """Warnings for a bundle about to be stored: anomalies of its returns, judged against the
    store as it will be after the load."""
    merged = overlay(current, new)
    found = find_anomalies(merged, rules=rules).join(
        new.finance.select("org_code", "year"), on=["org_code", "year"], how="semi"
    )
    issues = []
    for r in found.iter_rows(named=True):
        where = f"{r['org_code']} {r['year']} {r['function']}"
        if r["process"]:
            where += f" ({r['process']})"
        issues.append(
            Issue(
                code=r["rule"],
                message=f"{where}: {r['message']}",
                file="function_costs",
                column=r["kpi"],
                value=repr(r["value"]),
                severity=Severity.WARNING,
            )
        )
    return issues
