"""The 95% intervals on savings where people read them: the national page's section (headline,
chart with its data table, a row per type and per function) and an organisation's page, each
showing the engine's figures (``corpbench export uncertainty``, checked against an independent
implementation in tests/test_uncertainty_reference.py), and the reason when a method has none."""

from __future__ import annotations

import polars as pl

from cli.bundles import Y1
from corpbench.bench.engine import Benchmark
from corpbench.formatting import format_pounds
from corpbench.web.formatting import millions
from web.conftest import NATIONAL, ORG, Web
from web.test_web_labels import _cells, _text


def _engine(web: Web) -> pl.DataFrame:
    return Benchmark.from_bundle(web.store.current()).uncertainty("iqm", Y1)


def test_the_national_page_shows_the_saving_with_its_interval(web: Web) -> None:
    table = _engine(web)
    html = web.signed_in(NATIONAL).get(f"/national?year={Y1}&method=iqm").text
    national = table.filter(pl.col("level") == "all").row(0, named=True)
    headline = (
        f"£{millions(national['estimate'])}m (95% interval £{millions(national['low'])}m–"
        f"£{millions(national['high'])}m)"
    )
    assert headline in _text(html)
    types = _cells(html, "interval-type-table")
    acute = table.filter((pl.col("level") == "org_type") & (pl.col("key") == "acute")).row(
        0, named=True
    )
    at = types.index("Acute trust")
    assert types[at + 1 : at + 3] == [
        millions(acute["estimate"]),
        f"{millions(acute['low'])}–{millions(acute['high'])}",
    ]
    functions = _cells(html, "interval-function-table")
    finance = table.filter((pl.col("level") == "function") & (pl.col("key") == "finance"))
    assert "Finance" in functions
    assert millions(finance["estimate"][0]) in functions
    # the chart's data table carries the numbers of its error bars
    chart = _cells(html, "chart-intervals-table")
    assert chart[:4] == ["Organisation type", "Saving £m", "95% interval from £m", "to £m"]
    assert millions(acute["high"]) in chart
    assert "did not respond" in _text(html)


def test_a_fixed_target_has_no_interval_on_the_national_page(web: Web) -> None:
    html = web.signed_in(NATIONAL).get(f"/national?year={Y1}&method=threshold:6").text
    assert 'id="intervals-none"' in html
    assert "fixed target" in _text(html)
    assert "interval-type-table" not in html


def test_an_organisation_page_shows_its_saving_with_its_interval(web: Web) -> None:
    # the organisation sees the newest publication, which is the stored round here
    row = (
        _engine(web)
        .filter((pl.col("level") == "organisation") & (pl.col("key") == "AC001"))
        .row(0, named=True)
    )
    html = web.signed_in(ORG).get(f"/organisations/AC001?year={Y1}&method=iqm").text
    section = _text(html.split('id="saving-interval"')[1].split("</div>")[0])
    expected = (
        f"{format_pounds(row['estimate'])} (95% interval {format_pounds(row['low'])}–"
        f"{format_pounds(row['high'])})"
    )
    assert expected in section
    assert "how uncertain the peer target is" in section
    other = web.signed_in(ORG).get(f"/organisations/AC001?year={Y1}&method=threshold:6").text
    assert "fixed target" in _text(other.split('id="saving-interval"')[1].split("</div>")[0])
