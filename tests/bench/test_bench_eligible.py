"""Who is eligible in a year when a store holds the registers of two rounds: an organisation
with rows counts only in the years of the rounds it has rows in, one with no row in every year;
without rounds, every register entry counts in every year (as before). Hand-made register:

- A1 acute, rows in 2009/10 (round q); A2 acute, a finance row in 2016/17 only (round n);
- A3 acute, no row at all; M1 mental health, a finance row in 2010/11 only (round q).
"""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from bench.tables import Y1, Y2, costs, finance, organisations
from corpbench.bench import eligible_counts, eligible_members
from corpbench.bench.engine import Benchmark
from corpbench.standard.rounds import RoundsByYear, default_round

Y3 = "2016/17"
ROUNDS = {Y1: "q", Y2: "q", Y3: "n"}

ORGS = organisations(
    [
        {"org_code": "A1", "org_type": "acute"},
        {"org_code": "A2", "org_type": "acute"},
        {"org_code": "A3", "org_type": "acute"},
        {"org_code": "M1", "org_type": "mental_health"},
    ]
)
FINANCE = finance(
    [
        {"org_code": "A1", "turnover": 100.0},
        {"org_code": "M1", "year": Y2, "turnover": 50.0},
        {"org_code": "A2", "year": Y3, "turnover": 200.0},
    ]
)
COSTS = costs(
    [
        {"org_code": "A1", "function": "finance", "pay_cost": 4.0},
        {"org_code": "A2", "year": Y3, "function": "finance", "pay_cost": 6.0},
    ]
)


def _members(year_rounds: dict[str, str] | None) -> dict[str, set[str]]:
    members = eligible_members(ORGS, FINANCE, COSTS, year_rounds)
    out: dict[str, set[str]] = {}
    for code, year in members.select("org_code", "year").iter_rows():
        out.setdefault(year, set()).add(code)
    return out


def test_with_rounds_an_organisation_counts_in_its_rounds_years_or_everywhere_if_silent() -> None:
    assert _members(ROUNDS) == {
        Y1: {"A1", "A3", "M1"},
        Y2: {"A1", "A3", "M1"},
        Y3: {"A2", "A3"},
    }
    counts = eligible_counts(ORGS, FINANCE, COSTS, ROUNDS).sort("year", "org_type")
    assert counts.rows() == [
        ("acute", Y1, 2),
        ("mental_health", Y1, 1),
        ("acute", Y2, 2),
        ("mental_health", Y2, 1),
        ("acute", Y3, 2),
    ]


def test_without_rounds_every_register_entry_counts_in_every_year() -> None:
    everyone = {"A1", "A2", "A3", "M1"}
    assert _members(None) == {Y1: everyone, Y2: everyone, Y3: everyone}


def test_a_year_no_round_names_is_a_round_of_its_own() -> None:
    assert _members({Y1: "q", Y2: "q"})[Y3] == {"A2", "A3"}


def test_the_summary_and_response_figures_use_the_rounds() -> None:
    # The default round holds Y1 and Y2 (any year it is not told otherwise); round "n" holds Y3.
    second = dataclasses.replace(default_round(), name="n", years=(Y3,))
    engine = Benchmark(ORGS, FINANCE, COSTS, rounds=RoundsByYear.of([second]))
    summary = engine.summary("iqm", year=Y3)
    rows = {r["org_type"]: r for r in summary.iter_rows(named=True)}
    assert sorted(engine.eligible_members(Y3)["org_code"]) == ["A2", "A3"]  # response tracker
    assert set(rows) == {"acute", "all"}  # no mental health trust is eligible in 2016/17
    acute = rows["acute"]
    assert (acute["eligible"], acute["respondents"]) == (2, 1)
    assert acute["spend_extrapolated"] == pytest.approx(12.0)  # 6 × 2 / 1
    by_function = engine.summary_by_function("iqm", year=Y3)
    assert by_function.filter(pl.col("function") == "finance")["spend_extrapolated"].to_list() == [
        pytest.approx(12.0)
    ]
    first = Benchmark(ORGS, FINANCE, COSTS).summary("iqm", year=Y1)
    assert dict(first.select("org_type", "eligible").iter_rows()) == {
        "acute": 3,
        "mental_health": 1,
        "all": 4,
    }
