"""The funnels page's context (docs/web.md, docs/funnels.md): the funnel of a proportion figure
of the board scorecard in a year, over the figures the principal sees, its points named as the
peer views name them (:mod:`corpbench.views.funnel`)."""

from __future__ import annotations

from typing import Any

from corpbench.access import Principal
from corpbench.bench.figure_funnel import FUNNEL_FIGURES, figure_funnel
from corpbench.bench.funnel import FunnelInputError
from corpbench.bench.scorecard_defs import FIGURES_BY_CODE
from corpbench.charts.funnel import funnel_chart
from corpbench.formatting import format_number
from corpbench.standard.labels import indicator_label, scorecard_figure_label
from corpbench.views.funnel import FunnelView, funnel_view
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed
from corpbench.web.errors import BadRequest
from corpbench.web.figures import Figures

TABLE_COLUMNS = [
    "Organisation",
    "Of",
    "Count",
    "Proportion",
    "95% limits",
    "99.8% limits",
    "Funnel",
]


def figure_choices() -> list[tuple[str, str]]:
    return [(f, scorecard_figure_label(f)) for f in FUNNEL_FIGURES]


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def funnel_rows(view: FunnelView) -> list[list[str]]:
    """The data table: a row a point, by denominator (the chart's x order)."""
    return [
        [
            p.label + (" (you)" if p.own else ""),
            format_number(p.denominator, 0),
            format_number(p.numerator, 0),
            _pct(p.value),
            f"{_pct(p.ll95)} to {_pct(p.ul95)}",
            f"{_pct(p.ll998)} to {_pct(p.ul998)}",
            p.outlier or "Within the limits",
        ]
        for p in view.points
    ]


def choose_figure(figure: str | None) -> str:
    """The figure asked for (the first by default); 400 for one not offered."""
    chosen = figure or FUNNEL_FIGURES[0]
    if chosen not in FUNNEL_FIGURES:
        raise BadRequest(f"unknown figure {chosen!r}; choose one of {', '.join(FUNNEL_FIGURES)}")
    return chosen


def funnel_context(
    figures: Figures,
    principal: Principal,
    reveal: bool | frozenset[str],
    figure: str | None,
    year: str | None,
) -> dict[str, Any]:
    """The page's values: the figure and year chosen (400 for ones not offered), and the
    funnel's view, chart and table, or ``problem`` when no funnel can be drawn."""
    chosen = choose_figure(figure)
    engine = figures.benchmark
    years = engine.years()
    context: dict[str, Any] = {"figures_offered": figure_choices(), "figure": chosen}
    if not years:
        return {**context, "years": [], "year": None, "empty": True}
    chosen_year = year or years[-1]
    if chosen_year not in years:
        raise BadRequest(f"no figures for year {chosen_year!r}; choose one of {', '.join(years)}")
    context.update(years=years, year=chosen_year)
    title = scorecard_figure_label(chosen)
    try:
        result = figure_funnel(engine, chosen, chosen_year, totals=engine.totals())
    except FunnelInputError as exc:
        return {**context, "problem": str(exc)}
    names = dict(
        zip(
            engine.organisations["org_code"].to_list(),
            engine.organisations["org_name"].to_list(),
            strict=True,
        )
    )
    own = principal.org_code if principal.role == "organisation" else None
    view = funnel_view(result, title=title, year=chosen_year, names=names, reveal=reveal, own=own)
    parts = FIGURES_BY_CODE[chosen]
    x_title = indicator_label(parts.denominator.name)
    y_title = f"{indicator_label(parts.numerator.name)} (%)"
    rows = funnel_rows(view)
    chart: EmbeddedChart = embed(
        "funnel-chart",
        funnel_chart(view, x_title=x_title, y_title=y_title),
        TableAlternative(f"{title}, {chosen_year}", TABLE_COLUMNS, rows),
    )
    return {
        **context,
        "view": view,
        "chart": chart,
        "rows": rows,
        "columns": [
            "Organisation",
            x_title,
            indicator_label(parts.numerator.name),
            *TABLE_COLUMNS[3:],
        ],
    }
