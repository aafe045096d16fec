"""A programme's benefits as a board-ready A4 PDF (WeasyPrint, like the business case): the
envelopes in words, the lines table, then each line's XmR chart (vector SVG drawn offline by
``charts/render.py``) with its variation and assurance in words and the warning of too few
points. Every figure comes from ``views/benefits.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from corpbench.charts.spc import xmr_chart
from corpbench.documents.pdf import chart_figure, html_pdf, render_html
from corpbench.programme.benefits import BenefitLine, Envelopes, line_spc
from corpbench.views.benefits import chart_words, envelope_rows, line_rows, month_words

TEMPLATE = "benefits.html"


def benefits_context(
    title: str,
    lines: Sequence[BenefitLine],
    env: Envelopes,
    notes: Sequence[str],
    names: Mapping[str, str],
    produced: dt.date,
) -> dict[str, Any]:
    charts = []
    for line in lines:
        result = line_spc(line)
        if result is None:
            continue
        months, _ = line.actual_series()
        dates = [dt.date(int(m[:4]), int(m[5:7]), 1) for m in months]
        chart = xmr_chart(
            result,
            dates,
            title=f"Line {line.number}: {line.description}",
            value_title="£ a month" if line.cashable else "Actual",
            money=line.cashable,
        )
        charts.append(
            {
                "line": line,
                "figure": chart_figure(chart),
                "words": chart_words(result),
            }
        )
    return {
        "title": f"{title} — benefits",
        "subtitle": f"Benefits tracking to {month_words(env.through) or 'no actual yet'}",
        "footer": title.replace('"', "'"),
        "produced": produced.isoformat(),
        "envelopes": envelope_rows(env, names, notes),
        "lines": line_rows(lines, env.through),
        "charts": charts,
    }


def benefits_pdf(
    title: str,
    lines: Sequence[BenefitLine],
    env: Envelopes,
    notes: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    produced: dt.date | None = None,
) -> bytes:
    """The PDF of programme ``title``'s benefits."""
    context = benefits_context(
        title, lines, env, notes, names or {}, produced or dt.datetime.now(dt.UTC).date()
    )
    return html_pdf(render_html(TEMPLATE, context))
