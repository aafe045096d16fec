"""The consortium baseline (planning methods §1, §2): a set of organisations (a footprint or a
named list) and a year, their figures summed per function, the scale and Carter tests and the
split of each function's cost into QIPP Table 14 classes.

Every figure is one of the data standard's, summed over the **partners** (the named
organisations that responded in the year): ``cost``, ``fte`` and ``shared`` from
:func:`corpbench.bench.totals.function_totals` (``shared`` null when no partner returned one),
each volume indicator summed, ``employees`` = Σ finance.employees with an organisation's
total_fte where its employees are missing (named in ``employees_from_fte``). Scale test (QIPP):
employees ≥ 50,000 ``target``, ≥ 20,000 ``viable``, otherwise ``below_minimum``. Carter's test
per partner: its ``pct_turnover`` on ``all`` (:mod:`corpbench.bench.kpis`) against the ceilings
of :mod:`corpbench.bench.carter`.

Table 14 classes (§2): a cost row whose process is in the round's Table 14 mapping counts
wholly in its class (``T`` transactional, ``O`` operational, ``S`` strategic); the rest of a
function's cost (rows with no process or an unrecognised one) is spread by the function's
**default shares**: the share of each class among the function's processes in the mapping,
each process weighing the same (:func:`default_class_shares`; docs/planning.md lists them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from corpbench.bench.carter import CARTER_CEILINGS
from corpbench.bench.engine import Benchmark
from corpbench.bench.position import function_order
from corpbench.standard import ALL_FUNCTION, IndicatorKind
from corpbench.standard.vocab import (
    DEFAULT_INDICATORS,
    PROCESS_CLASSES,
    ActivityClass,
    normalise_process,
)

#: Employees served at or above which a consortium is viable / at QIPP's target scale.
SCALE_VIABLE = 20_000
SCALE_TARGET = 50_000

#: The Table 14 classes in order: transactional, operational, strategic.
CLASSES: tuple[ActivityClass, ...] = ("T", "O", "S")
CLASS_NAMES: Mapping[ActivityClass, str] = {
    "T": "transactional",
    "O": "operational",
    "S": "strategic",
}

#: Columns of :attr:`ConsortiumBaseline.functions`.
BASELINE_COLUMNS: tuple[str, ...] = (
    "function",
    "organisations",
    "cost",
    "fte",
    "shared",
    "pay",
    "classified",
    "transactional",
    "operational",
    "strategic",
    "transactional_share",
    "operational_share",
    "strategic_share",
)

#: Columns of :attr:`ConsortiumBaseline.partners` (one row per partner).
PARTNER_COLUMNS: tuple[str, ...] = (
    "org_code",
    "cost",
    "turnover",
    "pct_turnover",
    *(f"within_{p:g}" for p, _ in CARTER_CEILINGS),
    "employees",
    "employees_from_fte",
)

#: Columns of :func:`partner_functions`: one row per partner and function it returned.
PARTNER_FUNCTION_COLUMNS: tuple[str, ...] = (
    "org_code",
    "function",
    "cost",
    "pay",
    "classified",
    "transactional",
    "operational",
    "strategic",
)

ProcessClasses = Mapping[str, Mapping[str, ActivityClass]]


def scale_status(employees: float | None) -> str | None:
    """QIPP's scale test: ``target`` at ≥ 50,000 employees, ``viable`` at ≥ 20,000, otherwise
    ``below_minimum``; ``None`` without employees."""
    if employees is None:
        return None
    if employees >= SCALE_TARGET:
        return "target"
    if employees >= SCALE_VIABLE:
        return "viable"
    return "below_minimum"


def default_class_shares(
    function: str, process_classes: ProcessClasses = PROCESS_CLASSES
) -> tuple[float, float, float]:
    """The default (transactional, operational, strategic) shares of ``function``: the share of
    each class among its processes in ``process_classes``, each process weighing the same. A
    function with no process there uses the data standard's mapping, and a function in neither
    is all strategic (nothing is assumed shareable)."""
    processes = process_classes.get(function) or PROCESS_CLASSES.get(function) or {}
    n = len(processes)
    if n == 0:
        return (0.0, 0.0, 1.0)
    counts = [sum(1 for c in processes.values() if c == k) for k in CLASSES]
    return (counts[0] / n, counts[1] / n, counts[2] / n)


def partner_functions(
    function_costs: pl.DataFrame,
    org_codes: Sequence[str],
    year: str,
    process_classes: ProcessClasses = PROCESS_CLASSES,
) -> pl.DataFrame:
    """Per partner and function (``all`` not included): ``cost`` = Σ (pay_cost + non_pay_cost),
    ``pay`` = Σ pay_cost, ``classified`` the cost of rows whose process is in the mapping, and
    the cost of each Table 14 class (classified rows in their class, the rest by the function's
    default shares). Sorted by org_code, function."""
    rows = function_costs.filter(
        (pl.col("year") == year) & pl.col("org_code").is_in(list(org_codes))
    ).select(
        "org_code",
        "function",
        "process",
        (pl.col("pay_cost") + pl.col("non_pay_cost")).cast(pl.Float64).alias("cost"),
        pl.col("pay_cost").cast(pl.Float64).alias("pay"),
    )
    keys = rows.select("function", "process").unique()
    klass = [
        process_classes.get(f, {}).get(normalise_process(p) or "") for f, p in keys.iter_rows()
    ]
    keys = keys.with_columns(pl.Series("_class", klass, dtype=pl.String))
    functions = sorted(set(rows["function"].to_list()))
    defaults = pl.DataFrame(
        {
            "function": functions,
            **{
                f"_d{k}": [default_class_shares(f, process_classes)[i] for f in functions]
                for i, k in enumerate(CLASSES)
            },
        },
        schema={"function": pl.String, **{f"_d{k}": pl.Float64 for k in CLASSES}},
    )
    rows = rows.join(keys, on=["function", "process"], how="left", nulls_equal=True)
    rows = rows.join(defaults, on="function", how="left")
    known = pl.col("_class").is_not_null()
    return (
        rows.with_columns(
            *(
                pl.when(known)
                .then(pl.when(pl.col("_class") == k).then(pl.col("cost")).otherwise(0.0))
                .otherwise(pl.col("cost") * pl.col(f"_d{k}"))
                .alias(CLASS_NAMES[k])
                for k in CLASSES
            ),
            pl.when(known).then(pl.col("cost")).otherwise(0.0).alias("classified"),
        )
        .sort("org_code", "function", "process", nulls_last=False)
        .group_by("org_code", "function", maintain_order=True)
        .agg(pl.col(c).sum() for c in PARTNER_FUNCTION_COLUMNS[2:])
        .select(PARTNER_FUNCTION_COLUMNS)
    )


def employees_of(
    finance: pl.DataFrame, org_codes: Sequence[str], year: str
) -> tuple[pl.DataFrame, float | None, tuple[str, ...], tuple[str, ...]]:
    """Employees of the partners: ``org_code, turnover, employees, employees_from_fte`` per
    partner with a finance row (employees, else total_fte); their sum (None when none is
    known); the organisations counted by total_fte; those with neither."""
    fin = (
        finance.filter((pl.col("year") == year) & pl.col("org_code").is_in(list(org_codes)))
        .sort("org_code")
        .select(
            "org_code",
            pl.col("turnover").cast(pl.Float64),
            pl.coalesce("employees", "total_fte").cast(pl.Float64).alias("employees"),
            (pl.col("employees").is_null() & pl.col("total_fte").is_not_null()).alias(
                "employees_from_fte"
            ),
        )
    )
    from_fte = tuple(fin.filter(pl.col("employees_from_fte"))["org_code"].to_list())
    missing = tuple(fin.filter(pl.col("employees").is_null())["org_code"].to_list())
    known = fin["employees"].drop_nulls()
    total = float(known.sort().sum()) if len(known) else None
    return fin, total, from_fte, missing


def volumes_of(indicators: pl.DataFrame, org_codes: Sequence[str], year: str) -> pl.DataFrame:
    """``function, indicator, value, organisations``: each volume indicator summed over the
    partners that returned it, sorted by function and indicator."""
    codes = [c for c, k in DEFAULT_INDICATORS.items() if k == IndicatorKind.VOLUME]
    rows = indicators.filter(
        (pl.col("year") == year)
        & pl.col("indicator").is_in(codes)
        & pl.col("org_code").is_in(list(org_codes))
    )
    return (
        rows.group_by("function", "indicator")
        .agg(
            pl.col("value").cast(pl.Float64).sort().sum().alias("value"),
            pl.col("org_code").n_unique().cast(pl.Int64).alias("organisations"),
        )
        .sort("function", "indicator")
    )


def summed_totals(totals: pl.DataFrame, org_codes: Sequence[str], year: str) -> pl.DataFrame:
    """``function, organisations, cost, fte, shared`` summed over the partners' rows of
    :func:`corpbench.bench.totals.function_totals` (``all`` included; ``shared`` null when no
    partner returned one), sorted by function."""
    rows = totals.filter((pl.col("year") == year) & pl.col("org_code").is_in(list(org_codes)))
    return (
        rows.group_by("function")
        .agg(
            pl.len().cast(pl.Int64).alias("organisations"),
            pl.col("cost").sort().sum(),
            pl.col("fte").sort().sum(),
            pl.when(pl.col("shared").is_not_null().any())
            .then(pl.col("shared").drop_nulls().sort().sum())
            .otherwise(None)
            .alias("shared"),
        )
        .sort("function")
    )


@dataclass(frozen=True)
class ConsortiumBaseline:
    """A consortium's baseline in a year (see the module docstring)."""

    year: str
    #: The organisations named, in their order.
    named: tuple[str, ...]
    #: The named organisations that responded in the year (sorted): the partners.
    partner_codes: tuple[str, ...]
    #: Per function (``all`` last): :data:`BASELINE_COLUMNS`.
    functions: pl.DataFrame
    #: ``function, indicator, value, organisations``.
    volumes: pl.DataFrame
    #: Per partner: :data:`PARTNER_COLUMNS`.
    partners: pl.DataFrame
    #: Per partner and function: :data:`PARTNER_FUNCTION_COLUMNS`.
    partner_functions: pl.DataFrame
    employees: float | None
    employees_from_fte: tuple[str, ...]
    employees_missing: tuple[str, ...]
    #: ``below_minimum``, ``viable`` or ``target`` (None without employees).
    scale: str | None

    @property
    def not_responding(self) -> tuple[str, ...]:
        """The named organisations with no return in the year."""
        return tuple(c for c in self.named if c not in self.partner_codes)


def consortium_baseline(
    engine: Benchmark,
    org_codes: Sequence[str],
    year: str,
    process_classes: ProcessClasses = PROCESS_CLASSES,
) -> ConsortiumBaseline:
    """The baseline of the organisations ``org_codes`` in ``year`` (planning methods §1, §2);
    ``ValueError`` (one sentence) for a code not in the register or when none responded."""
    register = set(engine.organisations["org_code"].to_list())
    unknown = [c for c in org_codes if c not in register]
    if unknown:
        raise ValueError(f"Not in the register: {', '.join(unknown)}.")
    totals = engine.totals(year)
    responded = set(totals["org_code"].to_list())
    partners = tuple(sorted(c for c in set(org_codes) if c in responded))
    if not partners:
        raise ValueError(f"None of {', '.join(org_codes)} has cost data for {year}.")
    per_partner = partner_functions(engine.function_costs, partners, year, process_classes)
    split = (
        per_partner.group_by("function")
        .agg(pl.col(c).sort().sum() for c in PARTNER_FUNCTION_COLUMNS[3:])
        .sort("function")
    )
    whole = split.select(pl.lit(ALL_FUNCTION).alias("function"), pl.exclude("function").sum())
    split = pl.concat([split, whole])
    summed = summed_totals(totals, partners, year)
    functions = summed.join(split, on="function", how="left")
    functions = functions.with_columns(
        *(
            pl.when(pl.col("cost") > 0)
            .then(pl.col(name) / pl.col("cost"))
            .otherwise(None)
            .alias(f"{name}_share")
            for name in CLASS_NAMES.values()
        )
    )
    # the standard's functions in its order, then any other, then ``all``
    order = {f: i for i, f in enumerate(function_order(functions["function"].to_list()))}
    functions = (
        functions.with_columns(pl.col("function").replace_strict(order).alias("_order"))
        .sort("_order")
        .select(BASELINE_COLUMNS)
    )
    fin, employees, from_fte, missing = employees_of(engine.finance, partners, year)
    pct = engine.kpis(year).filter(
        (pl.col("function") == ALL_FUNCTION) & (pl.col("kpi") == "pct_turnover")
    )
    whole_cost = totals.filter(pl.col("function") == ALL_FUNCTION).select("org_code", "cost")
    partner_rows = (
        fin.join(whole_cost, on="org_code", how="left")
        .join(
            pct.select("org_code", pl.col("value").alias("pct_turnover")), on="org_code", how="left"
        )
        .with_columns(
            (pl.col("pct_turnover") <= p).alias(f"within_{p:g}") for p, _ in CARTER_CEILINGS
        )
        .select(PARTNER_COLUMNS)
        .sort("org_code")
    )
    return ConsortiumBaseline(
        year=year,
        named=tuple(org_codes),
        partner_codes=partners,
        functions=functions,
        volumes=volumes_of(engine.indicators, partners, year),
        partners=partner_rows,
        partner_functions=per_partner,
        employees=employees,
        employees_from_fte=from_fte,
        employees_missing=missing,
        scale=scale_status(employees),
    )


def footprint_codes(organisations: pl.DataFrame, footprint: str) -> list[str]:
    """The register's organisations in ``footprint`` (sorted; names compared without the
    spaces at their ends)."""
    rows = organisations.filter(pl.col("footprint").str.strip_chars() == footprint.strip())
    return sorted(rows["org_code"].to_list())


def region_codes(organisations: pl.DataFrame, region: str) -> list[str]:
    """The register's organisations in ``region`` (sorted)."""
    rows = organisations.filter(pl.col("region").str.strip_chars() == region.strip())
    return sorted(rows["org_code"].to_list())


def named_consortium(
    engine: Benchmark,
    year: str,
    process_classes: ProcessClasses = PROCESS_CLASSES,
    *,
    footprint: str | None = None,
    org_codes: Sequence[str] | None = None,
) -> tuple[str, ConsortiumBaseline]:
    """The baseline of a footprint of the register or of a named list of organisations (one of
    the two) in ``year``, and the consortium's name (the footprint, or the codes joined by
    commas): the one way ``plan new`` and the planning workbench name a consortium.
    ``ValueError`` (one sentence) for neither or both, an unknown year, footprint or
    organisation."""
    if (footprint is None) == (org_codes is None):
        raise ValueError("Give either a footprint or a list of organisations (one of them).")
    if year not in engine.years():
        known = ", ".join(engine.years()) or "none"
        raise ValueError(f"No figures for {year} (years with figures: {known}).")
    if footprint is not None:
        codes = footprint_codes(engine.organisations, footprint)
        if not codes:
            raise ValueError(f"No organisation of the register is in footprint '{footprint}'.")
        name = footprint.strip()
    else:
        assert org_codes is not None
        codes = list(dict.fromkeys(c.strip().upper() for c in org_codes if c.strip()))
        if not codes:
            raise ValueError("The list names no organisation.")
        name = ",".join(codes)
    return name, consortium_baseline(engine, codes, year, process_classes)
