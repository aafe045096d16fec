"""A case's board-ready business case as an A4 PDF (issue 12, item 9), from HTML by WeasyPrint.

The HTML comes from the Jinja2 template ``templates/plan_case.html``: a title (the case's name, its
consortium and year), an executive summary (NPV, payback, discounted payback, return on investment,
run-rate saving and, when the case has uncertain figures, the chance of a positive NPV and its P10
to P90), the baseline, the option and its phases, the yearly cash flows with the waterfall and
cumulative net charts, both sequencings, the tornado and Monte Carlo, the option appraisal, the gain
share with joining and leaving, the economies of scale (when the view has them), the optimism bias
and other assumptions and a methods note; every page numbered. Every figure is the view's
(:class:`corpbench.views.plan.PlanView`), rounded for people by :mod:`corpbench.formatting`; charts
are vector SVG drawn offline (:mod:`corpbench.charts.plan`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from corpbench.charts.plan import money, plan_charts
from corpbench.documents.pdf import Figure, chart_figure, html_pdf, render_html
from corpbench.formatting import format_number, format_pct
from corpbench.plan.case import GREEN_BOOK_RATE
from corpbench.views.plan import MONEY, NUMBER, SHARE, WHOLE, YEAR, PlanView

TEMPLATE = "plan_case.html"

#: The charts of each part of the PDF, by their names in :func:`corpbench.charts.plan.plan_charts`.
_PARTS: dict[str, tuple[str, ...]] = {
    "cash": ("waterfall", "cumulative"),
    "risk": ("tornado", "monte_carlo"),
    "appraisal": ("options",),
    "gains": ("partners",),
}


def share(v: float | None) -> str:
    """A share 0 … 1 as a percentage to one decimal place (0.355 -> 35.5%)."""
    return "" if v is None else format_pct(100 * v, 1)


def year_words(t: float | int | None) -> str:
    return "not within the horizon" if t is None else f"year {int(t)}"


def figure_words(value: float | None, kind: str) -> str:
    """A summary or input figure for people by its kind (:mod:`corpbench.views.plan`)."""
    if kind == MONEY:
        return money(value)
    if kind == YEAR:
        return year_words(value)
    if kind == SHARE:
        return share(value)
    if value is None:
        return "none"
    if kind == WHOLE:
        return str(int(value))
    if kind == NUMBER and float(value).is_integer():
        return format_number(int(value))
    return format_number(value, 2)


def _summary_rows(view: PlanView) -> list[dict[str, str]]:
    rows = []
    for r in view.summary.iter_rows(named=True):
        if r["measure"] in ("draws", "seed", "mc_p50"):
            continue
        if r["measure"] == "roi" and r["value"] is None:
            value = "no one-off costs"
        else:
            value = figure_words(r["value"], r["kind"])
        rows.append({"label": r["label"], "value": value})
    return rows


def _summary_sentence(view: PlanView) -> str:
    verdict = (
        f"pays back in {year_words(view.payback_year)}"
        if view.payback_year is not None
        else f"does not pay back within its {view.horizon} years"
    )
    figures = {r["measure"]: r["value"] for r in view.summary.iter_rows(named=True)}
    risk = ""
    if "mc_p10" in figures:
        risk = (
            f" Over {format_number(int(figures['draws']))} draws of its uncertain figures the NPV "
            f"is positive in {share(figures['p_npv_positive'])} of cases, between "
            f"{money(figures['mc_p10'])} (P10) and {money(figures['mc_p90'])} (P90)."
        )
    return (
        f"The {view.model_label.lower()} has a net present value of {money(view.npv)} and "
        f"{verdict}, saving {money(view.run_rate_saving)} a year once complete.{risk}"
    )


def _charts(view: PlanView) -> dict[str, list[Figure]]:
    drawn = dict(plan_charts(view))
    return {
        part: [chart_figure(drawn[name]) for name in names if name in drawn]
        for part, names in _PARTS.items()
    }


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "needs 3 organisations"
    return f"{format_number(low, 2)} to {format_number(high, 2)}"


def _scale_rows(view: PlanView) -> list[dict[str, str]]:
    """The economies of scale of the case's functions (its view's ``scale``) in words; a
    function without a fit says so."""
    if view.scale is None:
        return []
    rows = []
    for r in view.scale.table.iter_rows(named=True):
        if r["beta"] is None:
            blank = dict.fromkeys(("interval", "r_squared", "n", "saving"), "")
            rows.append({"label": r["function_label"], "beta": "no fit", **blank})
            continue
        rows.append(
            {
                "label": r["function_label"],
                "beta": format_number(r["beta"], 2),
                "interval": _interval(r["beta_low"], r["beta_high"]),
                "r_squared": "" if r["r_squared"] is None else format_number(r["r_squared"], 2),
                "n": format_number(r["n"]),
                "saving": money(r["scale_saving"]),
            }
        )
    return rows


def plan_context(view: PlanView, produced: dt.date) -> dict[str, Any]:
    """The template's context: the view's tables as rows of words."""
    tornado = view.tornado.iter_rows(named=True)
    return {
        "view": view,
        "title": f"{view.name} — shared-service business case",
        "subtitle": f"{view.model_label}, {view.consortium}".strip(", "),
        "footer": " · ".join(x for x in (view.name, view.consortium, view.year or "") if x).replace(
            '"', "'"
        ),
        "produced": produced.isoformat(),
        "rate": share(view.discount_rate),
        "green_book": view.discount_rate == GREEN_BOOK_RATE,
        "summary_rows": _summary_rows(view),
        "summary_sentence": _summary_sentence(view),
        "function_rows": [
            {
                "label": r["function_label"],
                "cost": money(r["cost"]),
                "transactional": share(r["transactional"]),
                "operational": share(r["operational"]),
                "pay_share": share(r["pay_share"]),
                "simplify": share(r["simplify"]),
                "standardise": share(r["standardise"]),
                "share": share(r["share"]),
            }
            for r in view.functions.iter_rows(named=True)
        ],
        "phase_rows": [
            {
                "label": r["phase_label"],
                "start": format_number(r["start"], 1).removesuffix(".0"),
                "ramp": format_number(r["ramp"], 1).removesuffix(".0"),
            }
            for r in view.phases.iter_rows(named=True)
        ],
        "cost_rows": [
            {"label": r["kind_label"], "year": r["year"], "amount": money(r["amount"])}
            for r in view.costs.iter_rows(named=True)
        ],
        "year_rows": [
            {"t": r["t"], **{k: money(v) for k, v in r.items() if k != "t"}}
            for r in view.years.iter_rows(named=True)
        ],
        "sequencing_rows": [
            {
                "label": r["phasing_label"],
                "simplify": format_number(r["simplify_start"], 1).removesuffix(".0"),
                "standardise": format_number(r["standardise_start"], 1).removesuffix(".0"),
                "share": format_number(r["share_start"], 1).removesuffix(".0"),
                "npv": money(r["npv"]),
                "payback": year_words(r["payback_year"]),
                "discounted_payback": year_words(r["discounted_payback_year"]),
            }
            for r in view.sequencings.iter_rows(named=True)
        ],
        "tornado_base": money(view.tornado_base),
        "tornado_rows": [
            {
                "label": r["parameter_label"],
                "low": format_number(r["low"], 4).rstrip("0").rstrip("."),
                "mode": format_number(r["mode"], 4).rstrip("0").rstrip("."),
                "high": format_number(r["high"], 4).rstrip("0").rstrip("."),
                "npv_low": money(r["npv_low"]),
                "npv_high": money(r["npv_high"]),
            }
            for r in tornado
        ],
        "monte_carlo_rows": [
            {"label": r["label"], "value": figure_words(r["value"], r["kind"])}
            for r in view.summary.iter_rows(named=True)
            if r["measure"].startswith(("mc_", "p_", "draws", "seed"))
        ],
        "option_rows": [
            {
                "label": r["option_label"],
                "score": format_number(r["score"], 2),
                "rank": f"{r['rank']}{' (tied)' if r['tied'] else ''}",
                "top": r["top"],
            }
            for r in view.options.iter_rows(named=True)
        ],
        "top_label": next(
            (r["option_label"] for r in view.options.iter_rows(named=True) if r["top"]), ""
        ),
        "principle_rows": [
            {
                "name": r["principle"],
                "weight": share(r["weight"]),
                "low": share(r["stays_top_from"]),
                "high": share(r["stays_top_to"]),
                "discriminating": "yes"
                if r["discriminating"]
                else "no: every option scores the same",
            }
            for r in view.principles.iter_rows(named=True)
        ],
        "share_key": next(
            (r["value"] for r in view.inputs.iter_rows(named=True) if r["figure"] == "share_key"),
            "",
        ),
        "partner_rows": [
            {
                "partner": r["partner"],
                "key": share(r["key"]),
                "npv": money(r["npv"]),
                "one_off": money(r["one_off"]),
                "redundancy": money(r["redundancy_cost"]),
                "exit": money(r["exit_charge"]),
            }
            for r in view.partners.iter_rows(named=True)
        ],
        "scenario_rows": [
            {
                "scenario": r["scenario_label"],
                "partner": r["partner"],
                "change": money(r["charge_change"]),
            }
            for r in view.scenarios.iter_rows(named=True)
        ],
        "input_rows": [
            {
                "label": r["label"],
                "value": r["value"]
                if r["value"] is not None
                else figure_words(r["number"], r["kind"]),
            }
            for r in view.inputs.iter_rows(named=True)
        ],
        "scale_rows": _scale_rows(view),
        "charts": _charts(view),
    }


def plan_html(view: PlanView, *, produced: dt.date | None = None) -> str:
    """The HTML the PDF is made from (see :func:`plan_pdf`)."""
    produced = produced or dt.datetime.now(dt.UTC).date()
    return render_html(TEMPLATE, plan_context(view, produced))


def plan_pdf(view: PlanView, *, produced: dt.date | None = None) -> bytes:
    """The case's business case as an A4 PDF for a board: the bytes of the file. ``produced``
    defaults to today (UTC)."""
    return html_pdf(plan_html(view, produced=produced))
