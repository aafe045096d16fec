"""The view of a case's business case: polars tables built from its evaluation
(:func:`corpbench.plan.evaluate_plan`) and the report figures of :mod:`corpbench.plan.report`,
each with its codes and their words (``*_label``); nothing is computed here. The case's charts
(:mod:`corpbench.charts.plan`), its PDF (:mod:`corpbench.documents.plan_pdf`) and its workbook
(:mod:`corpbench.documents.plan_workbook`) draw and write these tables, which are also the
charts' data-table alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpbench.plan.case import PHASES, Case
from corpbench.plan.engine import sequencings
from corpbench.plan.output import Evaluation
from corpbench.plan.report import waterfall
from corpbench.plan.risk import tornado_base
from corpbench.standard.labels import (
    function_label,
    plan_flow_label,
    plan_measure_label,
    plan_model_label,
    plan_parameter_label,
    plan_phase_label,
    plan_phasing_label,
    plan_share_key_label,
)
from corpbench.views.plan_scale import CaseScale

#: The kinds of a summary or input figure: how people read it (£, a year, a share 0 … 1, a
#: plain number, words).
MONEY, YEAR, SHARE, NUMBER, TEXT = "money", "year", "share", "number", "text"
#: A whole number read as a name (a seed): no thousands separator.
WHOLE = "whole"


@dataclass(frozen=True)
class PlanView:
    """A case's business case as tables (see the module docstring)."""

    #: The case's name, its consortium (a footprint or the partners) and its year, for titles.
    name: str
    consortium: str
    year: str | None
    model: str
    model_label: str
    horizon: int
    discount_rate: float
    npv: float
    payback_year: int | None
    discounted_payback_year: int | None
    roi: float | None
    run_rate_saving: float
    #: measure, label, value, kind: the headline figures and, when uncertain, the Monte Carlo's.
    summary: pl.DataFrame
    #: function, function_label, cost, transactional, operational, pay_share, simplify,
    #: standardise, share: the baseline and the option's rates per function.
    functions: pl.DataFrame
    #: phase, phase_label, start, ramp.
    phases: pl.DataFrame
    #: kind (one_off or recurring), kind_label, year, amount: the option's costs as written.
    costs: pl.DataFrame
    #: t, benefit, one_off, recurring, fee, net, cumulative, discounted_cumulative.
    years: pl.DataFrame
    #: t, step, step_label, amount, start, end: each year's waterfall.
    waterfall: pl.DataFrame
    #: phasing, phasing_label, simplify_start, standardise_start, share_start, npv,
    #: payback_year, discounted_payback_year.
    sequencings: pl.DataFrame
    #: parameter, parameter_label, low, mode, high, npv_low, npv_high (sorted as §4).
    tornado: pl.DataFrame
    #: The NPV the tornado swings around (every uncertain figure at its mode).
    tornado_base: float | None
    #: bin, bin_start, bin_end, count: the Monte Carlo's NPV histogram (empty when certain).
    histogram: pl.DataFrame
    #: measure, label, value: P10, P50 and P90 of the NPV (empty when certain).
    percentiles: pl.DataFrame
    #: option, option_label, score, rank, top, tied.
    options: pl.DataFrame
    #: principle, weight, stays_top_from, stays_top_to, discriminating.
    principles: pl.DataFrame
    #: option, option_label, principle, score: the case's scores of each option (its input).
    scored: pl.DataFrame
    #: The appraisal's top option (None without principles).
    top: str | None
    #: org_code, partner, baseline, volume, key, npv, one_off, redundancy_cost, exit_charge.
    partners: pl.DataFrame
    #: scenario (join or leave), org_code, partner_code, partner, charge_change.
    scenarios: pl.DataFrame
    #: figure, label, value, kind: the case's other inputs (settings, optimism bias, service
    #: cost), in words.
    inputs: pl.DataFrame
    #: The economies of scale of the case's functions and partners in its year
    #: (:func:`corpbench.views.plan_scale.scale_of_case`); None when not asked for or there are
    #: no figures for its year.
    scale: CaseScale | None = None


def _name(code: str, names: dict[str, str]) -> str:
    return names.get(code, code)


def _summary(ev: Evaluation) -> pl.DataFrame:
    rows: list[tuple[str, float | None, str]] = [
        ("npv", ev.scalar("npv"), MONEY),
        ("payback_year", ev.scalar("payback_year"), YEAR),
        ("discounted_payback_year", ev.scalar("discounted_payback_year"), YEAR),
        ("roi", ev.scalar("roi"), NUMBER),
        ("run_rate_saving", ev.scalar("run_rate_saving"), MONEY),
    ]
    mc = ev.monte_carlo
    if mc is not None:
        rows += [
            ("mc_mean", mc.mean, MONEY),
            ("mc_p10", mc.p10, MONEY),
            ("mc_p50", mc.p50, MONEY),
            ("mc_p90", mc.p90, MONEY),
            ("p_npv_positive", mc.p_npv_positive, SHARE),
            ("p_payback_within_3", mc.p_payback_within_3, SHARE),
            ("draws", float(mc.draws), NUMBER),
            ("seed", float(mc.seed), WHOLE),
        ]
    return pl.DataFrame(
        {
            "measure": [r[0] for r in rows],
            "label": [plan_measure_label(r[0]) for r in rows],
            "value": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
        },
        schema={"measure": pl.String, "label": pl.String, "value": pl.Float64, "kind": pl.String},
    )


def _functions(case: Case) -> pl.DataFrame:
    o = case.option
    return pl.DataFrame(
        {
            "function": [f.code for f in case.functions],
            "function_label": [function_label(f.code) for f in case.functions],
            "cost": [f.cost for f in case.functions],
            "transactional": [f.transactional for f in case.functions],
            "operational": [f.operational for f in case.functions],
            "pay_share": [f.pay_share for f in case.functions],
            "simplify": [o.simplify.get(f.code, 0.0) for f in case.functions],
            "standardise": [o.standardise.get(f.code, 0.0) for f in case.functions],
            "share": [o.share.get(f.code, 0.0) for f in case.functions],
        },
        schema_overrides={c: pl.Float64 for c in ("cost", "simplify", "standardise", "share")},
    )


def _phases(case: Case) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "phase": list(PHASES),
            "phase_label": [plan_phase_label(p) for p in PHASES],
            "start": [float(case.option.phases[p].start) for p in PHASES],
            "ramp": [float(case.option.phases[p].ramp) for p in PHASES],
        }
    )


def _costs(case: Case) -> pl.DataFrame:
    rows = [("one_off", c.year, c.amount) for c in case.option.one_off] + [
        ("recurring", c.from_year, c.amount) for c in case.option.recurring
    ]
    return pl.DataFrame(
        {
            "kind": [r[0] for r in rows],
            "kind_label": [
                "One-off" if r[0] == "one_off" else "Recurring a year from" for r in rows
            ],
            "year": [r[1] for r in rows],
            "amount": [float(r[2]) for r in rows],
        },
        schema={
            "kind": pl.String,
            "kind_label": pl.String,
            "year": pl.Int64,
            "amount": pl.Float64,
        },
    )


def _years(ev: Evaluation) -> pl.DataFrame:
    names = ("benefit", "one_off", "recurring", "fee", "net", "cumulative", "discounted_cumulative")
    return pl.DataFrame(
        {"t": list(range(ev.case.horizon + 1)), **{n: ev.year(n) for n in names}},
        schema={"t": pl.Int64, **{n: pl.Float64 for n in names}},
    )


def _waterfall(ev: Evaluation) -> pl.DataFrame:
    steps = waterfall(ev)
    return pl.DataFrame(
        {
            "t": [s.t for s in steps],
            "step": [s.step for s in steps],
            "step_label": [plan_flow_label(s.step) for s in steps],
            "amount": [s.amount for s in steps],
            "start": [s.start for s in steps],
            "end": [s.end for s in steps],
        },
        schema_overrides={"amount": pl.Float64, "start": pl.Float64, "end": pl.Float64},
    )


def _sequencings(case: Case) -> pl.DataFrame:
    seqs = sequencings(case)
    return pl.DataFrame(
        {
            "phasing": [s.sequencing for s in seqs],
            "phasing_label": [plan_phasing_label(s.sequencing) for s in seqs],
            **{f"{p}_start": [float(s.phases[p][0]) for s in seqs] for p in PHASES},
            "npv": [s.npv for s in seqs],
            "payback_year": [s.payback_year for s in seqs],
            "discounted_payback_year": [s.discounted_payback_year for s in seqs],
        },
        schema_overrides={"payback_year": pl.Int64, "discounted_payback_year": pl.Int64},
    )


def _tornado(ev: Evaluation) -> pl.DataFrame:
    u = ev.case.uncertain
    bars = ev.tornado
    return pl.DataFrame(
        {
            "parameter": [b.parameter for b in bars],
            "parameter_label": [plan_parameter_label(b.parameter) for b in bars],
            "low": [float(u[b.parameter].low) for b in bars],
            "mode": [float(u[b.parameter].mode) for b in bars],
            "high": [float(u[b.parameter].high) for b in bars],
            "npv_low": [b.npv_low for b in bars],
            "npv_high": [b.npv_high for b in bars],
        },
        schema={
            "parameter": pl.String,
            "parameter_label": pl.String,
            **{c: pl.Float64 for c in ("low", "mode", "high", "npv_low", "npv_high")},
        },
    )


def _histogram(ev: Evaluation) -> tuple[pl.DataFrame, pl.DataFrame]:
    mc = ev.monte_carlo
    edges = mc.bin_edges if mc is not None else ()
    counts = mc.counts if mc is not None else ()
    histogram = pl.DataFrame(
        {
            "bin": list(range(1, len(counts) + 1)),
            "bin_start": list(edges[:-1]),
            "bin_end": list(edges[1:]),
            "count": list(counts),
        },
        schema={
            "bin": pl.Int64,
            "bin_start": pl.Float64,
            "bin_end": pl.Float64,
            "count": pl.Int64,
        },
    )
    marks = [] if mc is None else [("mc_p10", mc.p10), ("mc_p50", mc.p50), ("mc_p90", mc.p90)]
    percentiles = pl.DataFrame(
        {
            "measure": [m for m, _ in marks],
            "label": [plan_measure_label(m).removesuffix(" NPV") for m, _ in marks],
            "value": [v for _, v in marks],
        },
        schema={"measure": pl.String, "label": pl.String, "value": pl.Float64},
    )
    return histogram, percentiles


def _appraisal(ev: Evaluation) -> tuple[pl.DataFrame, pl.DataFrame]:
    ap = ev.appraisal
    scores = ap.scores if ap is not None else {}
    ranks = ap.ranks if ap is not None else {}
    options = pl.DataFrame(
        {
            "option": list(scores),
            "option_label": [plan_model_label(o) for o in scores],
            "score": list(scores.values()),
            "rank": [ranks[o] for o in scores],
            "top": [ap is not None and o == ap.top for o in scores],
            "tied": [sum(1 for x in ranks.values() if x == ranks[o]) > 1 for o in scores],
        },
        schema={
            "option": pl.String,
            "option_label": pl.String,
            "score": pl.Float64,
            "rank": pl.Int64,
            "top": pl.Boolean,
            "tied": pl.Boolean,
        },
    )
    weights = ap.weights if ap is not None else {}
    intervals = ap.weight_intervals if ap is not None else {}
    flat = ap.not_discriminating if ap is not None else []
    principles = pl.DataFrame(
        {
            "principle": list(weights),
            "weight": list(weights.values()),
            "stays_top_from": [intervals[c][0] for c in weights],
            "stays_top_to": [intervals[c][1] for c in weights],
            "discriminating": [c not in flat for c in weights],
        },
        schema={
            "principle": pl.String,
            "weight": pl.Float64,
            "stays_top_from": pl.Float64,
            "stays_top_to": pl.Float64,
            "discriminating": pl.Boolean,
        },
    )
    return options, principles


def _scored(case: Case) -> pl.DataFrame:
    rows = [
        (o, c.name, float(case.options_scored[o][c.name]))
        for o in case.options_scored
        for c in case.principles
    ]
    return pl.DataFrame(
        {
            "option": [r[0] for r in rows],
            "option_label": [plan_model_label(r[0]) for r in rows],
            "principle": [r[1] for r in rows],
            "score": [r[2] for r in rows],
        },
        schema={
            "option": pl.String,
            "option_label": pl.String,
            "principle": pl.String,
            "score": pl.Float64,
        },
    )


def _gains(ev: Evaluation, names: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    gs = ev.gain_share
    shares = gs.partners if gs is not None else []
    exits = {x.org_code: x.exit_charge for x in gs.leave} if gs is not None else {}
    given = {p.org_code: p for p in ev.case.partners}
    partners = pl.DataFrame(
        {
            "org_code": [p.org_code for p in shares],
            "partner": [_name(p.org_code, names) for p in shares],
            "baseline": [float(given[p.org_code].baseline) for p in shares],
            "volume": [float(given[p.org_code].volume) for p in shares],
            "key": [p.key for p in shares],
            "npv": [p.npv for p in shares],
            "one_off": [p.one_off for p in shares],
            "redundancy_cost": [float(given[p.org_code].redundancy_cost) for p in shares],
            "exit_charge": [exits[p.org_code] for p in shares],
        },
        schema={
            "org_code": pl.String,
            "partner": pl.String,
            **{
                c: pl.Float64
                for c in (
                    "baseline",
                    "volume",
                    "key",
                    "npv",
                    "one_off",
                    "redundancy_cost",
                    "exit_charge",
                )
            },
        },
    )
    rows: list[tuple[str, str, str, float]] = []
    if gs is not None:
        for j in gs.join:
            rows += [("join", j.org_code, code, v) for code, v in j.charge_change.items()]
        for x in gs.leave:
            rows += [("leave", x.org_code, code, v) for code, v in x.charge_change.items()]
    scenarios = pl.DataFrame(
        {
            "scenario": [r[0] for r in rows],
            "scenario_label": [
                f"{_name(r[1], names)} {'joins' if r[0] == 'join' else 'leaves'}" for r in rows
            ],
            "org_code": [r[1] for r in rows],
            "partner_code": [r[2] for r in rows],
            "partner": [_name(r[2], names) for r in rows],
            "charge_change": [r[3] for r in rows],
        },
        schema={
            "scenario": pl.String,
            "scenario_label": pl.String,
            "org_code": pl.String,
            "partner_code": pl.String,
            "partner": pl.String,
            "charge_change": pl.Float64,
        },
    )
    return partners, scenarios


def _inputs(case: Case) -> pl.DataFrame:
    o, b = case.option, case.optimism_bias
    rows: list[tuple[str, str, str | float, str]] = [
        ("horizon", "Horizon (years after year 0)", float(case.horizon), NUMBER),
        ("discount_rate", "Discount rate", case.discount_rate, SHARE),
        ("option.model", "Delivery model", plan_model_label(o.model), TEXT),
        (
            "option.location_factor",
            plan_parameter_label("option.location_factor"),
            o.location_factor,
            NUMBER,
        ),
        (
            "option.management_fee",
            plan_parameter_label("option.management_fee"),
            o.management_fee,
            SHARE,
        ),
        ("optimism_bias.capex", plan_parameter_label("optimism_bias.capex"), b.capex, SHARE),
        ("optimism_bias.opex", plan_parameter_label("optimism_bias.opex"), b.opex, SHARE),
        (
            "optimism_bias.benefits",
            plan_parameter_label("optimism_bias.benefits"),
            b.benefits,
            SHARE,
        ),
        (
            "optimism_bias.delay_years",
            plan_parameter_label("optimism_bias.delay_years"),
            b.delay_years,
            NUMBER,
        ),
        ("share_key", "Share key", plan_share_key_label(case.share_key), TEXT),
        (
            "service_cost.fixed",
            "Shared service's fixed cost a year",
            case.service_cost.fixed,
            MONEY,
        ),
        (
            "service_cost.per_unit",
            "Shared service's cost per unit of volume",
            case.service_cost.per_unit,
            MONEY,
        ),
        ("notice_years", "Notice of a leaving partner (years)", case.notice_years, NUMBER),
        ("monte_carlo.draws", plan_measure_label("draws"), float(case.monte_carlo.draws), NUMBER),
        ("monte_carlo.seed", plan_measure_label("seed"), float(case.monte_carlo.seed), WHOLE),
    ]
    return pl.DataFrame(
        {
            "figure": [r[0] for r in rows],
            "label": [r[1] for r in rows],
            "value": [r[2] if isinstance(r[2], str) else None for r in rows],
            "number": [None if isinstance(r[2], str) else float(r[2]) for r in rows],
            "kind": [r[3] for r in rows],
        },
        schema={
            "figure": pl.String,
            "label": pl.String,
            "value": pl.String,
            "number": pl.Float64,
            "kind": pl.String,
        },
    )


def plan_view(
    ev: Evaluation,
    *,
    name: str,
    consortium: str = "",
    year: str | None = None,
    partner_names: dict[str, str] | None = None,
    scale: CaseScale | None = None,
) -> PlanView:
    """The view of the evaluated case ``ev``: ``name``, ``consortium`` and ``year`` are what
    the store (or the command line) knows of it; ``partner_names`` gives organisations' names
    by code (a partner without one shows its code); ``scale`` its economies of scale
    (:func:`corpbench.views.plan_scale.scale_of_case`, from the reader's figures)."""
    names = partner_names or {}
    case = ev.case
    histogram, percentiles = _histogram(ev)
    options, principles = _appraisal(ev)
    partners, scenarios = _gains(ev, names)
    payback, discounted = ev.whole("payback_year"), ev.whole("discounted_payback_year")
    return PlanView(
        name=name,
        consortium=consortium,
        year=year,
        model=case.option.model,
        model_label=plan_model_label(case.option.model),
        horizon=case.horizon,
        discount_rate=case.discount_rate,
        npv=float(ev.flows.npv[0]),
        payback_year=payback,
        discounted_payback_year=discounted,
        roi=ev.scalar("roi"),
        run_rate_saving=float(ev.flows.run_rate_saving[0]),
        summary=_summary(ev),
        functions=_functions(case),
        phases=_phases(case),
        costs=_costs(case),
        years=_years(ev),
        waterfall=_waterfall(ev),
        sequencings=_sequencings(case),
        tornado=_tornado(ev),
        tornado_base=tornado_base(case),
        histogram=histogram,
        percentiles=percentiles,
        options=options,
        principles=principles,
        scored=_scored(case),
        top=None if ev.appraisal is None else ev.appraisal.top,
        partners=partners,
        scenarios=scenarios,
        inputs=_inputs(case),
        scale=scale,
    )
