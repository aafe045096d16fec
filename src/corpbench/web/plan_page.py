"""The business case for people (the workbench's case and compare pages): the
figures of :class:`corpbench.plan.Evaluation` and :func:`corpbench.plan.engine.sequencings` as
tables with labels, not codes; nothing computed here (docs/planning.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corpbench.charts import to_spec
from corpbench.charts.plan import CHART_TABLES
from corpbench.charts.plan import plan_charts as case_charts
from corpbench.charts.render import chart_title
from corpbench.plan import Evaluation, machine_output
from corpbench.plan.engine import sequencings
from corpbench.standard.labels import (
    function_label,
    plan_model_label,
    plan_parameter_label,
    plan_phasing_label,
)
from corpbench.views.plan import PlanView as ReportView
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed

#: The headline figures of a case, in order: (key of §8's object, label, kind) — the kind says
#: how a page writes it: money, a year, a ratio.
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("npv", "Net present value", "money"),
    ("payback_year", "Payback", "year"),
    ("discounted_payback_year", "Discounted payback", "year"),
    ("roi", "Return on investment", "ratio"),
    ("run_rate_saving", "Run-rate saving a year", "money"),
)


@dataclass(frozen=True)
class Figure:
    """One figure for people: its label, value and kind (``money``, ``year``, ``ratio``,
    ``pct``, ``number``, ``text``)."""

    label: str
    value: Any
    kind: str


@dataclass(frozen=True)
class PlanView:
    """Every table of a case's page."""

    model: str
    functions: list[str]
    horizon: int
    discount_rate: float
    headline: list[Figure]
    years: list[dict[str, Any]]
    sequencing: list[dict[str, Any]]
    tornado: list[dict[str, Any]]
    monte_carlo: list[Figure] | None
    options: list[dict[str, Any]] | None
    top: str | None
    principles: list[dict[str, Any]] | None
    partners: list[dict[str, Any]] | None
    joins: list[dict[str, Any]] | None
    leaves: list[dict[str, Any]] | None


def _name(names: Mapping[str, str], code: str) -> str:
    return f"{names[code]} ({code})" if code in names else code


def plan_view(ev: Evaluation, names: Mapping[str, str] | None = None) -> PlanView:
    """The case page's tables of ``ev``; ``names`` the organisations' names by code (a code not
    in it is shown as it is)."""
    names = names or {}
    out = machine_output(ev)
    case = ev.case
    headline = [Figure(label, out[key], kind) for key, label, kind in HEADLINE]
    sequencing = [
        {
            "label": plan_phasing_label(s.sequencing),
            "npv": s.npv,
            "payback_year": s.payback_year,
            "discounted_payback_year": s.discounted_payback_year,
        }
        for s in sequencings(case)
    ]
    tornado = [
        {"label": plan_parameter_label(b.parameter), "npv_low": b.npv_low, "npv_high": b.npv_high}
        for b in ev.tornado
    ]
    mc = ev.monte_carlo
    monte_carlo = (
        None
        if mc is None
        else [
            Figure("Draws", mc.draws, "number"),
            Figure("Seed", mc.seed, "number"),
            Figure("Mean NPV", mc.mean, "money"),
            Figure("NPV, 10th percentile", mc.p10, "money"),
            Figure("NPV, median", mc.p50, "money"),
            Figure("NPV, 90th percentile", mc.p90, "money"),
            Figure("Chance the NPV is positive", 100 * mc.p_npv_positive, "pct"),
            Figure("Chance of payback within 3 years", 100 * mc.p_payback_within_3, "pct"),
        ]
    )
    ap = ev.appraisal
    options = principles = None
    top = None
    if ap is not None:
        top = plan_model_label(ap.top)
        options = [
            {
                "label": plan_model_label(o),
                "score": score,
                "rank": ap.ranks[o],
                "top": o == ap.top,
            }
            for o, score in ap.scores.items()
        ]
        principles = [
            {
                "name": c,
                "weight": ap.weights[c],
                "low": lo,
                "high": hi,
                "discriminates": c not in ap.not_discriminating,
            }
            for c, (lo, hi) in ap.weight_intervals.items()
        ]
    gs = ev.gain_share
    partners = joins = leaves = None
    if gs is not None:
        exits = {x.org_code: x.exit_charge for x in gs.leave}
        partners = [
            {
                "name": _name(names, p.org_code),
                "key": p.key,
                "npv": p.npv,
                "one_off": p.one_off,
                "exit_charge": exits.get(p.org_code),
            }
            for p in gs.partners
        ]
        joins = [
            {"who": _name(names, j.org_code), "partner": _name(names, code), "change": change}
            for j in gs.join
            for code, change in j.charge_change.items()
        ]
        leaves = [
            {"who": _name(names, x.org_code), "partner": _name(names, code), "change": change}
            for x in gs.leave
            for code, change in x.charge_change.items()
        ]
    return PlanView(
        model=plan_model_label(case.option.model),
        functions=[function_label(f.code) for f in case.functions],
        horizon=case.horizon,
        discount_rate=case.discount_rate,
        headline=headline,
        years=out["years"],
        sequencing=sequencing,
        tornado=tornado,
        monte_carlo=monte_carlo,
        options=options,
        top=top,
        principles=principles,
        partners=partners,
        joins=joins,
        leaves=leaves,
    )


def plan_charts(report: ReportView) -> list[EmbeddedChart]:
    """The charts of a case's page (cash-flow waterfall, cumulative net with payback marked,
    tornado, Monte Carlo histogram, option scores, partner shares: ``corpbench.charts.plan``),
    each with its data table: the table of the case's report view the chart draws
    (``CHART_TABLES``), its code columns replaced by their words."""
    return [
        embed(f"plan-{name}", chart, _table(chart_title(to_spec(chart)) or name, report, name))
        for name, chart in case_charts(report)
    ]


def _table(caption: str, report: ReportView, chart: str) -> TableAlternative:
    table = getattr(report, CHART_TABLES[chart])
    labelled = {c.removesuffix("_label") for c in table.columns if c.endswith("_label")}
    columns = [c for c in table.columns if c not in labelled]
    rows = [[_cell(row[c]) for c in columns] for row in table.select(columns).iter_rows(named=True)]
    return TableAlternative(caption, [_words(c) for c in columns], rows)


def _words(column: str) -> str:
    text = column.removesuffix("_label").replace("_", " ")
    return text[:1].upper() + text[1:]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class CompareRow:
    """A figure of the compare table: its label, kind and one value per case."""

    label: str
    kind: str
    values: list[Any]


def compare_rows(evaluations: Sequence[Evaluation]) -> list[CompareRow]:
    """The compare page's rows: each case's delivery model, horizon and rate, headline figures,
    Monte Carlo summary (where it has one) and top option (where it appraises options)."""
    outs = [machine_output(ev) for ev in evaluations]
    rows = [
        CompareRow(
            "Delivery model", "text", [plan_model_label(ev.case.option.model) for ev in evaluations]
        ),
        CompareRow(
            "Functions",
            "text",
            [", ".join(function_label(f.code) for f in ev.case.functions) for ev in evaluations],
        ),
        CompareRow("Years", "number", [ev.case.horizon for ev in evaluations]),
        CompareRow("Discount rate", "pct", [100 * ev.case.discount_rate for ev in evaluations]),
    ]
    rows += [CompareRow(label, kind, [o[key] for o in outs]) for key, label, kind in HEADLINE]
    seqs = [sequencings(ev.case) for ev in evaluations]
    for i, code in enumerate(("in_sequence", "share_first")):
        label = plan_phasing_label(code)
        rows.append(CompareRow(f"NPV, {label}", "money", [s[i + 1].npv for s in seqs]))
    rows.append(
        CompareRow(
            "Monte Carlo: chance the NPV is positive",
            "pct",
            [
                None if ev.monte_carlo is None else 100 * ev.monte_carlo.p_npv_positive
                for ev in evaluations
            ],
        )
    )
    rows.append(
        CompareRow(
            "Top option of the appraisal",
            "text",
            [
                None if ev.appraisal is None else plan_model_label(ev.appraisal.top)
                for ev in evaluations
            ],
        )
    )
    return rows
