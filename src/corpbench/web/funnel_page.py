"""The funnels page's context (docs/web.md, docs/funnels.md): the funnel of a proportion figure
of the board scorecard in a year, over the figures the principal sees, its points named as the
peer views name them (:mod:`corpbench.views.funnel`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from corpbench.access import Principal
from corpbench.bench.figure_funnel import FUNNEL_FIGURES, figure_funnel
from corpbench.bench.funnel import FunnelInputError, FunnelResult
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


@dataclass(frozen=True)
class FunnelFound:
    """The funnel of a figure in a year over the figures a principal sees: the result (units
    labelled by code), its view (named as the principal may see them) and the axes' labels."""

    figure: str
    year: str
    result: FunnelResult
    view: FunnelView
    x_title: str
    y_title: str
    numerator_title: str


def choose_year(figures: Figures, year: str | None) -> str | None:
    """The year asked for (the latest by default; None when no returns are stored); 400 for
    one without figures."""
    years = figures.benchmark.years()
    if not years:
        return None
    chosen = year or years[-1]
    if chosen not in years:
        raise BadRequest(f"no figures for year {chosen!r}; choose one of {', '.join(years)}")
    return chosen


def find_funnel(
    figures: Figures,
    principal: Principal,
    reveal: bool | frozenset[str],
    figure: str,
    year: str,
) -> FunnelFound:
    """The funnel of ``figure`` (one offered) in ``year`` (one with figures), its points named
    as the peer views name them; :class:`FunnelInputError` when none can be drawn."""
    engine = figures.benchmark
    result = figure_funnel(engine, figure, year, totals=engine.totals())
    names = dict(
        zip(
            engine.organisations["org_code"].to_list(),
            engine.organisations["org_name"].to_list(),
            strict=True,
        )
    )
    own = principal.org_code if principal.role == "organisation" else None
    title = scorecard_figure_label(figure)
    view = funnel_view(result, title=title, year=year, names=names, reveal=reveal, own=own)
    parts = FIGURES_BY_CODE[figure]
    return FunnelFound(
        figure=figure,
        year=year,
        result=result,
        view=view,
        x_title=indicator_label(parts.denominator.name),
        y_title=f"{indicator_label(parts.numerator.name)} (%)",
        numerator_title=indicator_label(parts.numerator.name),
    )


def funnel_context(
    figures: Figures,
    principal: Principal,
    reveal: bool | frozenset[str],
    figure: str | None,
    year: str | None,
    *,
    shown: str = "",
) -> dict[str, Any]:
    """The page's values: the figure and year chosen (400 for ones not offered), and the
    funnel's view, chart and table, or ``problem`` when no funnel can be drawn."""
    chosen = choose_figure(figure)
    context: dict[str, Any] = {"figures_offered": figure_choices(), "figure": chosen}
    chosen_year = choose_year(figures, year)
    if chosen_year is None:
        return {**context, "years": [], "year": None, "empty": True}
    context.update(years=figures.benchmark.years(), year=chosen_year)
    try:
        found = find_funnel(figures, principal, reveal, chosen, chosen_year)
    except FunnelInputError as exc:
        return {**context, "problem": str(exc)}
    view = found.view
    rows = funnel_rows(view)
    chart: EmbeddedChart = embed(
        "funnel-chart",
        funnel_chart(view, x_title=found.x_title, y_title=found.y_title),
        TableAlternative(f"{view.title}, {chosen_year}", TABLE_COLUMNS, rows),
    )
    # the downloads' query: the same figure, year and view as the page
    query = urlencode({"figure": chosen, "year": chosen_year, **({"view": shown} if shown else {})})
    return {
        **context,
        "funnel": view,
        "chart": chart,
        "rows": rows,
        "downloads": query,
        "columns": [
            "Organisation",
            found.x_title,
            found.numerator_title,
            *TABLE_COLUMNS[3:],
        ],
    }
