"""With reveal_peers False nothing an organisation user can get — the view model, the chart
specs, the board report, the workbook and the CSV — names or codes another organisation."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape

import polars as pl
import pytest

from corpbench.bench.engine import Benchmark
from corpbench.charts import (
    kpi_ranking_chart,
    peer_distribution_chart,
    savings_by_method_chart,
    to_spec,
    trend_chart,
)
from corpbench.demo import generate
from corpbench.documents.board_pdf import board_html
from corpbench.documents.org_workbook import functions_csv, org_workbook
from corpbench.views import OrganisationView, benchmark_api_rows, organisation_view
from views.rounds import NAMES, Y1, engine


def _view_text(view: OrganisationView) -> str:
    parts = []
    for field in dataclasses.fields(view):
        value = getattr(view, field.name)
        parts.append(value.write_csv() if isinstance(value, pl.DataFrame) else repr(value))
    return "\n".join(parts)


def _chart_specs(view: OrganisationView, kpis: tuple[str, ...] | None = None) -> str:
    specs = [savings_by_method_chart(view.savings_by_method, view.name)]
    pairs = view.distribution.select("kpi", "function").unique().rows()
    pairs = [(k, f) for k, f in pairs if kpis is None or k in kpis]
    for kpi, function in pairs:
        specs.append(
            kpi_ranking_chart(view.distribution, view.peer_stats, kpi, function, view.name)
        )
        specs.append(
            peer_distribution_chart(view.distribution, view.peer_stats, kpi, function, view.name)
        )
        specs.append(trend_chart(view.trend, kpi, function, view.name))
    return "\n".join(json.dumps(to_spec(c)) for c in specs)


def _workbook_text(view: OrganisationView) -> str:
    archive = zipfile.ZipFile(io.BytesIO(org_workbook(view)))
    return "".join(archive.read(n).decode() for n in archive.namelist())


def _forms(name: str) -> set[str]:
    """The ways a name may be written: as is, JSON-, HTML- and XML-escaped."""
    return {
        name,
        json.dumps(name)[1:-1],
        html_escape(name),
        html_escape(name, quote=False),
        xml_escape(name),
        xml_escape(name, {'"': "&quot;"}),
        name.replace('"', "&#34;"),
    }


@pytest.mark.parametrize(
    ("code", "grouping"),
    [("AC001", "org_type"), ("AC004", "org_type"), ("MH001", "org_type"), ("AC002", "region")],
)
def test_no_output_names_another_organisation(code: str, grouping: str) -> None:
    view = organisation_view(engine(), code, Y1, grouping, reveal_peers=False)
    assert view.distribution.height > 0
    outputs = {
        "view": _view_text(view),
        "charts": _chart_specs(view),
        "report": board_html(view),
        "workbook": _workbook_text(view),
        "csv": functions_csv(view),
        "api": json.dumps(benchmark_api_rows(engine(), code, Y1, "iqm", grouping)),
    }
    for other, name in NAMES.items():
        if other == code:
            continue
        for where, text in outputs.items():
            assert other not in text, (where, other)
            for form in _forms(name):
                assert form not in text, (where, name)


def test_revealed_views_do_name_peers() -> None:
    # the positive control: the same outputs carry the peers when they may be shown
    view = organisation_view(engine(), "AC001", Y1, reveal_peers=True)
    assert "AC002" in _view_text(view)
    assert "Beta Hospitals" in _chart_specs(view)
    assert "Beta Hospitals" in board_html(view)
    assert "Beta Hospitals" in _workbook_text(view)


@pytest.mark.parametrize("grouping", ["org_type", "mypeers:Chosen"])
def test_no_other_demo_organisation_in_the_view_or_charts(grouping: str) -> None:
    eng = Benchmark.from_bundle(generate())
    code = "ZF00001"
    year = eng.years()[0]
    if grouping.startswith("mypeers:"):
        # a "My peers" list of the first six other organisations (by code) that responded
        responded = sorted(set(eng.totals(year)["org_code"]) - {code})
        eng = eng.with_my_peers("Chosen", code, responded[:6])
    view = organisation_view(eng, code, year, grouping)
    assert view.distribution.height > 0
    text = _view_text(view) + _chart_specs(view, ("pct_turnover",))
    others = eng.organisations.filter(pl.col("org_code") != code)
    for other, name in others.select("org_code", "org_name").rows():
        assert other not in text
        if name not in view.name:
            assert name not in text
