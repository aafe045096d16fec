"""A funnel plot's downloads (docs/funnels.md, issue 13 item 7): an A4 PDF (the chart as vector
SVG, the table of organisations with their outlier flags in words and the method in one
paragraph; WeasyPrint from ``templates/funnel_report.html``) and a workbook of every
organisation at full precision. Both show the funnel's view (:class:`FunnelView`): its points
already named or anonymised as the viewer may see them, so nothing here reveals a name."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, TypedDict, Unpack

import polars as pl

from corpbench.charts.funnel import funnel_chart
from corpbench.documents.pdf import chart_figure, html_pdf, render_html
from corpbench.documents.xlsx import write_tables_xlsx
from corpbench.formatting import format_number
from corpbench.views.funnel import FunnelView

TEMPLATE = "funnel_report.html"

#: A proportion 0 … 1 as a percentage with two decimals in the workbook (values stay exact).
SHARE_FORMAT = "0.00%"


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def method_paragraph(view: FunnelView) -> str:
    """The method in one paragraph (docs/funnels.md "The method"), with this funnel's figures."""
    widened = (
        f"The organisations differ more than chance allows (dispersion ratio φ "
        f"{view.phi:.2f}), so the limits are widened by a between-organisation variance τ² of "
        f"{view.tau2:.6f} (additive random effects, Spiegelhalter 2005)."
        if view.adjusted
        else f"The organisations differ no more than chance allows (dispersion ratio φ "
        f"{view.phi:.2f}), so the limits are not widened."
    )
    return (
        "Each organisation's proportion is plotted against the number it is a proportion of. "
        f"The target is the proportion over all organisations together ({_pct(view.target)}); "
        "the 95% and 99.8% limits around it, which narrow as the number grows, come from the "
        "arcsine-square-root transformation of the proportion, exactly as the R package "
        "FunnelPlotR computes them, with the dispersion ratio φ the mean square of the "
        f"Winsorised z-scores (10% each end). {widened} An organisation outside a limit is "
        "flagged; one on a limit is inside."
    )


def _rows(view: FunnelView) -> list[dict[str, str]]:
    return [
        {
            "label": p.label + (" (you)" if p.own else ""),
            "denominator": format_number(p.denominator, 0),
            "numerator": format_number(p.numerator, 0),
            "value": _pct(p.value),
            "limits95": f"{_pct(p.ll95)} to {_pct(p.ul95)}",
            "limits998": f"{_pct(p.ll998)} to {_pct(p.ul998)}",
            "outlier": p.outlier or "Within the limits",
        }
        for p in view.points
    ]


class FunnelTitles(TypedDict):
    """The words a funnel's PDF prints: its axes' titles, the numerator's title and the label
    of the figures it is drawn from."""

    x_title: str
    y_title: str
    numerator_title: str
    figures_label: str


def funnel_context(
    view: FunnelView, *, produced: dt.date, **titles: Unpack[FunnelTitles]
) -> dict[str, Any]:
    """The template's values: the view's figures as words."""
    x_title = titles["x_title"]
    return {
        "title": f"{view.title}, {view.year}",
        "view": view,
        "figure": chart_figure(funnel_chart(view, x_title=x_title, y_title=titles["y_title"])),
        "rows": _rows(view),
        "x_title": x_title,
        "numerator_title": titles["numerator_title"],
        "target": _pct(view.target),
        "method": method_paragraph(view),
        "figures_label": titles["figures_label"],
        "produced": produced.strftime("%d %B %Y"),
        "footer": f"{view.title}, {view.year} · corpbench".replace('"', "'"),
    }


def funnel_html(
    view: FunnelView, *, produced: dt.date | None = None, **titles: Unpack[FunnelTitles]
) -> str:
    """The HTML the PDF is made from (see :func:`funnel_pdf`)."""
    day = produced or dt.datetime.now(dt.UTC).date()
    return render_html(TEMPLATE, funnel_context(view, produced=day, **titles))


def funnel_pdf(
    view: FunnelView, *, produced: dt.date | None = None, **titles: Unpack[FunnelTitles]
) -> bytes:
    """The funnel as an A4 PDF: the bytes of the file; ``produced`` defaults to today (UTC)."""
    return html_pdf(funnel_html(view, produced=produced, **titles))


def funnel_table(view: FunnelView, *, x_title: str, numerator_title: str) -> pl.DataFrame:
    """Every organisation of the funnel for people, at full precision: its name as the viewer
    sees it ("Peer k" when not named), its code when named, the counts, the proportion, the four
    limits and where it lies in words; in the page's order (by denominator)."""
    points = view.points
    return pl.DataFrame(
        {
            "Organisation": [p.label + (" (you)" if p.own else "") for p in points],
            "Code": [p.code for p in points],
            x_title: [p.denominator for p in points],
            numerator_title: [p.numerator for p in points],
            "Proportion": [p.value for p in points],
            "Lower 95% limit": [p.ll95 for p in points],
            "Upper 95% limit": [p.ul95 for p in points],
            "Lower 99.8% limit": [p.ll998 for p in points],
            "Upper 99.8% limit": [p.ul998 for p in points],
            "Funnel": [p.outlier or "Within the limits" for p in points],
        },
        schema={
            "Organisation": pl.String,
            "Code": pl.String,
            x_title: pl.Float64,
            numerator_title: pl.Float64,
            "Proportion": pl.Float64,
            "Lower 95% limit": pl.Float64,
            "Upper 95% limit": pl.Float64,
            "Lower 99.8% limit": pl.Float64,
            "Upper 99.8% limit": pl.Float64,
            "Funnel": pl.String,
        },
    )


def funnel_summary(view: FunnelView, figures_label: str) -> pl.DataFrame:
    """The funnel's own figures, one a row (full precision)."""
    rows: list[tuple[str, str]] = [
        ("Figure", view.title),
        ("Year", view.year),
        ("Figures", figures_label),
        ("Organisations", str(len(view.points))),
        ("Target (proportion over all)", repr(view.target)),
        ("Dispersion ratio φ", repr(view.phi)),
        ("Between-organisation variance τ²", repr(view.tau2)),
        ("Limits widened for overdispersion", "Yes" if view.adjusted else "No"),
        (f"Outside the {view.level} limits", str(view.n_outliers)),
    ]
    return pl.DataFrame(rows, schema=["Measure", "Value"], orient="row")


def funnel_xlsx(
    view: FunnelView, *, x_title: str, numerator_title: str, figures_label: str
) -> bytes:
    """The funnel as a workbook: "Funnel" (every organisation, :func:`funnel_table`) and
    "About" (:func:`funnel_summary`); text cells neutralised against formula injection."""
    share = {
        c: SHARE_FORMAT
        for c in ("Proportion", "Lower 95% limit", "Upper 95% limit",
                  "Lower 99.8% limit", "Upper 99.8% limit")
    }  # fmt: skip
    counts = {x_title: "#,##0", numerator_title: "#,##0"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "funnel.xlsx"
        write_tables_xlsx(
            path,
            {
                "Funnel": funnel_table(view, x_title=x_title, numerator_title=numerator_title),
                "About": funnel_summary(view, figures_label),
            },
            title=f"{view.title}, {view.year}",
            number_formats={**share, **counts},
        )
        return path.read_bytes()
