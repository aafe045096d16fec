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

:func:`find_anomalies` applies the rules on the totals with integer keys in place of the key
strings (:func:`_coded_kpis`) whenever that gives exactly the rows of the definitions above,
which is always the case for data that passed validation: a load of a national round checks
its anomalies in a fraction of the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.bench.groups import peer_groups
from corpbench.bench.kpis import kpi_column, kpis_from_totals
from corpbench.bench.stats import peer_stats, quantile7_of_sorted
from corpbench.bench.totals import function_totals, totals_by_level
from corpbench.ingest.issues import Issue, Severity
from corpbench.standard import ALL_FUNCTION, KPIS
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


def _bounds(rules: AnomalyRules) -> list[pl.Expr]:
    """The peer bounds ``lower`` and ``upper`` from the columns ``q1`` and ``q3``."""
    k = rules.iqr_factor
    return [
        (pl.col("q1") - k * (pl.col("q3") - pl.col("q1"))).alias("lower"),
        (pl.col("q3") + k * (pl.col("q3") - pl.col("q1"))).alias("upper"),
    ]


def _peer_outlier_rows(judged: pl.DataFrame, rules: AnomalyRules) -> pl.DataFrame:
    """The rows of ``judged`` (a KPI ``value`` with its peer ``group`` and the group's ``lower``
    and ``upper`` bounds) that lie outside the bounds, as anomalies."""
    k = rules.iqr_factor
    df = judged.filter(
        (pl.col("value") < pl.col("lower")) | (pl.col("value") > pl.col("upper"))
    ).with_columns(
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
    return _frame(df)


def peer_outliers(
    kpis: pl.DataFrame, organisations: pl.DataFrame, rules: AnomalyRules
) -> pl.DataFrame:
    """KPIs far outside their peer group: beyond k × IQR from the quartiles (Tukey's far out)."""
    groups = peer_groups(organisations, "org_type")
    chosen = kpis.filter(pl.col("kpi").is_in(list(rules.outlier_kpis)))
    stats = peer_stats(chosen, groups).filter(pl.col("n") >= rules.min_peers)
    bounds = stats.select("group", "year", "function", "kpi", *_bounds(rules))
    judged = chosen.join(groups, on="org_code").join(
        bounds, on=["group", "year", "function", "kpi"]
    )
    return _peer_outlier_rows(judged, rules)


def next_year(year: pl.Expr) -> pl.Expr:
    """The financial year after ``year`` (``2009/10`` -> ``2010/11``)."""
    start = year.str.slice(0, 4).cast(pl.Int32) + 1
    return pl.format("{}/{}", start, ((start + 1) % 100).cast(pl.String).str.zfill(2))


def _year_on_year_rows(pairs: pl.DataFrame, rules: AnomalyRules) -> pl.DataFrame:
    """The rows of ``pairs`` (a function's ``cost`` and its ``previous`` cost the year before)
    whose cost changed by more than the factor, as anomalies."""
    f = rules.year_on_year_factor
    df = (
        pairs.filter((pl.col("previous") > 0) & (pl.col("cost") > 0))
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


def year_on_year(totals: pl.DataFrame, rules: AnomalyRules) -> pl.DataFrame:
    """Function costs (and the total) that changed by more than a factor since the year before;
    ``totals`` as :func:`corpbench.bench.totals.function_totals` gives them."""
    totals = totals.select("org_code", "year", "function", "cost")
    prev = totals.select("org_code", "function", year=next_year(pl.col("year")), previous="cost")
    return _year_on_year_rows(totals.join(prev, on=["org_code", "year", "function"]), rules)


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


_FINANCE_COLUMNS = ["turnover", "total_pay", "total_fte", "running_costs"]

#: Largest product of code ranges for the Int64 keys of :func:`_coded_kpis`.
_CODE_LIMIT = 2**62


def _sorted_codes(values: pl.Series) -> pl.Series:
    """The distinct values of ``values``, sorted: a value's code is its index."""
    return values.unique().sort()


def _encode(values: pl.Series, codes: pl.Series, *, strict: bool = True) -> pl.Series:
    """The code (index in ``codes``, which holds each value once) of each of ``values``; with
    ``strict=False`` null for a value not in ``codes`` (else an error)."""
    return values.cast(pl.Enum(codes), strict=strict).to_physical().cast(pl.UInt32)


def _sorted_flag(df: pl.DataFrame, column: str) -> pl.DataFrame:
    """``df`` with ``column`` flagged as sorted when it is, so that joins on it merge instead of
    hashing (same rows either way)."""
    return df.with_columns(pl.col(column).set_sorted()) if df[column].is_sorted() else df


@dataclass(frozen=True)
class _Coded:
    """The totals with their KPIs and integer keys (see :func:`_coded_kpis`)."""

    rows: pl.DataFrame  # the function rows, then the `all` rows
    n_function_rows: int
    groups: pl.DataFrame  # group, _group


def _coded_kpis(
    per_function: pl.DataFrame, per_org: pl.DataFrame, data: Bundle, kpis: list[str]
) -> _Coded | None:
    """The totals (:func:`corpbench.bench.totals.totals_by_level`: the function rows, then the
    ``all`` rows) with the ``kpis`` as columns and integer keys to group and join on instead of
    strings: ``_group`` (peer group; null without one), ``_cell`` (peer group, year and
    function), ``_key`` (organisation, year and function) and ``_next_key`` (the same for the
    year after; null when that year has no totals). Codes follow the sort order of what they
    code, so within each half ``_key`` and ``_next_key`` increase and joins on them merge.

    None when the inputs fall outside what these keys reproduce exactly — a null key, a
    function called ``all``, a finance or register row given twice, a year not starting with
    four digits, two years followed by the same year, an unknown KPI, more codes than an Int64
    holds, or a KPI of -0.0 (it sorts equal to 0.0, so the order of such ties, which this does
    not reproduce, could change the sign of a quartile) — and the rules are then applied as
    defined."""
    fin = data.finance.select("org_code", "year", *_FINANCE_COLUMNS)
    groups = peer_groups(data.organisations, "org_type")
    if (
        not set(kpis) <= set(KPIS)
        or per_org["org_code"].null_count()
        or per_org["year"].null_count()
        or per_function["function"].null_count()
        or (per_function["function"] == ALL_FUNCTION).any()
    ):
        return None
    years = _sorted_codes(per_org["year"])
    if years.str.slice(0, 4).cast(pl.Int32, strict=False).null_count():
        return None
    next_codes = _encode(
        years.to_frame().select(next_year(pl.col("year")))["year"], years, strict=False
    )
    if next_codes.drop_nulls().is_duplicated().any():
        return None
    functions = _sorted_codes(per_function["function"])
    group_names = _sorted_codes(groups["group"])
    n_years, n_functions = len(years), len(functions) + 1  # the last code is `all`
    if (max(per_org.height, len(group_names)) + 1) * n_years * n_functions >= _CODE_LIMIT:
        return None
    # one row per (org_code, year), in key order: the organisation's number, its finance row,
    # peer group and the codes of its year and of the year after
    year_code = _encode(per_org["year"], years)
    joined = (
        per_org.select(
            "org_code",
            "year",
            (pl.col("org_code") != pl.col("org_code").shift(1))
            .fill_null(True)
            .cum_sum()
            .alias("_org"),
        )
        .join(fin, on=["org_code", "year"], how="left", maintain_order="left")
        .join(groups, on="org_code", how="left", maintain_order="left")
    )
    if joined.height != per_org.height:  # a finance or register row given twice
        return None
    blocks = joined.select(*_FINANCE_COLUMNS, "_org").with_columns(
        year_code.alias("_year"),
        next_codes.gather(year_code).alias("_next"),
        _encode(joined["group"], group_names).alias("_group"),
    )
    function_rows = pl.concat(
        [
            per_function.select(
                "org_code",
                "year",
                "function",
                *(c for c in ("cost", "fte", "shared") if c in per_function.columns),
                _encode(per_function["function"], functions).alias("_function"),
            ),
            blocks[per_function["_block"]],
        ],
        how="horizontal",
    )
    all_rows = pl.concat(
        [
            per_org.select(
                "org_code",
                "year",
                pl.lit(ALL_FUNCTION, dtype=pl.String).alias("function"),
                *(c for c in ("cost", "fte", "shared") if c in per_org.columns),
                pl.lit(n_functions - 1, dtype=pl.UInt32).alias("_function"),
            ),
            blocks,
        ],
        how="horizontal",
    )

    def key(first: str, year: str) -> pl.Expr:
        return (pl.col(first).cast(pl.Int64) * n_years + pl.col(year)) * n_functions + pl.col(
            "_function"
        )

    rows = pl.concat([function_rows, all_rows]).with_columns(
        *(kpi_column(kpi) for kpi in kpis),
        key("_group", "_year").alias("_cell"),
        key("_org", "_year").alias("_key"),
        key("_org", "_next").alias("_next_key"),
    )
    negative_zero = [((pl.col(kpi) == 0) & (1.0 / pl.col(kpi) < 0)).any() for kpi in kpis]
    if rows.select(pl.any_horizontal(negative_zero)).item():
        return None
    return _Coded(rows, per_function.height, group_names.to_frame("group").with_row_index("_group"))


def _coded_peer_outliers(coded: _Coded, rules: AnomalyRules) -> pl.DataFrame:
    """:func:`peer_outliers` over :func:`_coded_kpis`: the values of each KPI are grouped by
    peer cell (one integer) rather than by the (group, year, function, kpi) strings, only q1
    and q3 of the cells with enough peers are computed, and the text columns are read for the
    outliers only."""
    chosen = list(dict.fromkeys(rules.outlier_kpis))
    judged = coded.rows.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "_cell", *chosen
    ).filter(pl.col("_cell").is_not_null())
    # per cell, each KPI's values sorted: the quartiles read two positions of them, so any sort
    # gives them bit for bit, as no two different values sort as equal (-0.0 and 0.0 would;
    # _coded_kpis rules them out)
    cells = judged.group_by("_cell").agg(pl.col(kpi).drop_nulls().sort() for kpi in chosen)
    # and the bounds of each KPI (null where it has too few peers: no value lies outside them)
    bounds = cells.select("_cell")
    for kpi in chosen:
        n = pl.col(kpi).list.len().cast(pl.Int64)
        quartiles = (
            cells.filter(n >= max(rules.min_peers, 1))
            .select(
                "_cell",
                quantile7_of_sorted(pl.col(kpi), n, 0.25).alias("q1"),
                quantile7_of_sorted(pl.col(kpi), n, 0.75).alias("q3"),
            )
            .select("_cell", *(b.alias(f"{kpi}:{b.meta.output_name()}") for b in _bounds(rules)))
        )
        bounds = bounds.join(quartiles, on="_cell", how="left")
    judged = judged.join(bounds, on="_cell")
    parts = [pl.DataFrame(schema=COLUMNS)]
    for kpi in chosen:
        value, lower, upper = pl.col(kpi), pl.col(f"{kpi}:lower"), pl.col(f"{kpi}:upper")
        outside = judged.filter((value < lower) | (value > upper)).select(
            "_row", value.alias("value"), lower.alias("lower"), upper.alias("upper")
        )
        rows = pl.concat(
            [
                coded.rows[outside["_row"]].select(
                    "org_code", "year", "function", pl.lit(kpi).alias("kpi"), "_group"
                ),
                outside.drop("_row"),
            ],
            how="horizontal",
        ).join(coded.groups, on="_group")
        parts.append(_peer_outlier_rows(rows, rules))
    return pl.concat(parts)


def _coded_year_on_year(coded: _Coded, rules: AnomalyRules) -> pl.DataFrame:
    """:func:`year_on_year` over :func:`_coded_kpis`: each cost is paired with the cost of the
    year before by joining on one integer (organisation, year and function) instead of three
    strings, the function rows and the `all` rows apart (each in key order, so the joins
    merge)."""
    n = coded.n_function_rows
    pairs = []
    for rows in (coded.rows.head(n), coded.rows.slice(n)):
        current = rows.select("org_code", "year", "function", "cost", "_key")
        prev = rows.select(pl.col("_next_key").alias("_key"), previous="cost").filter(
            pl.col("_key").is_not_null()
        )
        pairs.append(
            _sorted_flag(current, "_key").join(_sorted_flag(prev, "_key"), on="_key").drop("_key")
        )
    return _year_on_year_rows(pl.concat(pairs), rules)


def _anomalies(data: Bundle, rules: AnomalyRules, *, integer_keys: bool = True) -> pl.DataFrame:
    """Every anomaly in ``data``, unsorted. The rules on the totals are applied on integer keys
    (:func:`_coded_kpis`) when that reproduces them exactly (always, for data that passed
    validation), else, or with ``integer_keys=False``, as defined: KPIs in long form, peer
    statistics and joins on the key strings."""
    needed = sorted({"cost_per_fte", *rules.outlier_kpis})
    coded = None
    if integer_keys:
        per_function, per_org = totals_by_level(data.function_costs, shared="shared_pct" in needed)
        coded = _coded_kpis(per_function, per_org, data, needed)
    if coded is None:
        totals = function_totals(data.function_costs)
        kpis = kpis_from_totals(totals, data.finance, only=needed)
        parts = [
            cost_per_fte_band(kpis, rules),
            peer_outliers(kpis, data.organisations, rules),
            year_on_year(totals, rules),
        ]
    else:
        band = coded.rows.select(
            "org_code", "year", "function", kpi=pl.lit("cost_per_fte"), value="cost_per_fte"
        )
        parts = [
            cost_per_fte_band(band, rules),
            _coded_peer_outliers(coded, rules),
            _coded_year_on_year(coded, rules),
        ]
    return pl.concat([*parts, shared_without_model(data.function_costs)])


def find_anomalies(
    data: Bundle, *, year: str | None = None, rules: AnomalyRules = AnomalyRules()
) -> pl.DataFrame:
    """Every anomaly in ``data`` (the store's current state), sorted; ``year`` filters."""
    out = _anomalies(data, rules)
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
    return warnings_of(found)


def warnings_of(found: pl.DataFrame) -> list[Issue]:
    """The anomalies of :func:`find_anomalies` (or a part of them) as warnings, in their
    order."""
    columns = ("org_code", "year", "function", "process", "rule", "kpi", "value", "message")
    issues = []
    for org, year, function, process, rule, kpi, value, message in zip(
        *(found[c].to_list() for c in columns), strict=True
    ):
        where = f"{org} {year} {function}"
        if process:
            where += f" ({process})"
        issues.append(
            Issue(
                code=rule,
                message=f"{where}: {message}",
                file="function_costs",
                column=kpi,
                value=repr(value),
                severity=Severity.WARNING,
            )
        )
    return issues


def warning_counts(found: pl.DataFrame) -> dict[tuple[str, str], dict[str, int]]:
    """How many anomalies of each rule every (organisation, year) return has: per return, rule
    to count, the most frequent rule first (ties by rule). Returns without one are absent."""
    counted = (
        found.group_by("org_code", "year", "rule")
        .len()
        .sort(["org_code", "year", "len", "rule"], descending=[False, False, True, False])
    )
    out: dict[tuple[str, str], dict[str, int]] = {}
    for org, year, rule, n in counted.iter_rows():
        out.setdefault((org, year), {})[rule] = n
    return out
