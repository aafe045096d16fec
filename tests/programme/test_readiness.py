"""Readiness as data, the ready-for-design gate, baseline completeness and the design-phase
resource plan, each against values worked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from corpbench.programme.readiness import (
    MUST_HAVE_CODES,
    MUST_HAVES,
    QUESTION_CODES,
    QUESTIONS,
    DayRates,
    MustHaveState,
    ResourceError,
    baseline_completeness,
    design_gate,
    resource_plan,
)
from corpbench.standard.vocab import IndicatorKind

SEED = Path("/work/shared/seeds/000_49a6e59ead382894.txt")


def test_ten_questions_and_ten_must_haves_with_distinct_codes() -> None:
    assert len(QUESTIONS) == len(MUST_HAVES) == 10
    assert len(set(QUESTION_CODES) | set(MUST_HAVE_CODES)) == 20
    # the checklist's first and last words, typed from seed 000
    assert QUESTIONS[0].checklist == "What direction has been articulated by the executive board?"
    assert QUESTIONS[-1].checklist == "How engaged are the key stakeholders with the programme?"
    assert MUST_HAVES[0].checklist == "mandate from executive board"
    assert MUST_HAVES[-1].checklist == "list of existing parallel projects"


@pytest.mark.skipif(not SEED.is_file(), reason="the seed documents are not on this machine")
def test_the_checklist_is_quoted_word_for_word() -> None:
    text = SEED.read_text(encoding="utf-8")
    for item in (*QUESTIONS, *MUST_HAVES):
        assert item.checklist in text, item.code


def _all_met() -> dict[str, MustHaveState]:
    return {c: MustHaveState(True, f"evidence of {c}") for c in MUST_HAVE_CODES}


def test_the_gate_opens_only_when_all_ten_are_met_with_evidence() -> None:
    gate = design_gate(_all_met())
    assert gate.ready
    assert gate.missing == ()
    states = _all_met()
    states["scope_agreed"] = MustHaveState(False, "draft only")
    states["governance_agreed"] = MustHaveState(True, "   ")
    del states["location_data"]
    states["not_a_code"] = MustHaveState(False, "")  # ignored
    gate = design_gate(states)
    assert not gate.ready
    assert gate.missing == (
        ("scope_agreed", "not_met"),
        ("governance_agreed", "no_evidence"),
        ("location_data", "not_recorded"),
    )
    empty = design_gate({})
    assert not empty.ready
    assert empty.missing_codes == MUST_HAVE_CODES


def test_baseline_completeness_by_hand() -> None:
    costs = pl.DataFrame(
        {
            "org_code": ["A", "A", "A", "A", "B"],
            "year": ["2016/17", "2016/17", "2016/17", "2015/16", "2015/16"],
            "function": ["finance", "finance", "hr", "imt", "finance"],
            "fte": [0.0, 0.0, 3.0, 5.0, 2.0],
            "delivery_model": [None, "shared", "  ", "in_house", "in_house"],
        }
    )
    indicators = pl.DataFrame(
        {
            "org_code": ["A", "A", "A", "A", "B"],
            "year": ["2016/17", "2016/17", "2016/17", "2016/17", "2016/17"],
            "function": ["finance", "hr", "hr", "imt", "finance"],
            "indicator": ["invoices_paid", "debtor_days", "made_up", "helpdesk_calls", "x"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    kinds = {
        "invoices_paid": IndicatorKind.VOLUME,
        "helpdesk_calls": IndicatorKind.VOLUME,
        "debtor_days": "performance",
    }
    table = baseline_completeness(
        costs, indicators, partners=["A", "B"], functions=["finance", "hr", "imt"],
        year="2016/17", indicator_kinds=kinds,
    )  # fmt: skip
    rows = table.select(
        "org_code", "function", "budget", "wte", "volumes", "performance", "operating_model",
        "present",
    ).rows()  # fmt: skip
    assert rows == [
        # finance: rows (budget), fte 0 + 0 (no WTE), invoices_paid (volume), "shared"
        ("A", "finance", True, False, True, False, True, 3),
        # hr: a row, fte 3, debtor_days (performance), a blank model is no model
        ("A", "hr", True, True, False, True, False, 3),
        # imt: only a 2015/16 cost row, but a 2016/17 volume
        ("A", "imt", False, False, True, False, False, 1),
        ("B", "finance", False, False, False, False, False, 0),
        ("B", "hr", False, False, False, False, False, 0),
        ("B", "imt", False, False, False, False, False, 0),
    ]
    assert table["completeness"].to_list() == [0.6, 0.6, 0.2, 0.0, 0.0, 0.0]


def test_resource_plan_by_hand() -> None:
    rates = DayRates(sponsor=800, pm=500, lead=400, expert=300)
    plan = resource_plan(weeks=10, leads=3, workshop_days=4, rates=rates)
    # 10 x (1 + 5 + 2 x 3) + 4 = 124 person-days
    assert plan.person_days == 124
    assert [(x.role, x.days_a_week, x.person_days) for x in plan.lines] == [
        ("sponsor", 1, 10), ("pm", 5, 50), ("leads", 6, 60), ("experts", None, 4),
    ]  # fmt: skip
    # 10 x 800 + 50 x 500 + 60 x 400 + 4 x 300
    assert plan.cost == 58_200
    single = resource_plan(weeks=8, single_service=True, leads=1, lead_days=1.5)
    # 8 x (1 + 2.5 + 1.5 x 1) + 0, no rates: no cost
    assert single.person_days == 40
    assert single.cost == 0
    default = resource_plan()
    assert default.weeks == 10
    assert default.person_days == 60


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weeks": 0}, "weeks: 0 must be a number at least 1 and at most 52"),
        ({"weeks": math.nan}, "weeks: nan must be a number at least 1 and at most 52"),
        ({"leads": -1}, "leads: -1 must be a whole number at least 0"),
        ({"leads": 1.5}, "leads: 1.5 must be a whole number at least 0"),
        ({"lead_days": 2.5}, "lead_days: 2.5 must be a number at least 0 and at most 2"),
        ({"workshop_days": -1}, "workshop_days: -1 must be a number at least 0"),
        ({"rates": DayRates(pm=-5)}, "pm_rate: -5 must be a number at least 0"),
    ],
)
def test_bad_resource_inputs_say_which(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ResourceError) as caught:
        resource_plan(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message
