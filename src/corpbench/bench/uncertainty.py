"""95% intervals on savings: a bootstrap over organisations (uncertainty of savings, v1).

For a year Y and a peer method M (``iqm``, ``median``, ``q1``), grouping by ``org_type``, one
**draw** takes, for each organisation type T independently, r_T organisations uniformly with
replacement from its r_T respondents (repeats count twice everywhere). In the draw each function
f's target is the statistic M of ``pct_turnover`` over the drawn members with it defined (no such
member: no target, no saving for f); the type's saving is Σ over the drawn members and their
functions of max(0, cost − t/100 × turnover), × e_T / r_T; the national saving sums the types and
a function's national saving is that sum restricted to f. An organisation's saving in the draw is
the sum over its functions against its type's targets of the draw, drawn or not, not
extrapolated. Each figure's interval is the 2.5th and 97.5th percentiles of its B values (linear
interpolation, NumPy's default); its **estimate** is the ordinary figure (no resampling), the
same as ``export summary`` / ``export savings``.

Repeatable: the draws of type T in year Y come from NumPy's PCG64 generator seeded with
``[seed, crc32("Y|T")]`` (default seed :data:`DEFAULT_SEED`), so a type's draws do not depend on
which other types or years are present. Vectorised over draws: a draw is held as the count of
each respondent in it (a (B, r) matrix), so a function's statistic is read from its values
sorted once (cumulative counts locate the ranks; the IQM weights each value by the overlap of
its ranks with the kept middle) and no draw is sorted.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from corpbench.bench.methods import Method
from corpbench.bench.savings import NOISE
from corpbench.standard import ALL_FUNCTION

#: Draws when none is asked for.
DEFAULT_DRAWS = 10_000

#: The seed when none is asked for (the year of the QIPP report).
DEFAULT_SEED = 2010

#: The interval's percentiles (a 95% interval).
PERCENTILES: tuple[float, float] = (2.5, 97.5)

#: Columns of :func:`uncertainty_table` (method page, "Machine output").
UNCERTAINTY_COLUMNS: tuple[str, ...] = ("level", "key", "year", "method", "estimate", "low", "high")

#: The key of the national row (level ``all``), as the summary's ``org_type = all``.
ALL_KEY = "all"

#: Columns of the intervals alone (:func:`bootstrap_intervals`), before the estimates join them.
INTERVAL_SCHEMA: dict[str, type[pl.DataType]] = {
    "level": pl.String,
    "key": pl.String,
    "year": pl.String,
    "low": pl.Float64,
    "high": pl.Float64,
}


def check_method(method: Method) -> None:
    """``ValueError`` (one sentence) unless ``method`` is a peer statistic: a threshold or an
    external table is a fixed target that no sample moves, so it has no interval."""
    if not method.is_peer:
        raise ValueError(
            f"The {method} method has a fixed target that does not depend on which "
            "organisations responded, so its savings have no interval; intervals are given "
            "for the peer methods iqm, median and q1."
        )


def check_draws(draws: int) -> None:
    """``ValueError`` unless ``draws`` is at least 2 (an interval needs two values)."""
    if draws < 2:
        raise ValueError(f"The number of draws must be at least 2, not {draws}.")


@dataclass(frozen=True)
class TypeReturns:
    """The respondents of one organisation type in one year as arrays: ``codes`` (r, sorted),
    ``kpi`` (r, F: pct_turnover, NaN when undefined), ``cost`` (r, F), ``turnover`` (r) and the
    extrapolation ``factor`` e_T / r_T; ``functions`` names the F columns."""

    org_type: str
    year: str
    codes: tuple[str, ...]
    functions: tuple[str, ...]
    kpi: np.ndarray
    cost: np.ndarray
    turnover: np.ndarray
    factor: float


def type_returns(
    base: pl.DataFrame, respondents: pl.DataFrame, eligible: pl.DataFrame, year: str
) -> Iterator[TypeReturns]:
    """Every type with respondents in ``year``, by type: ``base`` is the savings base
    (:func:`corpbench.bench.savings.savings_base`: rows with pct_turnover defined),
    ``respondents`` ``org_code, org_type, year`` and ``eligible`` ``org_type, year, eligible``."""
    rows = base.filter((pl.col("year") == year) & (pl.col("function") != ALL_FUNCTION))
    functions = tuple(sorted(rows["function"].unique().to_list()))
    resp = respondents.filter(pl.col("year") == year)
    counts = dict(
        eligible.filter(pl.col("year") == year).select("org_type", "eligible").iter_rows()
    )
    for org_type in sorted(resp["org_type"].unique().to_list()):
        codes = tuple(sorted(resp.filter(pl.col("org_type") == org_type)["org_code"].to_list()))
        at = {c: i for i, c in enumerate(codes)}
        col = {f: j for j, f in enumerate(functions)}
        kpi = np.full((len(codes), len(functions)), np.nan)
        cost = np.zeros_like(kpi)
        turnover = np.zeros(len(codes))
        mine = rows.filter(pl.col("org_code").is_in(codes))
        for code, function, value, c, t in mine.select(
            "org_code", "function", "kpi_value", "cost", "turnover"
        ).iter_rows():
            i, j = at[code], col[function]
            kpi[i, j], cost[i, j], turnover[i] = value, c, t
        eligible_count = counts.get(org_type, len(codes))
        yield TypeReturns(
            org_type, year, codes, functions, kpi, cost, turnover, eligible_count / len(codes)
        )


def draw_indices(seed: int, year: str, org_type: str, respondents: int, draws: int) -> np.ndarray:
    """The (draws, respondents) matrix of drawn respondents (indices into the sorted codes) of
    one type and year: uniform with replacement, from the generator seeded as the module says."""
    stream = np.random.default_rng([seed, zlib.crc32(f"{year}|{org_type}".encode())])
    return stream.integers(0, respondents, size=(draws, respondents))


def draw_counts(indices: np.ndarray) -> np.ndarray:
    """How often each respondent is in each draw: the (r, B) counts of a (B, r) index matrix
    (respondents by rows, so that a function's respondents in value order are a row gather)."""
    b, r = indices.shape
    flat = (indices * b + np.arange(b)[:, None]).ravel()
    return np.bincount(flat, minlength=r * b).reshape(r, b).astype(np.int32)


def _rank_value(xs: np.ndarray, cum: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The value at 0-based ``rank`` (B) of each draw's sorted members: that of the first
    respondent whose cumulative count exceeds the rank."""
    at = (cum <= rank[None, :]).sum(axis=0)
    value: np.ndarray = xs[np.minimum(at, xs.size - 1)]
    return value


def _running_total(counts: np.ndarray) -> np.ndarray:
    """Cumulative counts down the rows: row i is Σ of rows 0..i (a loop of whole-row adds,
    many times faster than ``np.cumsum(axis=0)`` on a few dozen long rows)."""
    cum = np.empty_like(counts)
    cum[0] = counts[0]
    for i in range(1, counts.shape[0]):
        np.add(cum[i - 1], counts[i], out=cum[i])
    return cum


def draw_statistic(xs: np.ndarray, counts: np.ndarray, kind: str) -> np.ndarray:
    """Statistic ``kind`` (iqm, median, q1) of each draw, from the sorted values ``xs`` (d) of
    the respondents with the KPI defined and their (d, B) counts; NaN for a draw with none."""
    cum = _running_total(counts)
    n = cum[-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "iqm":  # k = ⌊n/4⌋ removed each end (none when n < 4), ranks [k, n − k) kept
            k = n // 4
            kept = np.minimum(cum, n - k)  # each member's ranks [cum − count, cum) ∩ [k, n − k)
            first = cum - counts
            np.maximum(first, k, out=first)
            kept -= first
            np.maximum(kept, 0, out=kept)
            # einsum, not BLAS: BLAS threads stall on a busy machine, and d is a few dozen
            mean: np.ndarray = np.einsum("i,ij->j", xs, kept) / (n - 2 * k)
            return mean
        p = {"median": 0.5, "q1": 0.25}[kind]
        h = (n - 1) * p  # type 7: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])
        lo = np.floor(h).astype(np.int64)
        low = _rank_value(xs, cum, lo)
        high = _rank_value(xs, cum, np.minimum(lo + 1, n - 1))
        value = low + (h - lo) * (high - low)
    return np.where(n > 0, value, np.nan)


def draw_saving(
    cost: np.ndarray, turnover: np.ndarray, kpi: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """(d, B) savings max(0, cost − t/100 × turnover) of d organisations against each draw's
    target t (B): 0 at or below the target, for rounding noise (as the ordinary savings,
    :func:`corpbench.bench.savings.saving_expr`) and with no target."""
    # no target: +inf, which every value is at or below (saving 0)
    t = np.where(np.isnan(target), np.inf, target)[None, :]
    c = cost[:, None]
    raw: np.ndarray = np.multiply(t / 100.0, turnover[:, None])
    np.subtract(c, raw, out=raw)
    zero = kpi[:, None] <= t
    zero |= raw <= NOISE * c
    np.copyto(raw, 0.0, where=zero)
    return raw


@dataclass(frozen=True)
class TypeDraws:
    """One type's draws: ``organisations`` (r, B) each respondent's saving, ``functions``
    (F, B) the type's extrapolated saving per function."""

    organisations: np.ndarray
    functions: np.ndarray


def type_draws(returns: TypeReturns, indices: np.ndarray, kind: str) -> TypeDraws:
    """The savings of every draw of ``indices`` (B, r) for one type under statistic ``kind``."""
    counts = draw_counts(indices)
    orgs = np.zeros(counts.shape)
    per_function = np.zeros((len(returns.functions), counts.shape[1]))
    for j in range(len(returns.functions)):
        x = returns.kpi[:, j]
        defined = np.flatnonzero(~np.isnan(x))
        if defined.size == 0:
            continue
        order = defined[np.argsort(x[defined], kind="stable")]
        drawn = counts[order]
        target = draw_statistic(x[order], drawn, kind)
        saving = draw_saving(returns.cost[order, j], returns.turnover[order], x[order], target)
        orgs[order] += saving
        per_function[j] = (drawn * saving).sum(axis=0) * returns.factor
    return TypeDraws(orgs, per_function)


def _interval(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 2.5th and 97.5th percentiles of the draws along the last axis, bit for bit as
    ``np.percentile``'s default (linear): h = (B − 1)·p/100, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] −
    x[⌊h⌋]) (from the upper value when h − ⌊h⌋ ≥ 0.5, as NumPy), read after one partial sort
    of the four ranks needed instead of NumPy's general path."""
    b = values.shape[-1]
    ranks = []
    for p in PERCENTILES:
        h = (b - 1) * (p / 100.0)  # computed as NumPy computes it
        lo = int(np.floor(h))
        ranks.append((lo, min(lo + 1, b - 1), h - lo))
    kth = sorted({k for lo, hi, _ in ranks for k in (lo, hi)})
    part = np.partition(values, kth, axis=-1)
    ends = []
    for lo, hi, frac in ranks:
        a, b_ = part[..., lo], part[..., hi]
        diff = b_ - a
        ends.append(b_ - diff * (1 - frac) if frac >= 0.5 else a + diff * frac)
    return ends[0], ends[1]


@dataclass(frozen=True)
class TypeIntervals:
    """One type's share of a year's bootstrap: ``rows`` (``level, key, year, low, high`` of its
    organisations and of the type) and ``functions`` (F, B), its extrapolated saving per
    function in every draw, which the national figures add up."""

    rows: pl.DataFrame
    functions: np.ndarray


def type_intervals(
    returns: TypeReturns,
    method: Method,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    indices: np.ndarray | None = None,
) -> TypeIntervals:
    """The bootstrap of one type (its seeded draws, or ``indices``): see :class:`TypeIntervals`.
    An organisation's interval needs only its own type's."""
    check_method(method)
    check_draws(draws)
    t = returns
    drawn = (
        draw_indices(seed, t.year, t.org_type, len(t.codes), draws) if indices is None else indices
    )
    result = type_draws(t, drawn, method.kind)
    low, high = _interval(result.organisations)
    out = [
        ("organisation", code, t.year, float(low[i]), float(high[i]))
        for i, code in enumerate(t.codes)
    ]
    type_low, type_high = _interval(result.functions.sum(axis=0))
    out.append(("org_type", t.org_type, t.year, float(type_low), float(type_high)))
    return TypeIntervals(pl.DataFrame(out, schema=INTERVAL_SCHEMA, orient="row"), result.functions)


def national_rows(
    year: str, functions: tuple[str, ...], parts: list[TypeIntervals]
) -> pl.DataFrame:
    """``level, key, year, low, high`` of each function's national saving and of the national
    saving (``all``), from every type's :class:`TypeIntervals` of the year (same draws count)."""
    national = np.sum([p.functions for p in parts], axis=0)
    low, high = _interval(national)
    out = [("function", f, year, float(low[j]), float(high[j])) for j, f in enumerate(functions)]
    all_low, all_high = _interval(national.sum(axis=0))
    out.append(("all", ALL_KEY, year, float(all_low), float(all_high)))
    return pl.DataFrame(out, schema=INTERVAL_SCHEMA, orient="row")


def bootstrap_intervals(
    types: list[TypeReturns],
    method: Method,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    indices: Mapping[str, np.ndarray] | None = None,
) -> pl.DataFrame:
    """``level, key, year, low, high`` of every figure of one year's ``types`` (all from one
    :func:`type_returns`): ``all``, each ``org_type`` and ``function``, each responding
    ``organisation``; no row without types. ``indices`` (type -> (B, r) draws) replaces the
    seeded draws, so that other implementations can be run over the same draws."""
    check_method(method)
    check_draws(draws)
    if not types:
        return pl.DataFrame(schema=INTERVAL_SCHEMA)
    parts = [
        type_intervals(
            t,
            method,
            draws=draws,
            seed=seed,
            indices=None if indices is None else indices[t.org_type],
        )
        for t in types
    ]
    national = national_rows(types[0].year, types[0].functions, parts)
    return pl.concat([*(p.rows for p in parts), national])


def saving_estimates(
    summary: pl.DataFrame, by_function: pl.DataFrame, org_totals: pl.DataFrame
) -> pl.DataFrame:
    """``level, key, year, estimate``: the ordinary figures the intervals go with, from the
    national ``summary`` (its extrapolated savings: the ``all`` row and each type's with
    respondents), ``by_function`` (each function's national extrapolated saving) and
    ``org_totals`` (``org_code, year, saving``: each organisation's total saving)."""
    defined = pl.col("saving_extrapolated").is_not_null()
    national = pl.col("org_type") == ALL_KEY
    frames = [
        summary.filter(defined).select(
            level=pl.when(national).then(pl.lit("all")).otherwise(pl.lit("org_type")),
            key="org_type",
            year="year",
            estimate="saving_extrapolated",
        ),
        by_function.filter(defined).select(
            level=pl.lit("function"), key="function", year="year", estimate="saving_extrapolated"
        ),
        org_totals.select(
            level=pl.lit("organisation"), key="org_code", year="year", estimate="saving"
        ),
    ]
    schema = {"level": pl.String, "key": pl.String, "year": pl.String, "estimate": pl.Float64}
    return pl.concat([f.cast(schema) for f in frames])  # type: ignore[arg-type]


def uncertainty_table(
    estimates: pl.DataFrame, intervals: pl.DataFrame, method: Method
) -> pl.DataFrame:
    """The rows of ``export uncertainty``: ``level, key, year, method, estimate, low, high``,
    one per estimate, sorted by level, key and year. A figure with no term in any draw (a
    function no respondent has a KPI for, a year without respondents) is 0 in every draw."""
    return (
        estimates.join(intervals, on=["level", "key", "year"], how="left")
        .with_columns(
            pl.lit(str(method), dtype=pl.String).alias("method"),
            pl.col("low", "high").fill_null(0.0),
        )
        .select(UNCERTAINTY_COLUMNS)
        .sort("level", "key", "year")
    )
