"""Charts out of Altair: a Vega-Lite spec for vega-embed in the browser, and SVG (vector, drawn
offline by vl-convert) for the PDF."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import vl_convert as vlc


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite specification of ``chart`` (a JSON-ready dict, data inline)."""
    spec: dict[str, Any] = chart.to_dict()
    return spec


def chart_title(spec: dict[str, Any]) -> str:
    """The title text of a spec (with its subtitle after a colon), or ``""``."""
    title = spec.get("title")
    if isinstance(title, str):
        return title
    if isinstance(title, dict):
        text = title.get("text", "")
        main = " ".join(text) if isinstance(text, list) else str(text)
        subtitle = title.get("subtitle")
        return f"{main}: {subtitle}" if subtitle else main
    return ""


def to_svg(chart: alt.TopLevelMixin) -> str:
    """``chart`` drawn as an SVG document (text as text, no raster image), without network.

    The root element is made accessible: ``role="img"``, an ``aria-label`` with the chart's
    description, and ``<title>``/``<desc>`` children with its title and description.
    """
    return spec_to_svg(to_spec(chart))


def spec_to_svg(spec: dict[str, Any]) -> str:
    """:func:`to_svg` of a spec already made by :func:`to_spec`."""
    svg: str = vlc.vegalite_to_svg(spec)
    title = html.escape(chart_title(spec))
    description = html.escape(str(spec.get("description", "")))
    end = svg.index(">", svg.index("<svg")) + 1
    opening = svg[: end - 1] + f' role="img" aria-label="{description or title}">'
    return opening + f"<title>{title}</title><desc>{description}</desc>" + svg[end:]


def inline_values(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The inline data of each view of a spec (top level, then each layer), for tests and for
    checking what a chart carries."""
    found: list[list[dict[str, Any]]] = []

    def visit(node: dict[str, Any]) -> None:
        data = node.get("data")
        if isinstance(data, dict) and "values" in data:
            found.append(list(data["values"]))
        elif isinstance(data, dict) and "name" in data:
            found.append(list(spec.get("datasets", {}).get(data["name"], [])))
        for child in node.get("layer", []):
            visit(child)

    visit(spec)
    return found
