"""Charts on a page: the Vega-Lite spec as JSON in a ``<script type="application/json">``
element (data, never run) that /static/app.js hands to vega-embed, with a data table beside
it for screen readers and for anyone without JavaScript."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import altair as alt
from markupsafe import Markup

from corpbench.charts import to_spec
from corpbench.charts.render import chart_title


@dataclass(frozen=True)
class TableAlternative:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class EmbeddedChart:
    id: str
    title: str
    spec_json: Markup
    table: TableAlternative


def spec_json(spec: dict[str, Any]) -> Markup:
    """The spec as JSON safe inside a script element (no ``<`` can end it). The ``$schema``
    URL is left out (app.js tells vega-embed the spec is Vega-Lite), so no page names a remote
    address."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}
    text = json.dumps(spec, separators=(",", ":"), allow_nan=False, default=str)
    return Markup(text.replace("<", "\\u003c"))  # noqa: S704 - JSON with every < escaped


def embed(chart_id: str, chart: alt.TopLevelMixin, table: TableAlternative) -> EmbeddedChart:
    spec = to_spec(chart)
    return EmbeddedChart(chart_id, chart_title(spec) or table.caption, spec_json(spec), table)
