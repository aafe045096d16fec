"""Money axes write £ as people do (£1.6bn, £250m, £35k), not d3's SI prefixes ("1.6G",
"250M"): the Vega expression is evaluated by the renderer on hand-picked amounts, and the
charts that plot £ draw their axis labels with it."""

from __future__ import annotations

import re

import polars as pl

from corpbench.charts import savings_interval_chart, to_spec, to_svg
from corpbench.charts.render import spec_to_svg
from corpbench.charts.style import MONEY_LABEL


def _texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_the_money_label_writes_pounds_with_words_for_thousands_millions_and_billions() -> None:
    amounts = {1.6e9: "£1.6bn", 2.5e8: "£250m", 1.25e6: "£1.3m", 35_000: "£35k", 90: "£90"}
    amounts[-1.2e6] = "−£1.2m"
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"value": v, "i": i} for i, v in enumerate(amounts)]},
        "transform": [{"calculate": MONEY_LABEL, "as": "label"}],
        "mark": "text",
        "encoding": {"y": {"field": "i", "type": "ordinal"}, "text": {"field": "label"}},
    }
    texts = _texts(spec_to_svg(spec))
    for written in amounts.values():
        assert written in texts


def test_the_interval_chart_labels_its_axis_in_pounds() -> None:
    rows = pl.DataFrame(
        {
            "label": ["Acute trust", "Ambulance trust"],
            "estimate": [2.4e8, 1.7e7],
            "low": [2.0e8, 1.2e7],
            "high": [2.7e8, 2.2e7],
        }
    )
    chart = savings_interval_chart(rows, "organisation type", "2016/17", "IQM")
    y = to_spec(chart)["layer"][0]["encoding"]["y"]
    assert y["axis"] == {"labelExpr": MONEY_LABEL}
    ticks = [t for t in _texts(to_svg(chart)) if re.fullmatch(r"−?£[\d,.]+(bn|m|k)?", t)]
    assert "£0" in ticks
    assert "£250m" in ticks
    assert not [t for t in _texts(to_svg(chart)) if re.fullmatch(r"[\d.]+[GMk]", t)]
