"""Calibration of the demo rounds: QIPP 2010 against its Tables 5 and 6 (on QIPP's seven
functions), NHS Improvement 2016/17 against its published median-method saving and its IM&T and
governance-and-risk shares.

:func:`reference_summary` is a small, independent polars implementation of the data standard's
national summary under a peer method (``iqm`` or ``median``; peer group = organisation type,
extrapolated to 100% by response rate). :func:`search` finds, by bisection, the per-type
``dispersion`` constants of :mod:`corpbench.demo.params` whose extrapolated IQM savings meet the
Table 6 targets; :func:`search_nhsi` the per-function dispersion multipliers of
:mod:`corpbench.demo.nhsi` whose median-method savings meet the NHS Improvement targets. Both
average over twelve seeds of the national-size round (so that the constants match the
*expected* figures, not one seed's noise; the rounds' default seeds are not among them). Run
``python -m corpbench.demo.calibrate`` to repeat both searches (about half a minute); paste the
results into the params. Spend needs no search: the generator scales each type's cost level so
that its turnover-weighted mean is the type's ``back_office_pct``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal

import polars as pl

from corpbench.demo.nhsi import NHSI_ROUND
from corpbench.demo.params import QIPP_ROUND, TypeParams
from corpbench.standard.bundle import Bundle

PeerMethod = Literal["iqm", "median"]

#: QIPP 2010 Table 5: back-office spend by type, extrapolated to 100%, £m (PCT: all three types).
TABLE5_SPEND_M: Mapping[str, float] = MappingProxyType(
    {
        "acute": 738.2,
        "acute_ft": 700.0,
        "pct": 958.6,
        "mental_health": 113.6,
        "mental_health_ft": 222.0,
        "community": 9.9,
        "ambulance": 74.4,
    }
)
#: QIPP 2010 Table 6: IQM savings by type, extrapolated to 100%, £m.
TABLE6_SAVING_M: Mapping[str, float] = MappingProxyType(
    {
        "acute": 110.1,
        "acute_ft": 118.7,
        "ambulance": 11.4,
        "mental_health": 24.0,
        "mental_health_ft": 39.4,
        "pct": 312.6,
    }
)
NATIONAL_SAVING_M = 616.0
#: NHS Improvement 2016/17 (seed 002): the median-method saving aimed at (£m; "over £480m",
#: the tests accept £480-510m) and the shares of it the IM&T and governance and risk functions
#: give (33% and 25%); the other four functions give the rest.
NHSI_SAVING_M = 495.0
NHSI_SAVING_SHARES: Mapping[str, float] = MappingProxyType(
    {"imt": 0.33, "governance_risk": 0.25, "other": 0.42}
)
PCT_TYPES: tuple[str, ...] = ("pct_commissioner", "pct_provider", "pct_undifferentiated")


def report_group(org_type: str) -> str:
    """The Table 5/6 column an organisation type falls in (the three PCT types are one)."""
    return "pct" if org_type in PCT_TYPES else org_type


def function_savings(bundle: Bundle, year: str, method: PeerMethod = "iqm") -> pl.DataFrame:
    """Per (org, function): cost, turnover, org_type, the type's target % of turnover (column
    ``iqm``: the interquartile mean, or the median when ``method`` is ``median``) and
    saving = max(0, cost − target/100 × turnover)."""
    cost = (
        bundle.function_costs.filter(pl.col("year") == year)
        .group_by("org_code", "function")
        .agg(cost=(pl.col("pay_cost") + pl.col("non_pay_cost")).sum())
    )
    fin = bundle.finance.filter(pl.col("year") == year).select("org_code", "turnover")
    types = bundle.organisations.select("org_code", "org_type")
    df = cost.join(fin, on="org_code").join(types, on="org_code")
    df = df.with_columns(pct=100 * pl.col("cost") / pl.col("turnover"))
    peer = ["org_type", "function"]
    n = pl.len().over(peer)
    k = n // 4
    rank = pl.col("pct").rank("ordinal").over(peer)
    if method == "median":
        target = pl.col("pct").median().over(peer)
    else:
        target = pl.col("pct").filter((rank > k) & (rank <= n - k)).mean().over(peer)
    return df.with_columns(iqm=target).with_columns(
        saving=pl.max_horizontal(
            pl.lit(0.0), pl.col("cost") - pl.col("iqm") / 100 * pl.col("turnover")
        )
    )


def reference_summary(
    bundle: Bundle, year: str = "2009/10", method: PeerMethod = "iqm"
) -> pl.DataFrame:
    """Per org_type: eligible, respondents, spend, saving and their extrapolations (× e/r)."""
    sav = function_savings(bundle, year, method)
    eligible = bundle.organisations.group_by("org_type").agg(eligible=pl.len())
    per_type = sav.group_by("org_type").agg(
        respondents=pl.col("org_code").n_unique(),
        spend=pl.col("cost").sum(),
        saving=pl.col("saving").sum(),
    )
    return (
        eligible.join(per_type, on="org_type", how="left")
        .with_columns(
            spend_extrapolated=pl.col("spend") * pl.col("eligible") / pl.col("respondents"),
            saving_extrapolated=pl.col("saving") * pl.col("eligible") / pl.col("respondents"),
        )
        .sort("org_type")
    )


def by_report_group(summary: pl.DataFrame, scale: float = 1.0) -> pl.DataFrame:
    """Extrapolated spend and saving in £m per Table 5/6 column, divided by ``scale``."""
    return (
        summary.with_columns(
            group=pl.col("org_type").map_elements(report_group, return_dtype=pl.String)
        )
        .group_by("group")
        .agg(
            spend_m=pl.col("spend_extrapolated").sum() / 1e6 / scale,
            saving_m=pl.col("saving_extrapolated").sum() / 1e6 / scale,
        )
        .sort("group")
    )


def _with_dispersion(values: Mapping[str, float]) -> dict[str, TypeParams]:
    return {
        t: dataclasses.replace(p, dispersion=values.get(report_group(t), p.dispersion))
        for t, p in QIPP_ROUND.types.items()
    }


def bisect(
    targets: Mapping[str, float],
    measure: Callable[[Mapping[str, float]], Mapping[str, float]],
    lo: float = 0.02,
    hi: float = 2.0,
    iterations: int = 20,
) -> dict[str, float]:
    """Per key of ``targets``, the knob value in [lo, hi] whose measured figure meets the
    target, found by bisection of every knob at once; each knob must drive its own figure
    upwards only (``measure`` maps knob values to figures, per key)."""
    low = dict.fromkeys(targets, lo)
    high = dict.fromkeys(targets, hi)
    for _ in range(iterations):
        mid = {g: (low[g] + high[g]) / 2 for g in targets}
        got = measure(mid)
        for g, target in targets.items():
            if got[g] < target:
                low[g] = mid[g]
            else:
                high[g] = mid[g]
    return {g: round((low[g] + high[g]) / 2, 3) for g in targets}


def search(
    scale: float = 1.0, seeds: Sequence[int] = tuple(range(12)), iterations: int = 20
) -> dict[str, float]:
    """Per Table 6 column, the QIPP dispersion whose mean extrapolated IQM saving (over
    ``seeds``, at ``scale``) equals the target. Savings rise with dispersion."""
    from corpbench.demo.generate import generate

    first = QIPP_ROUND.years[:1]

    def measure(knobs: Mapping[str, float]) -> dict[str, float]:
        saving = dict.fromkeys(TABLE6_SAVING_M, 0.0)
        for seed in seeds:
            bundle = generate(seed=seed, scale=scale, years=first, types=_with_dispersion(knobs))
            for row in by_report_group(reference_summary(bundle), scale).iter_rows(named=True):
                if row["group"] in saving:
                    saving[row["group"]] += row["saving_m"] / len(seeds)
        return saving

    return bisect(TABLE6_SAVING_M, measure, iterations=iterations)


def nhsi_saving_group(function: str) -> str:
    """The calibration knob of an NHS Improvement function: its own for IM&T and governance
    and risk, one common knob (``other``) for the rest."""
    return function if function in NHSI_SAVING_SHARES else "other"


def nhsi_savings_by_group(bundle: Bundle, scale: float = 1.0) -> dict[str, float]:
    """The median-method saving of the NHS Improvement year in £m (divided by ``scale``) per
    calibration knob, and its total (``all``)."""
    year = NHSI_ROUND.years[0]
    sav = function_savings(bundle, year, "median").with_columns(
        group=pl.col("function").map_elements(nhsi_saving_group, return_dtype=pl.String)
    )
    got = dict(sav.group_by("group").agg(pl.col("saving").sum() / 1e6 / scale).iter_rows())
    return {**got, "all": sum(got.values())}


def search_nhsi(
    scale: float = 1.0, seeds: Sequence[int] = tuple(range(12)), iterations: int = 20
) -> dict[str, float]:
    """The NHS Improvement round's dispersion multipliers for IM&T and for governance and
    risk, and the factor on the other functions' multipliers (``other``), whose mean
    median-method savings (over ``seeds``, at ``scale``) meet ``NHSI_SAVING_M`` split by
    ``NHSI_SAVING_SHARES``. Savings rise with each knob."""
    from corpbench.demo.generate import generate

    base = NHSI_ROUND.function_dispersion
    targets = {g: NHSI_SAVING_M * share for g, share in NHSI_SAVING_SHARES.items()}

    def measure(knobs: Mapping[str, float]) -> dict[str, float]:
        multipliers = {
            f: knobs[f] if f in knobs else base[f] * knobs["other"] for f in NHSI_ROUND.functions
        }
        demo = dataclasses.replace(NHSI_ROUND, function_dispersion=multipliers)
        saving = dict.fromkeys(targets, 0.0)
        for seed in seeds:
            got = nhsi_savings_by_group(generate(seed=seed, scale=scale, round=demo), scale)
            for g in targets:
                saving[g] += got[g] / len(seeds)
        return saving

    return bisect(targets, measure, lo=0.02, hi=4.0, iterations=iterations)


if __name__ == "__main__":  # pragma: no cover - a one-off tool
    print("QIPP dispersion by Table 6 column:", search())
    print("NHS Improvement multipliers (other: factor on the rest):", search_nhsi())
