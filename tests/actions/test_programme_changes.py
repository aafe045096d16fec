"""Renaming and retiring a programme: scope rules, the audit entries (the old name kept, since
the programme row is changed in place), bad names refused with nothing stored, and a retired
programme gone from the lists and its pages while its readiness, lessons and benefits stay
stored — on SQLite and PostgreSQL (the prepared store: footprint NCL is AC001, AC002, MH001)."""

from __future__ import annotations

import pytest

from actions.conftest import last_entry, national
from actions.test_plans import OTHER_FOOTPRINT_ACTOR, OTHER_ORG_ACTOR
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import ActionError, AnswerInput
from corpbench.actions.benefits import save_line
from corpbench.store import Store
from web.conftest import FOOTPRINT, NATIONAL


def _ncl(store: Store, name: str = "NCL finance") -> int:
    return actions.new_programme(store, national(), name=name, footprint="NCL", year=Y1).id


def _stored(store: Store) -> list[tuple[object, ...]]:
    """Every programme row as stored, retired ones too."""
    found = []
    for pid in range(1, 6):
        r = store.programmes.get(pid)
        if r is not None:
            found.append((r.id, r.name, r.footprint, r.year, r.case_id, r.retired_at is None))
    return found


def test_a_rename_changes_the_name_and_keeps_the_old_one_in_the_audit_log(
    prepared: Store,
) -> None:
    pid = _ncl(prepared)
    done = actions.rename_programme(prepared, FOOTPRINT_ACTOR, pid, "  NCL   shared  finance ")
    assert done.record.name == "NCL shared finance"
    assert done.editable
    assert _stored(prepared) == [(pid, "NCL shared finance", "NCL", Y1, None, True)]
    assert last_entry(prepared, "programme_save") == (
        FOOTPRINT,
        "programme_save",
        f"programme {pid}",
        {"name": "NCL shared finance", "footprint": "NCL", "year": Y1, "case_id": None,
         "renamed_from": "NCL finance"},
    )  # fmt: skip
    # a second rename records the name it had just before, so the log holds every name
    actions.rename_programme(prepared, national(), pid, "NCL back office")
    names = [
        (e.detail["name"], e.detail.get("renamed_from"))
        for e in reversed(prepared.audit.entries(action="programme_save"))
    ]
    assert names == [
        ("NCL finance", None),
        ("NCL shared finance", "NCL finance"),
        ("NCL back office", "NCL shared finance"),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "a programme needs a name"),
        ("   \t ", "a programme needs a name"),
        ("x" * 121, "a programme's name has at most 120 characters"),
        (" NCL  finance", "name: programme 1 is called 'NCL finance' already"),
    ],
)
def test_a_bad_name_is_refused_and_nothing_is_stored(
    prepared: Store, name: str, message: str
) -> None:
    pid = _ncl(prepared)
    before = (_stored(prepared), len(prepared.audit.entries()))
    with pytest.raises(ActionError, match=exactly(message)) as caught:
        actions.rename_programme(prepared, national(), pid, name)
    assert caught.value.kind == "invalid"
    assert (_stored(prepared), len(prepared.audit.entries())) == before


def test_a_name_of_exactly_the_limit_is_taken(prepared: Store) -> None:
    pid = _ncl(prepared)
    assert actions.rename_programme(prepared, national(), pid, "y" * 120).record.name == "y" * 120


def test_only_who_may_change_a_programme_renames_or_retires_it(prepared: Store) -> None:
    pid = _ncl(prepared)
    before = (_stored(prepared), len(prepared.audit.entries()))
    refusals = [
        # an organisation user, even a partner's, changes no programme
        (ORG_ACTOR, "programmes are run by national and footprint users", "forbidden"),
        (OTHER_ORG_ACTOR, "programmes are run by national and footprint users", "forbidden"),
        # a footprint user cannot see another footprint's programme
        (OTHER_FOOTPRINT_ACTOR, f"programme {pid} is not in your scope", "forbidden"),
    ]
    for actor, message, kind in refusals:
        with pytest.raises(ActionError, match=exactly(message)) as caught:
            actions.rename_programme(prepared, actor, pid, "Taken over")
        assert caught.value.kind == kind
        with pytest.raises(ActionError, match=exactly(message)) as caught:
            actions.retire_programme(prepared, actor, pid)
        assert caught.value.kind == kind
    # outside its scope a missing programme looks like a hidden one; national is told it is
    # missing
    with pytest.raises(ActionError, match=exactly("programme 9 is not in your scope")):
        actions.retire_programme(prepared, OTHER_FOOTPRINT_ACTOR, 9)
    with pytest.raises(ActionError, match=exactly("no programme 9")) as caught:
        actions.retire_programme(prepared, national(), 9)
    assert caught.value.kind == "not_found"
    assert (_stored(prepared), len(prepared.audit.entries())) == before
    # the footprint's own user may
    gone = actions.retire_programme(prepared, FOOTPRINT_ACTOR, pid)
    assert gone.record.retired_at is not None


def test_a_retired_programme_leaves_the_lists_and_its_pages_but_its_records_stay(
    prepared: Store,
) -> None:
    kept = _ncl(prepared, "Kept")
    pid = _ncl(prepared, "Wound up")
    actions.save_readiness(
        prepared, national(), pid,
        answers=[AnswerInput("direction", "Minute 12", "CEO", "2026-01-05", "amber")],
    )  # fmt: skip
    actions.add_lesson(
        prepared, national(), lesson_date="2026-02-01", programme_id=pid, theme="baseline",
        kind="went_well", text="Volumes were there",
    )  # fmt: skip
    save_line(
        prepared, national(), pid, None, function="finance", description="Finance a month",
        owner="FD", cashable=True, baseline=100_000.0, target=90_000.0, improvement="decrease",
    )  # fmt: skip

    gone = actions.retire_programme(prepared, national(), pid)
    assert last_entry(prepared, "programme_retire") == (
        NATIONAL,
        "programme_retire",
        f"programme {pid}",
        {"name": "Wound up", "footprint": "NCL", "year": Y1, "case_id": None},
    )
    assert gone.record.retired_at is not None
    assert _stored(prepared) == [
        (kept, "Kept", "NCL", Y1, None, True),
        (pid, "Wound up", "NCL", Y1, None, False),
    ]
    for actor in (national(), FOOTPRINT_ACTOR, ORG_ACTOR):
        assert [p.id for p in actions.list_programmes(prepared, actor)] == [kept]
        with pytest.raises(ActionError, match=exactly(f"no programme {pid}")) as caught:
            actions.get_programme(prepared, actor, pid)
        assert caught.value.kind == "not_found"
    # nothing more is done to it: no second retirement, no rename, no readiness
    with pytest.raises(ActionError, match=exactly(f"no programme {pid}")):
        actions.retire_programme(prepared, national(), pid)
    with pytest.raises(ActionError, match=exactly(f"no programme {pid}")):
        actions.rename_programme(prepared, national(), pid, "Revived")
    assert len(prepared.audit.entries(action="programme_retire")) == 1
    # its readiness, lesson and benefit line are still stored
    assert [(a.question, a.answer) for a in prepared.programmes.answer_versions(pid)] == [
        ("direction", "Minute 12")
    ]
    assert [x.programme_id for x in prepared.programmes.lessons()] == [pid]
    assert [(v.number, v.function) for v in prepared.benefits.lines(pid)] == [(1, "finance")]
