"""What every PDF document shares (board report, business case, funnel, readiness, benefits):
the Jinja2 environment of ``templates/`` (each template extends ``_a4_document.html``), a
chart as an inline vector figure, and HTML laid out as an A4 PDF by WeasyPrint."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from corpbench.charts import chart_title, to_spec
from corpbench.charts.render import spec_to_svg


@cache
def template_environment() -> Environment:
    return Environment(
        loader=PackageLoader("corpbench.documents", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(template: str, context: Mapping[str, Any]) -> str:
    """The HTML of document ``template`` filled with ``context``."""
    return template_environment().get_template(template).render(context)


def html_pdf(html: str) -> bytes:
    """``html`` laid out as an A4 PDF: the bytes of the file."""
    from weasyprint import HTML  # imported when a PDF is made: it is slow to import

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@dataclass(frozen=True)
class Figure:
    svg: Markup
    description: str


def chart_figure(chart: Any) -> Figure:
    spec = to_spec(chart)
    return Figure(
        svg=Markup(spec_to_svg(spec)),  # noqa: S704 - vl-convert's SVG; its texts are escaped
        description=str(spec.get("description") or chart_title(spec)),
    )
