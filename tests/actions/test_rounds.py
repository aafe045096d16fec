"""The round action through ``corpbench.actions``: a national user adds a round (audited as
``round_add``); a bad definition is refused with every issue and nothing stored or audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.conftest import last_entry, national
from corpbench import actions
from corpbench.actions import ActionError, RoundRefused
from corpbench.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"


def test_a_national_user_adds_a_round_and_the_audit_log_says_so(prepared: Store) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    saved = actions.add_round(prepared, national("ann"), text, "round-example.toml")
    assert (saved.round.name, saved.round.version, saved.changed) == ("example-2022", 1, True)
    assert last_entry(prepared, "round_add") == (
        "ann",
        "round_add",
        "example-2022",
        {"version": 1, "years": ["2021/22"], "changed": True, "sha256": saved.round.sha256},
    )
    again = actions.add_round(prepared, national("bo"), text, "round-example.toml")
    assert (again.round.version, again.changed) == (1, False)
    assert prepared.audit.count("round_add") == 2


def test_a_bad_definition_is_refused_with_every_issue_and_nothing_kept(prepared: Store) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"pct_turnover"', '"pct_joy"')
    text = text.replace('code = "specialist"', 'code = "ambulance"')
    with pytest.raises(RoundRefused) as caught:
        actions.add_round(prepared, national(), text, "mine.toml")
    assert caught.value.message == "mine.toml: 2 problem(s) in the round definition"
    assert caught.value.kind == "invalid"
    assert [(i.where, i.what) for i in caught.value.issues] == [
        ("kpis[0]", "unknown KPI 'pct_joy'"),
        (
            "org_types[2].code",
            "duplicate organisation type 'ambulance' (also at org_types[1].code)",
        ),
    ]
    assert prepared.audit.count("round_add") == 0
    assert [r.name for r in prepared.rounds.all()] == ["qipp-2010"]


def test_a_round_that_would_not_hold_stored_returns_is_refused(prepared: Store) -> None:
    from corpbench.standard.rounds import default_round_text

    text = default_round_text().replace('code = "finance"', 'code = "money"')
    with pytest.raises(ActionError, match=r"returns use function\(s\) finance") as caught:
        actions.add_round(prepared, national(), text, "qipp.toml")
    assert not isinstance(caught.value, RoundRefused)
    assert prepared.audit.count("round_add") == 0
