"""Readiness and lessons actions: versions kept, the gate, completeness from the store, bad
input refused whole with nothing stored, and who may do what."""

from __future__ import annotations

from datetime import date

import pytest

from actions.conftest import last_entry, national
from actions.test_plans import OTHER_ORG_ACTOR
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import ActionError, AnswerInput, MustHaveInput
from corpbench.actions.readiness import history
from corpbench.programme.lessons import EXAMPLES
from corpbench.programme.readiness import MUST_HAVE_CODES
from corpbench.store import Store
from web.conftest import FOOTPRINT, NATIONAL


def _programme(store: Store) -> int:
    return actions.new_programme(store, national(), name="NCL", footprint="NCL", year=Y1).id


def test_answers_are_versions_and_the_web_form_saves_only_changes(prepared: Store) -> None:
    pid = _programme(prepared)
    first = AnswerInput("direction", " Board minute 12 ", "CEO", "2026-01-05", "Amber")
    actions.save_readiness(prepared, FOOTPRINT_ACTOR, pid, answers=[first])
    assert last_entry(prepared, "readiness_save") == (
        FOOTPRINT, "readiness_save", f"programme {pid}",
        {"question": "direction", "version": 1, "rag": "amber", "owner": "CEO",
         "date": "2026-01-05"},
    )  # fmt: skip
    same = AnswerInput("direction", "Board minute 12", "CEO", "2026-01-05", "amber")
    saved, _ = actions.save_readiness(prepared, national(), pid, answers=[same], only_changed=True)
    assert saved == []
    saved, _ = actions.save_readiness(prepared, national(), pid, answers=[same])
    assert [s.version for s in saved] == [2]
    green = AnswerInput("direction", "Board minute 12", "CEO", date(2026, 2, 1), "green")
    actions.save_readiness(prepared, national(), pid, answers=[green], only_changed=True)
    seen = actions.readiness(prepared, ORG_ACTOR, pid)
    assert seen.answers["direction"].rag == "green"
    assert seen.answers["direction"].version == 3
    assert seen.answers["direction"].saved_by == NATIONAL
    answers, _ = history(prepared, ORG_ACTOR, pid)
    assert [(a.version, a.rag, a.saved_by) for a in answers] == [
        (1, "amber", FOOTPRINT), (2, "amber", NATIONAL), (3, "green", NATIONAL)
    ]  # fmt: skip


def test_the_gate_reads_the_current_must_haves(prepared: Store) -> None:
    pid = _programme(prepared)
    all_met = [MustHaveInput(c, True, f"paper {c}") for c in MUST_HAVE_CODES]
    actions.save_readiness(prepared, national(), pid, must_haves=all_met)
    assert actions.readiness(prepared, national(), pid).gate.ready
    actions.save_readiness(
        prepared, national(), pid, must_haves=[MustHaveInput("mandate", False, "withdrawn")]
    )
    gate = actions.readiness(prepared, national(), pid).gate
    assert not gate.ready
    assert gate.missing == (("mandate", "not_met"),)
    assert last_entry(prepared, "readiness_save")[3] == {
        "must_have": "mandate", "version": 2, "met": False,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "musts", "message"),
    [
        ([AnswerInput("nope", "a", "o", None, "red")], [],
         "question: 'nope' is not a readiness question; expected one of direction, decisions, "
         "resourcing, sourcing, scope, location, constraints, dependencies, next_stage, "
         "stakeholders"),
        ([AnswerInput("scope", "a", "o", None, "blue")], [],
         "question scope, rag: 'blue' is not one of red, amber, green"),
        ([AnswerInput("scope", "a", "o", "2026-02-30", "red")], [],
         "question scope, date: '2026-02-30' is not a date like 2026-03-31"),
        ([AnswerInput("scope", "a", "o", "5/1/2026", "red")], [],
         "question scope, date: '5/1/2026' is not a date like 2026-03-31"),
        ([AnswerInput("scope", "  ", "o", None, "red")], [],
         "question scope, answer: must not be empty"),
        ([AnswerInput("scope", "a", "", None, "red")], [],
         "question scope, owner: must not be empty"),
        ([], [MustHaveInput("mandat", True, "x")],
         "must-have: 'mandat' is not a must-have; expected one of " + ", ".join(MUST_HAVE_CODES)),
    ],
)  # fmt: skip
def test_bad_input_is_refused_whole_and_nothing_is_stored(
    prepared: Store, answers: list[AnswerInput], musts: list[MustHaveInput], message: str
) -> None:
    pid = _programme(prepared)
    good = AnswerInput("direction", "fine", "CEO", None, "green")
    with pytest.raises(ActionError, match=exactly(message)) as caught:
        actions.save_readiness(
            prepared, national(), pid, answers=[good, *answers],
            must_haves=[MustHaveInput("mandate", True, "x"), *musts],
        )  # fmt: skip
    assert caught.value.kind == "invalid"
    assert prepared.programmes.answer_versions(pid) == []
    assert prepared.programmes.must_have_versions(pid) == []
    assert prepared.audit.count("readiness_save") == 0


def test_only_editors_save_readiness(prepared: Store) -> None:
    pid = _programme(prepared)
    good = [AnswerInput("direction", "fine", "CEO", None, "green")]
    with pytest.raises(ActionError, match="you may not change programme 1") as c:
        actions.save_readiness(prepared, ORG_ACTOR, pid, answers=good)
    assert c.value.kind == "forbidden"
    with pytest.raises(ActionError, match="programme 1 is not in your scope"):
        actions.save_readiness(prepared, OTHER_ORG_ACTOR, pid, answers=good)
    assert prepared.programmes.answer_versions(pid) == []


def test_completeness_of_the_partners_from_the_store(prepared: Store) -> None:
    pid = _programme(prepared)
    year, table = actions.completeness(prepared, national(), pid)
    assert year == Y1
    bundle = prepared.current(Y1)
    assert table["org_code"].unique(maintain_order=True).to_list() == ["AC001", "AC002", "MH001"]
    # budget is present exactly where the round has a cost row (an independent count)
    rows = {
        (o, f)
        for o, f in bundle.function_costs.select("org_code", "function").iter_rows()
        if o in {"AC001", "AC002", "MH001"}
    }
    flagged = {(o, f) for o, f, b in table.select("org_code", "function", "budget").iter_rows()
               if b}  # fmt: skip
    assert flagged == rows
    assert rows  # the round has some
    for r in table.iter_rows(named=True):
        assert r["completeness"] == r["present"] / 5


def test_lessons_examples_once_then_add_filter_and_scope(prepared: Store) -> None:
    assert actions.add_example_lessons(prepared, national()) == len(EXAMPLES)
    assert actions.add_example_lessons(prepared, national()) == 0
    assert prepared.audit.count("lesson_add") == 1
    pid = _programme(prepared)
    mine = actions.add_lesson(
        prepared, FOOTPRINT_ACTOR, theme="Design principles", kind="went-well",
        text="Principles tested every option", lesson_date="2026-03-01", programme_id=pid,
    )  # fmt: skip
    assert (mine.theme, mine.kind, mine.example, mine.lesson_date) == (
        "design_principles", "went_well", False, date(2026, 3, 1)
    )  # fmt: skip
    assert last_entry(prepared, "lesson_add") == (
        FOOTPRINT, "lesson_add", f"lesson {mine.id}",
        {"programme_id": pid, "theme": "design_principles", "kind": "went_well",
         "example": False},
    )  # fmt: skip
    everyone = actions.list_lessons(prepared, ORG_ACTOR)
    assert everyone[0] == mine  # newest date first
    assert len(everyone) == len(EXAMPLES) + 1
    # an organisation outside the programme reads the examples only
    assert all(x.example for x in actions.list_lessons(prepared, OTHER_ORG_ACTOR))
    found = actions.list_lessons(prepared, national(), theme="baseline", search="BENCHMARKING")
    assert [x.kind for x in found] == ["went_well"]
    with pytest.raises(ActionError, match=exactly(
        "theme: 'money' is not one of governance, design_principles, resources, baseline, other"
    )):  # fmt: skip
        actions.add_lesson(prepared, national(), theme="money", kind="went_well", text="x")
    with pytest.raises(ActionError, match=exactly("date: '01/03/2026' is not a date like "
                                                  "2026-03-31")):  # fmt: skip
        actions.add_lesson(prepared, national(), theme="other", kind="went_well", text="x",
                           lesson_date="01/03/2026")  # fmt: skip
    with pytest.raises(ActionError, match="lessons are added by national and footprint users"):
        actions.add_lesson(prepared, ORG_ACTOR, theme="other", kind="went_well", text="x")
    assert len(prepared.programmes.lessons()) == len(EXAMPLES) + 1
