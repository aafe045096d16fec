"""Charts of an organisation's benchmark, one function per chart, each taking the view model
tables of :mod:`corpbench.views` (which also serve as the chart's data-table alternative).

Every chart carries a title and a ``description`` (Vega-Lite puts it in the SVG's ``aria-label``)
that states what it shows and its key figures in words. Only the columns a chart needs are put
in its data: with anonymised peers that is a label ("Peer k"), a value and whether the row is
the organisation, never a peer's code or name.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import altair as alt
import polars as pl

from corpbench.charts.style import (
    CATEGORY_COLOURS,
    FONT,
    HEIGHT,
    IQM_COLOUR,
    MEDIAN_COLOUR,
    MONEY_LABEL,
    PEER_COLOUR,
    SELF_COLOUR,
    WIDTH,
)
from corpbench.views.labels import (
    PERCENT_KPIS,
    TOTAL_ROW,
    function_label,
    function_phrase,
    kpi_label,
    kpi_phrase,
)

#: Legend labels (the organisation's name) are cut beyond this many pixels.
LEGEND_LABEL_LIMIT = 480

#: Bars are labelled one by one up to this many peers; beyond, only the position is shown.
MAX_LABELLED_BARS = 25


def _fmt(kpi: str, value: float | None) -> str:
    if value is None:
        return "undefined"
    return f"{value:.2f}%" if kpi in PERCENT_KPIS else f"£{value:,.0f}"


def _d3_format(kpi: str) -> str:
    return ".2f" if kpi in PERCENT_KPIS else ",.0f"


def _one(frame: pl.DataFrame, kpi: str, function: str) -> pl.DataFrame:
    return frame.filter((pl.col("kpi") == kpi) & (pl.col("function") == function))


def _stat(stats: pl.DataFrame, kpi: str, function: str, name: str) -> float | None:
    row = _one(stats, kpi, function)
    if row.is_empty() or row[name][0] is None:
        return None
    return float(row[name][0])


_C = TypeVar("_C", alt.Chart, alt.LayerChart)


def inline_data(values: list[dict[str, Any]]) -> Any:
    """Inline data (kept in the spec itself, not in a named dataset)."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def configure_chart(chart: _C) -> _C:
    return cast(_C, chart.configure(font=FONT).configure_view(stroke=None))


def _rules(kpi: str, iqm: float | None, median: float | None) -> list[dict[str, Any]]:
    rules = []
    if iqm is not None:
        rules.append({"statistic": "Peer IQM", "value": iqm, "text": f"IQM {_fmt(kpi, iqm)}"})
    if median is not None:
        rules.append(
            {"statistic": "Peer median", "value": median, "text": f"median {_fmt(kpi, median)}"}
        )
    return rules


def _rule_layers(kpi: str, rules: list[dict[str, Any]], axis: str) -> list[Any]:
    if not rules:
        return []
    colour = alt.Color(
        "statistic:N",
        scale=alt.Scale(domain=["Peer IQM", "Peer median"], range=[IQM_COLOUR, MEDIAN_COLOUR]),
        legend=alt.Legend(title=None, orient="top", labelLimit=LEGEND_LABEL_LIMIT),
    )
    position = {axis: alt.X("value:Q") if axis == "x" else alt.Y("value:Q")}
    base = alt.Chart(inline_data(rules))
    # the IQM solid, the median dashed on top: both stay visible when they nearly coincide
    dash = alt.StrokeDash(
        "statistic:N",
        scale=alt.Scale(domain=["Peer IQM", "Peer median"], range=[[1, 0], [6, 3]]),
        legend=None,
    )
    rule = base.mark_rule(strokeWidth=2).encode(
        color=colour,
        strokeDash=dash,
        tooltip=[alt.Tooltip("statistic:N"), alt.Tooltip("value:Q", format=_d3_format(kpi))],
        **position,
    )
    return [rule]


def kpi_ranking_chart(
    distribution: pl.DataFrame, stats: pl.DataFrame, kpi: str, function: str, org_label: str
) -> alt.LayerChart:
    """A ranked bar chart of ``kpi`` for ``function`` over the peer group, lowest first: the
    organisation's bar in blue, peers in grey, the peer IQM and median as dashed rules.

    ``distribution`` and ``stats`` are :attr:`OrganisationView.distribution` and
    :attr:`OrganisationView.peer_stats`; ``org_label`` names the organisation in the title.
    """
    rows = _one(distribution, kpi, function).sort("position")
    n = rows.height
    values = [
        {
            "position": r["position"],
            "label": r["label"],
            "value": r["value"],
            "group": "This organisation" if r["is_self"] else "Peers",
        }
        for r in rows.iter_rows(named=True)
    ]
    iqm = _stat(stats, kpi, function, "iqm")
    median = _stat(stats, kpi, function, "median")
    own = rows.filter(pl.col("is_self"))
    rank = None if own.is_empty() else own["rank"][0]
    own_value = None if own.is_empty() else own["value"][0]
    title = f"{function_label(function)}: {kpi_label(kpi)}"
    description = (
        f"Bar chart of {kpi_phrase(kpi)} for {function_phrase(function)} across "
        f"{n} organisations of the peer group, lowest first. {org_label}: "
        f"{_fmt(kpi, own_value)}"
        + (f", rank {rank} of {n}" if rank is not None else "")
        + f". Peer IQM {_fmt(kpi, iqm)}, peer median {_fmt(kpi, median)}."
    )
    labelled = n <= MAX_LABELLED_BARS
    bars = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            x=alt.X(
                "label:N",
                sort=alt.EncodingSortField(field="position", order="ascending"),
                title="Organisations of the peer group, lowest first",
                axis=alt.Axis(labels=labelled, ticks=labelled, labelAngle=-45),
            ),
            y=alt.Y("value:Q", title=kpi_label(kpi)),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=["This organisation", "Peers"], range=[SELF_COLOUR, PEER_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="organisation"),
                alt.Tooltip("value:Q", format=_d3_format(kpi), title=kpi_label(kpi)),
            ],
        )
    )
    rules = _rule_layers(kpi, _rules(kpi, iqm, median), "y")
    layered = alt.layer(bars, *rules).resolve_scale(color="independent")
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(title, subtitle=f"{org_label} highlighted", anchor="start"),
        description=description,
        width=WIDTH,
        height=HEIGHT,
    )
    return configure_chart(chart)


def peer_distribution_chart(
    distribution: pl.DataFrame, stats: pl.DataFrame, kpi: str, function: str, org_label: str
) -> alt.LayerChart:
    """The spread of ``kpi`` for ``function`` over the peer group on one axis: a box from q1 to
    q3, every organisation as a dot (the organisation larger and blue), and the IQM and median
    as rules."""
    rows = _one(distribution, kpi, function).sort("position")
    values = [
        {
            "label": r["label"],
            "value": r["value"],
            "group": "This organisation" if r["is_self"] else "Peers",
        }
        for r in rows.iter_rows(named=True)
    ]
    q1 = _stat(stats, kpi, function, "q1")
    q3 = _stat(stats, kpi, function, "q3")
    iqm = _stat(stats, kpi, function, "iqm")
    median = _stat(stats, kpi, function, "median")
    layers: list[Any] = []
    if q1 is not None and q3 is not None:
        layers.append(
            alt.Chart(inline_data([{"q1": q1, "q3": q3}]))
            .mark_bar(color="#e8edee", size=40)
            .encode(x=alt.X("q1:Q", title=kpi_label(kpi)), x2="q3:Q")
        )
    layers.append(
        alt.Chart(inline_data(values))
        .mark_circle(opacity=0.9)
        .encode(
            x=alt.X("value:Q", title=kpi_label(kpi)),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=["This organisation", "Peers"], range=[SELF_COLOUR, PEER_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            size=alt.Size(
                "group:N",
                scale=alt.Scale(domain=["This organisation", "Peers"], range=[220, 50]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="organisation"),
                alt.Tooltip("value:Q", format=_d3_format(kpi), title=kpi_label(kpi)),
            ],
        )
    )
    layers += _rule_layers(kpi, _rules(kpi, iqm, median), "x")
    own = rows.filter(pl.col("is_self"))
    description = (
        f"Distribution of {kpi_phrase(kpi)} for {function_phrase(function)} over "
        f"{rows.height} organisations of the peer group: quartiles {_fmt(kpi, q1)} to "
        f"{_fmt(kpi, q3)}, median {_fmt(kpi, median)}, IQM {_fmt(kpi, iqm)}; {org_label} "
        f"{_fmt(kpi, None if own.is_empty() else own['value'][0])}."
    )
    layered = alt.layer(*layers).resolve_scale(color="independent")
    chart: alt.LayerChart = layered.properties(
        title=alt.TitleParams(
            f"{function_label(function)}: spread of {kpi_phrase(kpi)}",
            subtitle="Box: middle half of the peer group (q1 to q3)",
            anchor="start",
        ),
        description=description,
        width=WIDTH,
        height=120,
    )
    return configure_chart(chart)


def trend_chart(trend: pl.DataFrame, kpi: str, function: str, org_label: str) -> alt.Chart:
    """``kpi`` for ``function`` year by year: the organisation's line beside its peer
    group's median (``trend`` is :attr:`OrganisationView.trend`)."""
    rows = _one(trend, kpi, function).sort("year")
    values: list[dict[str, Any]] = []
    for r in rows.iter_rows(named=True):
        if r["value"] is not None:
            values.append({"year": r["year"], "series": org_label, "value": r["value"]})
        if r["peer_median"] is not None:
            values.append({"year": r["year"], "series": "Peer median", "value": r["peer_median"]})
    words = "; ".join(
        f"{r['year']}: {_fmt(kpi, r['value'])} against a peer median of "
        f"{_fmt(kpi, r['peer_median'])}"
        for r in rows.iter_rows(named=True)
    )
    chart: alt.Chart = (
        alt.Chart(inline_data(values))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("year:O", title="Financial year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=kpi_label(kpi)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=[org_label, "Peer median"], range=[SELF_COLOUR, MEDIAN_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=[org_label, "Peer median"], range=[[1, 0], [6, 3]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("series:N"),
                alt.Tooltip("value:Q", format=_d3_format(kpi)),
            ],
        )
        .properties(
            title=alt.TitleParams(
                f"{function_label(function)}: {kpi_phrase(kpi)} over time", anchor="start"
            ),
            description=f"Line chart of {kpi_phrase(kpi)} for "
            f"{function_phrase(function)}, {org_label} against the peer median. {words}.",
            width=WIDTH,
            height=HEIGHT,
        )
    )
    return configure_chart(chart)


def savings_by_method_chart(savings_by_method: pl.DataFrame, org_label: str) -> alt.Chart:
    """Stacked bars, one per savings method, of the saving of each function
    (``savings_by_method`` is :attr:`OrganisationView.savings_by_method`). The ``total`` rows
    are not drawn (for a threshold method the total is the whole organisation's saving, stated
    in the description)."""
    rows = savings_by_method.filter(pl.col("function") != TOTAL_ROW)
    values = [
        {
            "method": r["method_label"],
            "function": r["function_label"],
            "saving": r["saving"],
        }
        for r in rows.iter_rows(named=True)
        if r["saving"] is not None
    ]
    methods = list(dict.fromkeys(savings_by_method["method_label"].to_list()))
    totals = savings_by_method.filter(pl.col("function") == TOTAL_ROW)
    words = "; ".join(
        f"{r['method_label']}: £{r['saving']:,.0f}"
        if r["saving"] is not None
        else f"{r['method_label']}: undefined"
        for r in totals.iter_rows(named=True)
    )
    functions = list(dict.fromkeys(r["function"] for r in values))
    chart: alt.Chart = (
        alt.Chart(inline_data(values))
        .mark_bar()
        .encode(
            x=alt.X(
                "method:N", sort=methods, title="Savings method", axis=alt.Axis(labelAngle=-30)
            ),
            y=alt.Y("sum(saving):Q", title="Saving (£)", axis=alt.Axis(labelExpr=MONEY_LABEL)),
            color=alt.Color(
                "function:N",
                sort=functions,
                scale=alt.Scale(domain=functions, range=list(CATEGORY_COLOURS[: len(functions)]))
                if functions
                else alt.Undefined,
                legend=alt.Legend(title="Function"),
            ),
            tooltip=[
                alt.Tooltip("method:N"),
                alt.Tooltip("function:N"),
                alt.Tooltip("saving:Q", format=",.0f", title="saving (£)"),
            ],
        )
        .properties(
            title=alt.TitleParams("Savings by method and function", anchor="start"),
            description=f"Stacked bar chart of {org_label}'s saving under each method, by "
            f"function. Total saving by method: {words}.",
            width=WIDTH,
            height=HEIGHT,
        )
    )
    return configure_chart(chart)
