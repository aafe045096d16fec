"""Charts of a case's business case, one function per chart, each over the tables of
:class:`corpbench.views.plan.PlanView` (which are also each chart's data-table alternative):
the cash-flow waterfall, the cumulative net with the paybacks marked, the tornado, the Monte
Carlo histogram of NPV, the option scores and the partners' shares.

Every chart has a title and a ``description`` in words with its key figures; money is £ (axes
in £k or £m, tooltips to the pound).
"""

from __future__ import annotations

from typing import Any

import altair as alt

from corpbench.charts.organisation import configure_chart, inline_data
from corpbench.charts.style import (
    CATEGORY_COLOURS,
    HEIGHT,
    IQM_COLOUR,
    MEDIAN_COLOUR,
    MONEY_LABEL,
    PEER_COLOUR,
    SELF_COLOUR,
    WIDTH,
)
from corpbench.formatting import format_money
from corpbench.views.plan import PlanView

#: Colours of the waterfall's steps: the benefit green, the costs red, orange and purple, the
#: net blue.
STEP_COLOURS: dict[str, str] = {
    "benefit": CATEGORY_COLOURS[2],
    "one_off": CATEGORY_COLOURS[1],
    "recurring": CATEGORY_COLOURS[4],
    "fee": CATEGORY_COLOURS[3],
    "net": CATEGORY_COLOURS[0],
}


def money(v: float | None) -> str:
    """£ to the pound for a chart's words (−£1,234 for a negative amount)."""
    if v is None:
        return "undefined"
    return f"−£{format_money(-v)}" if v < 0 else f"£{format_money(v)}"


def _year_words(t: int | None) -> str:
    return "not within the horizon" if t is None else f"year {t}"


def _money_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=MONEY_LABEL)


def cash_flow_waterfall_chart(view: PlanView) -> alt.LayerChart:
    """Each year's waterfall (:attr:`PlanView.waterfall`): the benefit up from 0, then the
    one-off costs, recurring costs and management fee down from where the step before ended,
    and the net from 0, side by side in the year."""
    steps = list(STEP_COLOURS)
    labels = list(dict.fromkeys(view.waterfall["step_label"].to_list())) or [
        s.replace("_", " ") for s in steps
    ]
    values: list[dict[str, Any]] = [
        {
            "year": r["t"],
            "step": r["step_label"],
            "amount": r["amount"],
            "start": r["start"],
            "end": r["end"],
        }
        for r in view.waterfall.iter_rows(named=True)
    ]
    bars = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O", title="Year (0 = the first investment year)", axis=alt.Axis(labelAngle=0)
            ),
            xOffset=alt.XOffset("step:N", sort=labels),
            y=alt.Y("start:Q", axis=_money_axis("£ a year")),
            y2="end:Q",
            color=alt.Color(
                "step:N",
                sort=labels,
                scale=alt.Scale(domain=labels, range=[STEP_COLOURS[s] for s in steps]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="year"),
                alt.Tooltip("step:N", title="flow"),
                alt.Tooltip("amount:Q", format=",.0f", title="£"),
            ],
        )
    )
    zero = alt.Chart(inline_data([{"zero": 0}])).mark_rule(color=IQM_COLOUR, aria=False)
    years = view.years
    words = "; ".join(f"year {r['t']}: net {money(r['net'])}" for r in years.iter_rows(named=True))
    layered = alt.LayerChart(layer=[bars, zero.encode(y="zero:Q")])
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(
            "Cash flows by year",
            subtitle="Benefit, then one-off costs, recurring costs and fee, leave the net",
            anchor="start",
        ),
        description=f"Waterfall chart of the case's cash flows over {view.horizon + 1} years: "
        f"each year the benefit rises from zero, the costs fall from it, and the net is drawn "
        f"beside them. {words}.",
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)


def cumulative_chart(view: PlanView) -> alt.LayerChart:
    """The cumulative net and the discounted cumulative net by year (:attr:`PlanView.years`),
    with a rule at the payback year and a dashed one at the discounted payback year."""
    series = [
        ("cumulative", "Cumulative net"),
        ("discounted_cumulative", "Discounted cumulative net"),
    ]
    names = [s[1] for s in series]
    values: list[dict[str, Any]] = [
        {"year": r["t"], "series": label, "value": r[column]}
        for r in view.years.iter_rows(named=True)
        for column, label in series
    ]
    lines = (
        alt.Chart(inline_data(values))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year (0 = the first investment year)",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y("value:Q", axis=_money_axis("£ to date")),
            color=alt.Color(
                "series:N",
                sort=names,
                scale=alt.Scale(domain=names, range=[SELF_COLOUR, PEER_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=names,
                scale=alt.Scale(domain=names, range=[[1, 0], [6, 3]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("year:Q", title="year"),
                alt.Tooltip("series:N", title="figure"),
                alt.Tooltip("value:Q", format=",.0f", title="£"),
            ],
        )
    )
    marks = [
        {"year": t, "mark": name, "offset": offset}
        for t, name, offset in (
            (view.payback_year, "Payback", 0),
            (view.discounted_payback_year, "Discounted payback", 14),
        )
        if t is not None
    ]
    layers: list[Any] = [
        lines,
        alt.Chart(inline_data([{"zero": 0}]))
        .mark_rule(color=IQM_COLOUR, aria=False)
        .encode(y="zero:Q"),
    ]
    if marks:
        rules = alt.Chart(inline_data(marks))
        layers.append(
            rules.mark_rule(color=MEDIAN_COLOUR, strokeWidth=2).encode(
                x=alt.X("year:Q"),
                strokeDash=alt.StrokeDash(
                    "mark:N",
                    scale=alt.Scale(
                        domain=["Payback", "Discounted payback"], range=[[1, 0], [6, 3]]
                    ),
                    legend=None,
                ),
                tooltip=[alt.Tooltip("mark:N", title="marks"), alt.Tooltip("year:Q", title="year")],
            )
        )
        layers.append(
            rules.mark_text(
                align="left",
                baseline="top",
                dx=4,
                dy=2,
                color=MEDIAN_COLOUR,
                fontSize=11,
                aria=False,
            ).encode(x=alt.X("year:Q"), y=alt.Y("offset:Q", scale=None), text="mark:N")
        )
    last = view.years.row(-1, named=True) if view.years.height else None
    description = (
        f"Line chart of the cumulative net and the discounted cumulative net by year. "
        f"Payback {_year_words(view.payback_year)}, discounted payback "
        f"{_year_words(view.discounted_payback_year)}."
        + (
            f" By year {last['t']}: cumulative {money(last['cumulative'])}, discounted "
            f"{money(last['discounted_cumulative'])} (the NPV)."
            if last
            else ""
        )
    )
    layered = alt.layer(*layers).resolve_scale(color="independent", strokeDash="independent")
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams("Cumulative net and payback", anchor="start"),
        description=description,
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)


def tornado_chart(view: PlanView) -> alt.LayerChart:
    """A bar per uncertain figure from its NPV at ``low`` to its NPV at ``high``
    (:attr:`PlanView.tornado`, sorted as §4: the largest swing at the top), around a rule at the
    base NPV (every uncertain figure at its mode)."""
    rows = list(view.tornado.iter_rows(named=True))
    order = [r["parameter_label"] for r in rows]
    values: list[dict[str, Any]] = []
    for i, r in enumerate(rows):
        for end, npv in (("low", r["npv_low"]), ("high", r["npv_high"])):
            values.append(
                {
                    "figure": r["parameter_label"],
                    "order": i,
                    "end": f"At its {end} ({r[end]:,.6g})",
                    "which": "Low value" if end == "low" else "High value",
                    "npv": npv,
                    "base": view.tornado_base,
                }
            )
    y = alt.Y("figure:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("base:Q", axis=_money_axis("Net present value"), scale=alt.Scale(zero=False)),
            x2="npv:Q",
            color=alt.Color(
                "which:N",
                scale=alt.Scale(
                    domain=["Low value", "High value"], range=[CATEGORY_COLOURS[1], SELF_COLOUR]
                ),
                legend=alt.Legend(title="Uncertain figure at its", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("figure:N"),
                alt.Tooltip("end:N", title="value"),
                alt.Tooltip("npv:Q", format=",.0f", title="NPV (£)"),
            ],
        )
    )
    base = (
        alt.Chart(inline_data([{"base": view.tornado_base, "label": "Base NPV"}]))
        .mark_rule(color=IQM_COLOUR, strokeWidth=2)
        .encode(
            x="base:Q",
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("base:Q", format=",.0f", title="£")],
        )
    )
    words = "; ".join(
        f"{r['parameter_label']}: {money(r['npv_low'])} at its low, "
        f"{money(r['npv_high'])} at its high"
        for r in rows
    )
    layered = alt.LayerChart(layer=[bars, base])
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(
            "Tornado: what moves the NPV most",
            subtitle="Each uncertain figure at its low and high, the others at their modes",
            anchor="start",
        ),
        description=f"Tornado chart of the net present value around the base of "
        f"{money(view.tornado_base)}, largest swing first. {words}.",
        width=WIDTH,
        height=max(60, 36 * len(rows)),
    )
    return configure_chart(chart)


def monte_carlo_chart(view: PlanView) -> alt.LayerChart:
    """The Monte Carlo's histogram of NPV (:attr:`PlanView.histogram`, the library's 20 bins)
    with rules at P10, P50 and P90 (:attr:`PlanView.percentiles`)."""
    values = [
        {"start": r["bin_start"], "end": r["bin_end"], "count": r["count"]}
        for r in view.histogram.iter_rows(named=True)
    ]
    bars = (
        alt.Chart(inline_data(values))
        .mark_bar(color=SELF_COLOUR, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:Q", axis=_money_axis("Net present value"), scale=alt.Scale(zero=False)),
            x2="end:Q",
            y=alt.Y("count:Q", title="Draws"),
            y2=alt.datum(0),
            tooltip=[
                alt.Tooltip("start:Q", format=",.0f", title="from £"),
                alt.Tooltip("end:Q", format=",.0f", title="to £"),
                alt.Tooltip("count:Q", title="draws"),
            ],
        )
    )
    marks = [
        {"label": r["label"], "value": r["value"]} for r in view.percentiles.iter_rows(named=True)
    ]
    labels = [m["label"] for m in marks]
    rules = alt.Chart(inline_data(marks))
    rule = rules.mark_rule(strokeWidth=2).encode(
        x="value:Q",
        color=alt.Color(
            "label:N",
            sort=labels,
            scale=alt.Scale(domain=labels, range=[IQM_COLOUR, MEDIAN_COLOUR, IQM_COLOUR])
            if labels
            else alt.Undefined,
            legend=alt.Legend(title=None, orient="top"),
        ),
        strokeDash=alt.StrokeDash(
            "label:N",
            sort=labels,
            scale=alt.Scale(domain=labels, range=[[6, 3], [1, 0], [6, 3]])
            if labels
            else alt.Undefined,
            legend=None,
        ),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("value:Q", format=",.0f", title="NPV (£)")],
    )
    text = rules.mark_text(
        align="left", baseline="top", dx=3, dy=2, fontSize=11, color=IQM_COLOUR, aria=False
    ).encode(x="value:Q", y=alt.value(0), text="label:N")
    draws = sum(r["count"] for r in values)
    summary = {r["measure"]: r["value"] for r in view.summary.iter_rows(named=True)}
    p_positive = summary.get("p_npv_positive")
    words = ", ".join(f"{m['label']} {money(m['value'])}" for m in marks)
    chance = (
        "" if p_positive is None else f" The NPV is positive in {100 * p_positive:.1f}% of draws."
    )
    layered = alt.layer(bars, rule, text).resolve_scale(color="independent")
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams("Monte Carlo: the spread of the NPV", anchor="start"),
        description=f"Histogram of the net present value over {draws:,} draws of the uncertain "
        f"figures, in {len(values)} bins; {words}.{chance}",
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)


def option_scores_chart(view: PlanView) -> alt.LayerChart:
    """A bar per option of its weighted score (:attr:`PlanView.options`): the top option in
    blue (options tied at rank 1 in blue too), the others grey, each labelled with its rank."""
    rows = list(view.options.iter_rows(named=True))
    order = [r["option_label"] for r in rows]
    values = [
        {
            "option": r["option_label"],
            "score": r["score"],
            "rank": r["rank"],
            "group": "Ranked first" if r["rank"] == 1 else "Other options",
            "note": f"rank {r['rank']}" + (" (tied)" if r["tied"] else ""),
        }
        for r in rows
    ]
    base = alt.Chart(inline_data(values))
    bars = base.mark_bar().encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("score:Q", title="Weighted score (0 to 10)", scale=alt.Scale(domain=[0, 10])),
        color=alt.Color(
            "group:N",
            scale=alt.Scale(
                domain=["Ranked first", "Other options"], range=[SELF_COLOUR, PEER_COLOUR]
            ),
            legend=alt.Legend(title=None, orient="top"),
        ),
        tooltip=[
            alt.Tooltip("option:N"),
            alt.Tooltip("score:Q", format=".2f"),
            alt.Tooltip("note:N", title="rank"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=IQM_COLOUR, aria=False).encode(
        y=alt.Y("option:N", sort=order), x="score:Q", text="note:N"
    )
    top = next((r["option_label"] for r in rows if r["top"]), None)
    tied = [r["option_label"] for r in rows if r["rank"] == 1 and r["tied"]]
    words = "; ".join(f"{r['option_label']} {r['score']:.2f} (rank {r['rank']})" for r in rows)
    tie_words = f" {', '.join(tied)} tie at rank 1." if tied else ""
    chart: alt.LayerChart = alt.LayerChart(layer=[bars, labels]).properties(
        title=alt.TitleParams("Option appraisal: weighted scores", anchor="start"),
        description=f"Bar chart of each option's weighted score against the design principles. "
        f"Top: {top}.{tie_words} {words}.",
        width=WIDTH,
        height=max(60, 32 * len(rows)),
    )
    return configure_chart(chart)


def partner_shares_chart(view: PlanView) -> alt.LayerChart:
    """A bar per partner of its share of the NPV (:attr:`PlanView.partners`), labelled with its
    key."""
    rows = list(view.partners.iter_rows(named=True))
    order = [r["partner"] for r in rows]
    values = [
        {
            "partner": r["partner"],
            "npv": r["npv"],
            "key": r["key"],
            "note": f"key {100 * r['key']:.1f}%",
        }
        for r in rows
    ]
    base = alt.Chart(inline_data(values))
    colours = [CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(len(order))]
    bars = base.mark_bar().encode(
        y=alt.Y("partner:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("npv:Q", axis=_money_axis("Share of the net present value")),
        color=alt.Color(
            "partner:N",
            sort=order,
            scale=alt.Scale(domain=order, range=colours) if order else alt.Undefined,
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("partner:N"),
            alt.Tooltip("key:Q", format=".1%", title="share key"),
            alt.Tooltip("npv:Q", format=",.0f", title="NPV share (£)"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=IQM_COLOUR, aria=False).encode(
        y=alt.Y("partner:N", sort=order), x="npv:Q", text="note:N"
    )
    words = "; ".join(f"{r['partner']}: key {100 * r['key']:.1f}%, {money(r['npv'])}" for r in rows)
    chart: alt.LayerChart = alt.LayerChart(layer=[bars, labels]).properties(
        title=alt.TitleParams("Partners' shares of the NPV", anchor="start"),
        description=f"Bar chart of each partner's share of the net present value by its share "
        f"key. {words}.",
        width=WIDTH,
        height=max(60, 32 * len(rows)),
    )
    return configure_chart(chart)


#: The :class:`PlanView` table that is each chart's data-table alternative, by chart name.
CHART_TABLES: dict[str, str] = {
    "waterfall": "years",
    "cumulative": "years",
    "tornado": "tornado",
    "monte_carlo": "histogram",
    "options": "options",
    "partners": "partners",
}


def plan_charts(view: PlanView) -> list[tuple[str, Any]]:
    """The case's charts that have something to draw, by name (``waterfall``, ``cumulative``,
    ``tornado``, ``monte_carlo``, ``options``, ``partners``), in the order of its report."""
    charts: list[tuple[str, Any]] = [
        ("waterfall", cash_flow_waterfall_chart(view)),
        ("cumulative", cumulative_chart(view)),
    ]
    if not view.tornado.is_empty():
        charts.append(("tornado", tornado_chart(view)))
    if not view.histogram.is_empty():
        charts.append(("monte_carlo", monte_carlo_chart(view)))
    if not view.options.is_empty():
        charts.append(("options", option_scores_chart(view)))
    if not view.partners.is_empty():
        charts.append(("partners", partner_shares_chart(view)))
    return charts


__all__ = [
    "CHART_TABLES",
    "cash_flow_waterfall_chart",
    "cumulative_chart",
    "monte_carlo_chart",
    "option_scores_chart",
    "partner_shares_chart",
    "plan_charts",
    "tornado_chart",
]
