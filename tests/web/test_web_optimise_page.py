"""How the optimiser's page lays out its groups for each role (``web/optimise_page.py``): who is
named and who counted, the footprints in words, and which groups may become a case."""

from __future__ import annotations

import polars as pl

from corpbench.access import Principal
from corpbench.plan.optimise import Group, Optimum
from corpbench.web.optimise_page import group_rows, unassigned_words

REGISTER = pl.DataFrame(
    {
        "org_code": ["A1", "A2", "B1", "B2", "C1"],
        "org_name": ["Ash", "Alder", "Beech", "Birch", "Cedar"],
        "footprint": ["FA", "FA", "FB", " FB ", None],
    }
)
RESULT = Optimum(
    region="R",
    year="2010/11",
    candidates=9,
    groups=(
        Group(("A1", "B1", "B2", "C1"), ("C1", "FA", "FB"), 30_000.0, 10_000.0, 500.0),
        Group(("A2",), ("FA",), 21_000.0, 1_000.0, 200.0),
    ),
    run_rate_saving=700.0,
    unassigned=(),
)
NATIONAL = Principal(1, "n@x", "national")
FOOTPRINT = Principal(2, "f@x", "footprint", footprint="FA")


def test_national_users_see_every_name_and_may_make_every_case() -> None:

    rows = group_rows(RESULT, NATIONAL, REGISTER)
    assert [r.named for r in rows] == [
        ["Ash (A1)", "Beech (B1)", "Birch (B2)", "Cedar (C1)"],
        ["Alder (A2)"],
    ]
    assert [r.counted for r in rows] == [[], []]
    assert [r.footprints for r in rows] == ["no footprint, FA, FB", "FA"]
    assert [r.case_orgs for r in rows] == ["A1,B1,B2,C1", "A2"]
    assert [(r.number, r.employees, r.margin, r.saving) for r in rows] == [
        (1, 30_000.0, 10_000.0, 500.0),
        (2, 21_000.0, 1_000.0, 200.0),
    ]


def test_a_footprint_user_sees_others_counted_and_makes_cases_of_its_own_only() -> None:

    rows = group_rows(RESULT, FOOTPRINT, REGISTER)
    assert rows[0].named == ["Ash (A1)"]
    assert rows[0].counted == ["2 organisations of FB", "1 organisation without a footprint"]
    assert rows[0].case_orgs == ""  # not wholly its footprint
    assert rows[1].named == ["Alder (A2)"]
    assert rows[1].case_orgs == "A2"
    left = Optimum("R", "2010/11", 9, (), 0.0, ("A2", "B1"))
    assert unassigned_words(left, FOOTPRINT, REGISTER) == ["Alder (A2)", "1 organisation of FB"]
