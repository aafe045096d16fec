"""The programme actions: starting a programme (audited, checked, nothing stored when refused),
and the scope rules of each role, on the prepared store (footprint NCL: AC001, AC002, MH001)."""

from __future__ import annotations

import pytest

from actions.conftest import last_entry, national
from actions.test_plans import OTHER_FOOTPRINT_ACTOR, OTHER_ORG_ACTOR
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import ActionError
from corpbench.store import Store
from web.conftest import FOOTPRINT, NATIONAL


def test_a_programme_of_a_footprint_has_its_organisations_as_partners(prepared: Store) -> None:
    made = actions.new_programme(
        prepared, national(), name="  NCL   shared finance ", footprint="NCL", year=Y1
    )
    r = made.record
    assert (r.id, r.name, r.footprint, r.year, r.case_id, r.created_by, r.retired_at) == (
        1, "NCL shared finance", "NCL", Y1, None, NATIONAL, None
    )  # fmt: skip
    assert made.partners == ("AC001", "AC002", "MH001")
    assert made.editable
    assert last_entry(prepared, "programme_save") == (
        NATIONAL,
        "programme_save",
        "programme 1",
        {"name": "NCL shared finance", "footprint": "NCL", "year": Y1, "case_id": None,
         "created": True},
    )  # fmt: skip


def test_a_programme_of_a_case_takes_its_footprint_year_and_partners(prepared: Store) -> None:
    case = actions.new_case(prepared, national(), year=Y1, org_codes=["AC001", "AC005"])
    assert case.version.footprint is None
    made = actions.new_programme(prepared, national(), name="Pair", case_id=case.version.case_id)
    assert (made.record.footprint, made.record.year, made.record.case_id) == (None, Y1, 1)
    assert made.partners == ("AC001", "AC005")
    # AC005 is a partner of the case, so its organisation user sees the programme read-only
    seen = actions.get_programme(prepared, OTHER_ORG_ACTOR, made.id)
    assert seen.partners == ("AC001", "AC005")
    assert not seen.editable
    # a footprint user sees no programme without a footprint
    assert actions.list_programmes(prepared, FOOTPRINT_ACTOR) == []


def test_scope_rules_of_each_role(prepared: Store) -> None:
    ncl = actions.new_programme(prepared, FOOTPRINT_ACTOR, name="Ours")
    assert ncl.record.footprint == "NCL"
    assert ncl.record.created_by == FOOTPRINT
    assert [p.id for p in actions.list_programmes(prepared, national())] == [1]
    assert [p.id for p in actions.list_programmes(prepared, FOOTPRINT_ACTOR)] == [1]
    assert [p.id for p in actions.list_programmes(prepared, ORG_ACTOR)] == [1]
    assert actions.list_programmes(prepared, OTHER_ORG_ACTOR) == []
    assert actions.list_programmes(prepared, OTHER_FOOTPRINT_ACTOR) == []
    assert not actions.get_programme(prepared, ORG_ACTOR, 1).editable
    assert actions.get_programme(prepared, FOOTPRINT_ACTOR, 1).editable
    for actor in (OTHER_ORG_ACTOR, OTHER_FOOTPRINT_ACTOR):
        with pytest.raises(ActionError, match=exactly("programme 1 is not in your scope")) as c:
            actions.get_programme(prepared, actor, 1)
        assert c.value.kind == "forbidden"
    # outside its scope an actor cannot tell a missing programme from a hidden one
    with pytest.raises(ActionError, match=exactly("programme 9 is not in your scope")):
        actions.get_programme(prepared, ORG_ACTOR, 9)
    with pytest.raises(ActionError, match=exactly("no programme 9")) as c:
        actions.get_programme(prepared, national(), 9)
    assert c.value.kind == "not_found"
    with pytest.raises(ActionError, match="you may not change programme 1") as c:
        actions.editable_programme(prepared, ORG_ACTOR, 1)
    assert c.value.kind == "forbidden"


@pytest.mark.parametrize(
    ("actor", "fields", "message", "kind"),
    [
        (ORG_ACTOR, {"name": "x"}, "programmes are run by national and footprint users",
         "forbidden"),
        (FOOTPRINT_ACTOR, {"name": "x", "footprint": "SEL"},
         "a footprint user runs programmes only for its footprint (NCL)", "forbidden"),
        (None, {"name": "   "}, "a programme needs a name", "invalid"),
        (None, {"name": "x" * 121}, "a programme's name has at most 120 characters", "invalid"),
        (None, {"name": "x", "footprint": "ZZZ"},
         "footprint: 'ZZZ' is not a footprint of the register", "invalid"),
        (None, {"name": "x", "year": "2016/18"},
         "year: '2016/18' is not a round year like 2016/17", "invalid"),
        (None, {"name": "x", "year": "16/17"},
         "year: '16/17' is not a round year like 2016/17", "invalid"),
        (None, {"name": "x", "case_id": 7}, "case: there is no business case 7", "not_found"),
    ],
)  # fmt: skip
def test_bad_programmes_are_refused_and_nothing_is_stored(
    prepared: Store, actor: actions.Actor | None, fields: dict[str, object], message: str,
    kind: str,
) -> None:  # fmt: skip
    with pytest.raises(ActionError, match=exactly(message)) as caught:
        actions.new_programme(prepared, actor or national(), **fields)  # type: ignore[arg-type]
    assert caught.value.kind == kind
    assert prepared.programmes.in_use() == []
    assert prepared.audit.count("programme_save") == 0


def test_a_footprint_user_links_only_its_footprints_case(prepared: Store) -> None:
    case = actions.new_case(prepared, national(), year=Y1, org_codes=["AC001", "AC005"])
    with pytest.raises(ActionError, match=exactly("case: case 1 is not in your scope")):
        actions.new_programme(prepared, FOOTPRINT_ACTOR, name="x", case_id=case.version.case_id)
    ncl = actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, footprint="NCL")
    made = actions.new_programme(prepared, FOOTPRINT_ACTOR, name="x", case_id=ncl.version.case_id)
    assert (made.record.case_id, made.record.footprint) == (2, "NCL")
