"""What the benefits pages lay out beyond the view tables: the organisations' names, a line's
XmR chart (``corpbench.charts.spc``) embedded with its table alternative, and the Making Data
Count icons."""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from markupsafe import Markup

from corpbench.charts.spc import icon_svg, xmr_chart, xmr_table
from corpbench.programme.benefits import BenefitLine
from corpbench.programme.spc import SpcResult
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed
from corpbench.web.scope import live_figures


def organisation_names(request: Request) -> dict[str, str]:
    """Organisation names by code (the register)."""
    register = live_figures(request).benchmark.organisations
    return dict(zip(register["org_code"], register["org_name"], strict=True))


def month_dates(line: BenefitLine) -> list[dt.date]:
    """The first day of each month with an actual, in order (the chart's time axis)."""
    months, _ = line.actual_series()
    return [dt.date(int(m[:4]), int(m[5:7]), 1) for m in months]


def line_chart(line: BenefitLine, result: SpcResult) -> EmbeddedChart:
    """The line's XmR chart (Making Data Count style) with its data table."""
    dates = month_dates(line)
    title = f"Line {line.number}: {line.description}"
    chart = xmr_chart(
        result,
        dates,
        title=title,
        value_title="£ a month" if line.cashable else "Actual",
        money=line.cashable,
    )
    table = xmr_table(result, dates, title=f"Line {line.number}: {line.description}")
    return embed(
        f"benefit-line-{line.number}",
        chart,
        TableAlternative(table.caption, table.columns, table.rows),
    )


def icon(name: str | None) -> Markup:
    """A Making Data Count icon as inline SVG (with its text alternative), none for None."""
    if name is None:
        return Markup("")
    return Markup(icon_svg(name))  # noqa: S704 - the package's own icon files
