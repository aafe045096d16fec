"""The benefits actions: lines and values saved as versions with their audit entries, refusals
that store nothing, scope as for programmes, and the envelopes worked out from the store."""

from __future__ import annotations

import pytest

from actions.conftest import last_entry, national
from actions.test_plans import OTHER_FOOTPRINT_ACTOR, OTHER_ORG_ACTOR
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import ActionError
from corpbench.actions.benefits import (
    MonthEntry,
    UploadRefused,
    enter_values,
    programme_benefits,
    save_line,
    upload_values,
)
from corpbench.plan import machine_output
from corpbench.store import Store
from web.conftest import FOOTPRINT, NATIONAL


def _programme(store: Store) -> int:
    return actions.new_programme(store, national(), name="NCL", footprint="NCL", year=Y1).id


def _line(store: Store, pid: int, actor: object = None, **kw: object) -> int:
    base: dict[str, object] = {
        "function": "finance",
        "description": "Finance cost a month",
        "owner": "FD",
        "cashable": True,
        "baseline": 100_000.0,
        "target": 90_000.0,
        "improvement": "decrease",
    }
    base.update(kw)
    saved = save_line(store, actor or national(), pid, None, **base)  # type: ignore[arg-type]
    return saved.number


def test_a_line_is_saved_and_audited(prepared: Store) -> None:
    pid = _programme(prepared)
    assert _line(prepared, pid) == 1
    assert last_entry(prepared, "benefit_save") == (
        NATIONAL,
        "benefit_save",
        f"programme {pid} line 1",
        {"version": 1, "function": "finance", "cashable": True, "baseline": 100_000.0,
         "target": 90_000.0, "improvement": "decrease", "created": True},
    )  # fmt: skip
    save_line(
        prepared, FOOTPRINT_ACTOR, pid, 1, function="finance", description="Finance cost",
        owner="CFO", cashable=True, baseline=100_000.0, target=85_000.0, improvement="decrease",
    )  # fmt: skip
    versions = prepared.benefits.line_versions(pid, 1)
    assert [(v.version, v.owner, v.target, v.saved_by) for v in versions] == [
        (1, "FD", 90_000.0, NATIONAL),
        (2, "CFO", 85_000.0, FOOTPRINT),
    ]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"function": "catering"}, "function: 'catering' is not one of"),
        ({"description": "  "}, "needs a description"),
        ({"improvement": "up"}, "improvement: 'up' is not one of"),
        ({"baseline": None}, "needs a baseline"),
        ({"baseline": float("nan")}, "baseline: nan is not a finite number"),
        ({"improvement": "neutral"}, "not neutral"),
    ],
)
def test_a_bad_line_is_refused_and_nothing_stored(
    prepared: Store, change: dict[str, object], words: str
) -> None:
    pid = _programme(prepared)
    with pytest.raises(ActionError, match=words):
        _line(prepared, pid, **change)
    assert prepared.benefits.lines(pid) == []


def test_scope_footprint_edits_organisation_partner_reads(prepared: Store) -> None:
    pid = _programme(prepared)
    _line(prepared, pid, FOOTPRINT_ACTOR)
    for actor, kind in ((ORG_ACTOR, "forbidden"), (OTHER_FOOTPRINT_ACTOR, "forbidden")):
        with pytest.raises(ActionError) as err:
            _line(prepared, pid, actor)
        assert err.value.kind == kind
        with pytest.raises(ActionError):
            enter_values(prepared, actor, pid, 1, [MonthEntry("2017-04", 1.0)])  # type: ignore[arg-type]
    assert [x.number for x in programme_benefits(prepared, ORG_ACTOR, pid).lines] == [1]
    with pytest.raises(ActionError) as err:
        programme_benefits(prepared, OTHER_ORG_ACTOR, pid)
    assert err.value.kind == "forbidden"
    assert len(prepared.benefits.lines(pid)) == 1


def test_values_entered_and_uploaded_are_versions(prepared: Store) -> None:
    pid = _programme(prepared)
    _line(prepared, pid)
    _line(prepared, pid, description="Agency", cashable=False, baseline=None, improvement="neutral")
    n = enter_values(
        prepared, national(), pid, 1,
        [MonthEntry("2017-04", 95_000.0, 96_000.0), MonthEntry("2017-05", 93_000.0)],
    )  # fmt: skip
    assert n == 3
    assert last_entry(prepared, "benefit_save")[2:] == (
        f"programme {pid} line 1",
        {"values": 3, "months": ["2017-04", "2017-05"]},
    )
    csv = b"line,month,actual,planned\n1,2017-05,92000,\n2,2017-05,7,8\n"
    assert upload_values(prepared, FOOTPRINT_ACTOR, pid, csv, "C:\\work\\may.csv") == 3
    assert last_entry(prepared, "benefit_upload") == (
        FOOTPRINT,
        "benefit_upload",
        f"programme {pid}",
        {"file": "may.csv", "rows": 2, "values": 3, "lines": [1, 2]},
    )
    seen = programme_benefits(prepared, national(), pid)
    one, two = seen.lines
    assert one.actuals == {"2017-04": 95_000.0, "2017-05": 92_000.0}
    assert one.planned == {"2017-04": 96_000.0}
    assert (two.actuals, two.planned) == ({"2017-05": 7.0}, {"2017-05": 8.0})
    # realised: (100k − 95k) + (100k − 92k) = 13k; the agency line is not cashable
    assert seen.envelopes.realised == 13_000.0
    assert seen.envelopes.through == "2017-05"


def test_a_bad_upload_stores_nothing(prepared: Store) -> None:
    pid = _programme(prepared)
    _line(prepared, pid)
    bad = b"line,month,actual\n1,2017-04,1\n1,2017-14,2\n"
    with pytest.raises(UploadRefused) as err:
        upload_values(prepared, national(), pid, bad, "a.csv")
    assert [(i.code, i.row, i.column) for i in err.value.issues] == [("bad_month", 3, "month")]
    line = prepared.benefits.lines(pid)[0]
    assert prepared.benefits.value_versions(line.line_id) == []
    assert prepared.audit.entries(action="benefit_upload", limit=1) == []
    with pytest.raises(ActionError, match="YYYY-MM"):
        enter_values(prepared, national(), pid, 1, [MonthEntry("April", 1.0)])
    with pytest.raises(ActionError, match="no benefit line 7"):
        enter_values(prepared, national(), pid, 7, [MonthEntry("2017-04", 1.0)])


def test_envelopes_from_the_store(prepared: Store) -> None:
    pid = _programme(prepared)
    _line(prepared, pid)
    enter_values(prepared, national(), pid, 1, [MonthEntry("2017-04", 90_000.0)])
    seen = programme_benefits(prepared, national(), pid)
    env = seen.envelopes
    # no business case: envelope (a) is not shown, and the page says why
    assert env.case_to_date is None
    assert any("no business case" in n for n in seen.notes)
    # (b) the partners' whole cost, as summed from their own Carter rows
    assert [p.org_code for p in env.partners] == ["AC001", "AC002", "MH001"]
    assert env.baseline_cost == pytest.approx(sum(p.cost or 0 for p in env.partners))
    assert env.som_envelope == pytest.approx(0.2 * (env.baseline_cost or 0))
    for p in env.partners:
        assert p.pct == pytest.approx(100 * (p.cost or 0) / (p.income or 1))
        assert p.within == ((p.pct or 0) <= 7.0, (p.pct or 0) <= 6.0)


def test_envelope_a_spreads_the_case_s_yearly_benefit_by_month(prepared: Store) -> None:
    case = actions.new_case(prepared, national(), year=Y1, footprint="NCL")
    made = actions.new_programme(prepared, national(), name="P", case_id=case.version.case_id)
    _line(prepared, made.id)
    # 15 months of actuals from April 2017: the case's year 0, then a quarter of year 1
    entries = [
        MonthEntry(f"{2017 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}", 99_000.0) for i in range(15)
    ]
    enter_values(prepared, national(), made.id, 1, entries)
    seen = programme_benefits(prepared, national(), made.id)
    # the yearly benefit as `plan evaluate --json` gives it, spread by hand
    _, evaluation = actions.evaluate_case(prepared, national(), case.version.case_id)
    years = [y["benefit"] for y in machine_output(evaluation)["years"]]
    assert seen.envelopes.start == "2017-04"
    assert seen.envelopes.through == "2018-06"
    assert seen.envelopes.case_to_date == pytest.approx(years[0] + years[1] * 3 / 12)
    assert seen.envelopes.realised == 15_000.0
    if seen.envelopes.case_to_date:
        assert seen.envelopes.case_pct == pytest.approx(100 * 15_000 / seen.envelopes.case_to_date)
    assert not any("business case" in n for n in seen.notes)
