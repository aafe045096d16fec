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
    by_function = _cells(html, "chart-intervals-function-table")
    assert by_function[:2] == ["Function", "Saving £m"]
    assert millions(finance["high"][0]) in by_function
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


def test_the_api_benchmark_gains_the_interval_of_the_total_saving(web: Web) -> None:
    row = (
        _engine(web)
        .filter((pl.col("level") == "organisation") & (pl.col("key") == "AC001"))
        .row(0, named=True)
    )
    client = web.signed_in(ORG)
    answer = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&method=iqm").json()
    total = next(r for r in answer if r["function"] == "all")
    assert (total["total_saving"], total["low"], total["high"]) == (
        row["estimate"],
        row["low"],
        row["high"],
    )
    assert all(r["low"] is None and r["high"] is None for r in answer if r["function"] != "all")
    fixed = client.get(f"/api/v1/organisations/AC001/benchmark?year={Y1}&method=threshold:6")
    assert all(r["low"] is None and r["total_saving"] is None for r in fixed.json())


def test_the_api_national_summary_gains_low_and_high(web: Web) -> None:
    table = _engine(web)
    ends = {(r["level"], r["key"]): (r["low"], r["high"]) for r in table.to_dicts()}
    client = web.signed_in(NATIONAL)
    answer = client.get(f"/api/v1/national/summary?year={Y1}&method=iqm").json()
    for r in answer["summary"]:
        level = "all" if r["org_type"] == "all" else "org_type"
        if r["saving_extrapolated"] is None:  # a type without respondents
            assert (r["low"], r["high"]) == (None, None)
        else:
            assert (r["low"], r["high"]) == ends[(level, r["org_type"])]
    for r in answer["by_function"]:
        assert (r["low"], r["high"]) == ends[("function", r["function"])]
    fixed = client.get(f"/api/v1/national/summary?year={Y1}&method=threshold:6").json()
    assert all(r["low"] is None for r in fixed["summary"] + fixed["by_function"])


def test_the_national_download_is_the_export_of_the_intervals(web: Web) -> None:
    import io

    from corpbench.documents.machine_csv import write_machine_csv

    client = web.signed_in(NATIONAL)
    html = client.get(f"/national?year={Y1}&method=median").text
    assert f'href="/national/uncertainty.csv?year={Y1}&amp;method=median"' in html
    r = client.get(f"/national/uncertainty.csv?year={Y1}&method=median")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    expected = io.StringIO()
    write_machine_csv(
        Benchmark.from_bundle(web.store.current()).uncertainty("median", Y1), expected
    )
    assert r.text == expected.getvalue()
    assert web.store.audit.entries(action="export")[0].target.startswith("savings-intervals-")
    refused = client.get(f"/national/uncertainty.csv?year={Y1}&method=threshold:6")
    assert refused.status_code == 400
    assert "fixed target" in refused.text
