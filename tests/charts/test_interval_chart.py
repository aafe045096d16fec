"""The chart of savings with their 95% intervals: a bar at each estimate and an error bar from
its low to its high end, over exactly the rows of the view (the engine's intervals), with the
numbers in its description; and it renders to vector SVG offline."""

from __future__ import annotations

import polars as pl

from corpbench.charts import inline_values, savings_interval_chart, to_spec, to_svg
from corpbench.views.uncertainty import national_intervals
from views.rounds import Y1, engine


def _layers(spec: dict) -> dict[str, dict]:
    return {
        (layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]): layer
        for layer in spec["layer"]
    }


def test_the_chart_draws_each_estimate_with_its_interval() -> None:
    view = national_intervals(engine(), Y1, "median")
    rows = view.by_type
    assert rows.height >= 2
    spec = to_spec(savings_interval_chart(rows, "organisation type", Y1, "Median"))
    layers = _layers(spec)
    assert layers["bar"]["encoding"]["y"]["field"] == "estimate"
    assert layers["errorbar"]["encoding"]["y"]["field"] == "low"
    assert layers["errorbar"]["encoding"]["y2"]["field"] == "high"
    values = inline_values(spec)[0]
    assert [(v["label"], v["estimate"], v["low"], v["high"]) for v in values] == rows.select(
        "label", "estimate", "low", "high"
    ).rows()
    assert all(v["low"] <= v["high"] for v in values)
    first = rows.row(0, named=True)
    assert f"{first['label']}: £{first['estimate'] / 1e6:,.1f}m" in spec["description"]


def test_the_chart_renders_as_svg() -> None:
    rows = national_intervals(engine(), Y1, "iqm").by_function
    svg = to_svg(savings_interval_chart(rows, "function", Y1, "IQM"))
    assert svg.lstrip().startswith("<svg")
    assert "Saving by function with its 95% interval" in svg
    assert rows.filter(pl.col("high") < pl.col("low")).is_empty()
