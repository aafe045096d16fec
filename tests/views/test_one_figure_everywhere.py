"""Each figure has one source: the views show the rank and the total saving that
``corpbench.bench`` computes (``peer_ranks``, ``total_savings``), for every organisation,
method and grouping of the rounds in views/rounds.py."""

from __future__ import annotations

import polars as pl
import pytest

from corpbench.bench import total_savings
from corpbench.views import footprint_view, footprints, organisation_view
from corpbench.views.labels import TOTAL_ROW
from views.rounds import Y1, engine

METHODS = ("iqm", "q1", "external:hackett_median", "threshold:6")


def _responded(year: str) -> list[str]:
    return sorted(engine().totals(year)["org_code"].unique().to_list())


@pytest.mark.parametrize("grouping", ["org_type", "region"])
def test_the_function_table_and_the_distribution_show_the_engines_ranks(grouping: str) -> None:
    e = engine()
    ranks = e.ranks(grouping, Y1).filter(pl.col("kpi") == "pct_turnover")
    checked = 0
    for code in _responded(Y1):
        view = organisation_view(e, code, Y1, grouping)
        own = dict(ranks.filter(pl.col("org_code") == code).select("function", "rank").iter_rows())
        shown = dict(view.functions.select("function", "rank").drop_nulls().iter_rows())
        assert shown == own
        position = e.org_position(code, Y1, grouping=grouping)
        assert dict(position.select("function", "rank").drop_nulls().iter_rows()) == own
        self_rows = view.distribution.filter(pl.col("is_self") & (pl.col("kpi") == "pct_turnover"))
        assert dict(self_rows.select("function", "rank").iter_rows()) == own
        checked += len(own)
    assert checked > 0


def test_every_total_saving_shown_is_the_engines() -> None:
    e = engine()
    for spelling in METHODS:
        method = e.method(spelling)
        expected = dict(
            total_savings(e.savings(method, year=Y1), method)
            .select("org_code", "saving")
            .iter_rows()
        )
        for code in _responded(Y1):
            view = organisation_view(e, code, Y1, method=spelling, methods=METHODS)
            assert view.total_saving == (
                None if code not in expected else pytest.approx(expected[code])
            )
        for name in footprints(e):
            try:
                fp = footprint_view(e, name, Y1, methods=METHODS)
            except ValueError:  # no partner responded that year
                continue
            partners = fp.members.filter(pl.col("responded"))["org_code"].to_list()
            total_row = fp.savings_by_method_wide.filter(pl.col("function") == TOTAL_ROW)
            shown = total_row[str(method)][0]
            own = [expected[c] for c in partners if c in expected]
            assert shown == (pytest.approx(sum(own)) if own else None)
