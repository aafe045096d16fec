"""What the benefits pages lay out beyond the view tables: the organisations' names, and a
line's XmR chart (``corpbench.charts.spc``) embedded with its data table."""

from __future__ import annotations

from fastapi import Request
from markupsafe import Markup, escape

from corpbench.formatting import format_number
from corpbench.programme.benefits import BenefitLine
from corpbench.programme.spc import SpcResult
from corpbench.views.benefits import chart_rows
from corpbench.web.chart_embed import EmbeddedChart, TableAlternative, embed
from corpbench.web.scope import live_figures


def organisation_names(request: Request) -> dict[str, str]:
    """Organisation names by code (the register)."""
    register = live_figures(request).benchmark.organisations
    return dict(zip(register["org_code"], register["org_name"], strict=True))


def _cell(v: float | None) -> str:
    return "—" if v is None else format_number(v, 2)


def line_table(line: BenefitLine, result: SpcResult) -> TableAlternative:
    """The data table of a line's chart: month, value, mean, limits and the point's type."""
    rows = [
        [
            r["month"],
            _cell(r["value"]),
            _cell(r["mean"]),
            _cell(r["lower_limit"]),
            _cell(r["upper_limit"]),
            r["point_type_label"],
        ]
        for r in chart_rows(line, result)
    ]
    return TableAlternative(
        f"Line {line.number}: {line.description}, actuals by month",
        ["Month", "Actual", "Mean", "Lower process limit", "Upper process limit", "Variation"],
        rows,
    )


def line_chart(line: BenefitLine, result: SpcResult) -> EmbeddedChart | None:
    """The line's XmR chart (Making Data Count style) with its data table."""
    from corpbench.charts.benefits import benefit_xmr_chart

    months, _ = line.actual_series()
    chart = benefit_xmr_chart(line, result, months)
    return embed(f"benefit-line-{line.number}", chart, line_table(line, result))


#: Colours and letters of the icons (Making Data Count: improvement blue, concern orange,
#: neutral purple, common cause grey; assurance pass blue, fail orange, inconsistent grey).
_ICONS: dict[str, tuple[str, str]] = {
    "common_cause": ("#a6a6a6", "~"),
    "improvement_high": ("#00b0f0", "H"),
    "improvement_low": ("#00b0f0", "L"),
    "concern_high": ("#e46c0a", "H"),
    "concern_low": ("#e46c0a", "L"),
    "neutral_high": ("#490092", "H"),
    "neutral_low": ("#490092", "L"),
    "pass": ("#00b0f0", "P"),
    "fail": ("#e46c0a", "F"),
    "inconsistent": ("#a6a6a6", "?"),
}


def icon(name: str | None, words: str) -> Markup:
    """A Making Data Count icon as inline SVG with ``words`` as its text alternative."""
    if name is None:
        return Markup("")
    colour, letter = _ICONS.get(name, ("#a6a6a6", "?"))
    return Markup(  # noqa: S704 - every value interpolated is escaped
        '<svg class="cb-spc-icon" width="40" height="40" viewBox="0 0 40 40" role="img" '
        f'aria-label="{escape(words)}" data-icon="{escape(name)}"><title>{escape(words)}</title>'
        f'<circle cx="20" cy="20" r="17" fill="#fff" stroke="{colour}" stroke-width="4"/>'
        f'<text x="20" y="26" text-anchor="middle" font-size="16" font-weight="bold" '
        f'fill="{colour}">{escape(letter)}</text></svg>'
    )
