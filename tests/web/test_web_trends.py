"""Trends for a footprint and the nation in the app, across a second, hand-written round
(tests/bench/trend_rounds.py) stored with a return of its year built at the store level.

The tiny round (tests/cli/bundles.py) in 2009/10: finance £9.5m of £630m turnover (acute
£1.0m + £1.2m + £1.4m + £1.6m + £3.0m of 5 × £100m, MH001 £0.4m of £50m, MH002 £0.9m of £80m)
= 1.51%; in 2010/11 AC001 and AC002 £1.32m each of £110m each = 1.20%. Added here for 2016/17:
AC001 finance £1.2m of £120m, AC002 finance £0.9m and corporate legal £0.5m of £100m: finance
£2.1m of £220m = 0.95%, corporate legal £0.5m of £100m = 0.50%. HR (acute trusts, £1m each in
2009/10) is not in the 2016/17 round. Footprint NCL (AC001, AC002, MH001), finance 2009/10:
£1.0m + £1.2m + £0.4m = £2.6m of £250m = 1.04%.
"""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from bench.trend_rounds import NHSI_TEST, Y3, nhsi_test
from corpbench.standard.bundle import Bundle
from web.conftest import FOOTPRINT, NATIONAL, Web
from web.test_web_labels import _cells, _text


def _second_round(web: Web, *, with_round: bool = True) -> None:
    if with_round:
        web.store.rounds.add(nhsi_test(), NHSI_TEST, by="tester")
    finance = pl.DataFrame(
        {
            "org_code": ["AC001", "AC002"],
            "year": [Y3, Y3],
            "turnover": [120e6, 100e6],
            "total_pay": [70e6, 60e6],
            "total_fte": [2000.0, 1800.0],
        }
    )
    costs = pl.DataFrame(
        {
            "org_code": ["AC001", "AC002", "AC002"],
            "year": [Y3, Y3, Y3],
            "function": ["finance", "finance", "corporate_legal"],
            "pay_cost": [1.0e6, 0.8e6, 0.5e6],
            "non_pay_cost": [0.2e6, 0.1e6, 0.0],
            "fte": [30.0, 25.0, 5.0],
        }
    )
    bundle = Bundle.from_tables(finance=finance, function_costs=costs)
    web.store.load(bundle, by="tester", source="nhsi.csv", sha256=hashlib.sha256(b"x").hexdigest())


def test_the_national_page_shows_the_trend_with_a_break_where_the_round_changes(
    web: Web,
) -> None:
    _second_round(web)
    html = web.signed_in(NATIONAL).get("/national").text
    cells = _cells(html, "trend-table")
    header = cells[: cells.index("2009/10")]
    assert header[:2] == ["Year", "Round"]
    functions = header[2:]
    assert functions[0] == "Finance"
    assert {"Corporate legal", "HR"} <= set(functions)
    width = len(header)
    rows = {cells[i]: cells[i : i + width] for i in range(width, len(cells), width)}
    finance = functions.index("Finance") + 2
    legal = functions.index("Corporate legal") + 2
    hr = functions.index("HR") + 2
    assert rows["2009/10"][finance] == "£9.5m (1.51%)"
    assert rows["2010/11"][finance] == "£2.6m (1.20%)"
    assert rows["2016/17"][finance] == "£2.1m (0.95%)"
    assert rows["2016/17"][legal] == "£0.5m (0.50%)"
    assert rows["2016/17"][hr] == "–"  # not asked for in the 2016/17 round
    assert rows["2009/10"][legal] == "–"
    # the marker: the first year of the new round, in the table and in words
    assert rows["2016/17"][1] == "New round A second round for the tests"
    assert rows["2010/11"][1] == "QIPP corporate services benchmarking 2010"
    text = _text(html)
    assert "From 2016/17 the round is “A second round for the tests”" in text
    assert "new functions: Corporate legal" in text
    assert 'id="chart-trend-scope"' in html
    assert "New round from 2016/17" in html  # the chart's rule


def test_the_footprint_page_shows_its_organisations_trend(web: Web) -> None:
    _second_round(web)
    client = web.signed_in(NATIONAL)
    # (the national user sees the live figures, the footprint user the published ones)
    html = client.get("/footprints/NCL").text
    cells = _cells(html, "trend-table")
    width = cells.index("2009/10")
    finance = cells.index("Finance")
    rows = {cells[i]: cells[i : i + width] for i in range(width, len(cells), width)}
    assert rows["2009/10"][finance] == "£2.6m (1.04%)"
    assert rows["2016/17"][finance] == "£2.1m (0.95%)"


def test_a_single_round_has_no_break(web: Web) -> None:
    html = web.signed_in(FOOTPRINT).get("/footprints/NCL").text
    assert 'id="trend-table"' in html
    assert "New round" not in html


@pytest.mark.parametrize("path", ["/national", "/footprints/NCL"])
def test_the_trend_table_scrolls_in_its_own_region(web: Web, path: str) -> None:
    _second_round(web)
    html = web.signed_in(NATIONAL).get(path).text
    assert 'role="region" aria-label="Trend by year and function"' in html


def test_a_round_added_later_changes_the_national_page(web: Web) -> None:
    _second_round(web, with_round=False)
    client = web.signed_in(NATIONAL)
    before = _text(client.get("/national").text)
    assert "From 2016/17 the round is none" in before
    web.store.rounds.add(nhsi_test(), NHSI_TEST, by="tester")
    after = _text(client.get("/national").text)
    assert "From 2016/17 the round is “A second round for the tests”" in after
