"""The planning workbench's actions: a case made from a baseline, versions that are never
overwritten, validation that saves nothing, retiring, and the scope rules of each role."""

from __future__ import annotations

import tomllib

import pytest

from actions.conftest import last_entry, national
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from cli.bundles import Y1
from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import ActionError, Actor, CaseRefused
from corpbench.plan import evaluate_plan, parse_case
from corpbench.plan.document import to_toml
from corpbench.store import Store
from plan.cases import small
from web.conftest import FOOTPRINT, NATIONAL

OTHER_ORG_ACTOR = Actor(Principal(user_id=4, email="elm@nhs.test", role="organisation",
                                  org_code="AC005"))  # fmt: skip
OTHER_FOOTPRINT_ACTOR = Actor(Principal(user_id=5, email="x@nhs.test", role="footprint",
                                        footprint="SEL"))  # fmt: skip

#: The worked example of docs/planning.md (tests/plan/cases.py), as a case's TOML text.
SMALL = to_toml(small())

BAD = """\
discount_rate = 3.5

[functions.finance]
cost = 1000
transactional = 0.5
operational = 0.3

[functions.fleet]
cost = 200

[option]
model = "cooperative"
share = { finance = 1.2 }
"""


def _with_partners(text: str, *codes: str) -> str:
    return text + "".join(f'\n[[partners]]\norg_code = "{c}"\nbaseline = 100\n' for c in codes)


def test_a_case_made_from_a_footprint_baseline_is_version_1(prepared: Store) -> None:
    saved = actions.new_case(prepared, national(), year=Y1, footprint="NCL")
    v = saved.version
    assert (v.case_id, v.version, v.name, v.footprint, v.year, v.format, v.retired) == (
        1, 1, f"NCL {Y1}", "NCL", Y1, "toml", False
    )  # fmt: skip
    assert v.partners == ("AC001", "AC002", "MH001")
    assert v.saved_by == NATIONAL
    document = tomllib.loads(v.text)
    # the round's NCL figures summed by hand: finance 1.0m + 1.2m + 0.4m, hr 1.0m + 1.0m
    assert document["functions"]["finance"]["cost"] == 2_600_000
    assert document["functions"]["hr"]["cost"] == 2_000_000
    assert [p["baseline"] for p in document["partners"]] == [2_000_000, 2_200_000, 400_000]
    assert v.text.startswith("# A case made by corpbench from the baseline of footprint NCL")
    assert last_entry(prepared, "plan_save") == (
        NATIONAL,
        "plan_save",
        "case 1",
        {
            "version": 1,
            "name": f"NCL {Y1}",
            "footprint": "NCL",
            "partners": ["AC001", "AC002", "MH001"],
            "year": Y1,
            "created": True,
        },
    )


def test_a_case_of_a_list_in_one_footprint_is_that_footprints(prepared: Store) -> None:
    saved = actions.new_case(prepared, national(), year=Y1, org_codes=["ac001", "AC002"])
    assert (saved.version.name, saved.version.footprint) == (f"AC001,AC002 {Y1}", "NCL")
    mixed = actions.new_case(prepared, national(), year=Y1, org_codes=["AC001", "AC003"])
    assert mixed.version.footprint is None


def test_every_save_is_a_new_version_and_nothing_is_overwritten(prepared: Store) -> None:
    first = actions.save_case(prepared, national(), None, text=SMALL, name="Small", year=Y1).version
    second = actions.save_case(
        prepared, Actor.command_line("other@nhs.test"), first.case_id, text=SMALL + "\n"
    ).version
    assert (second.case_id, second.version, second.name, second.year) == (1, 2, "Small", Y1)
    versions = prepared.plans.versions(1)
    assert [(x.version, x.text, x.saved_by) for x in versions] == [
        (1, SMALL, NATIONAL),
        (2, SMALL + "\n", "other@nhs.test"),
    ]


def test_a_bad_case_gets_every_error_with_its_path_and_nothing_is_saved(prepared: Store) -> None:
    saved = actions.save_case(prepared, national(), None, text=SMALL, name="Small").version
    audited = prepared.audit.count()
    for case_id in (None, saved.case_id):
        with pytest.raises(CaseRefused, match=exactly("the case is not valid: 3 errors")) as c:
            actions.save_case(prepared, national(), case_id, text=BAD, name="Bad")
        assert c.value.kind == "invalid"
        assert [str(e) for e in c.value.errors] == [
            "discount_rate: 3.5 is above 1 (expected 0 ≤ rate < 1)",
            "functions.fleet: unknown function (expected one of finance, hr, imt, procurement, "
            "estates, payroll, governance_risk, legal, communications)",
            "option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)",
        ]
    with pytest.raises(CaseRefused) as c:
        actions.save_case(prepared, national(), None, text="horizon = [", name="Broken")
    assert [e.path for e in c.value.errors] == [""]
    assert [v.version for v in prepared.plans.versions(saved.case_id)] == [1]
    assert len(prepared.plans.in_use()) == 1
    assert prepared.audit.count() == audited


def test_a_json_document_is_saved_as_json(prepared: Store) -> None:
    document = tomllib.loads(SMALL)
    saved = actions.save_document(prepared, national(), None, document, name="From the API")
    assert saved.version.format == "json"
    assert saved.case == parse_case(document)


def test_retiring_adds_a_retired_version(prepared: Store) -> None:
    first = actions.save_case(prepared, national(), None, text=SMALL, name="Small").version
    gone = actions.retire_case(prepared, national(), first.case_id)
    assert (gone.version, gone.retired, gone.text) == (2, True, SMALL)
    assert actions.list_cases(prepared, national()) == []
    with pytest.raises(ActionError, match=exactly("no case 1")) as c:
        actions.get_case(prepared, national(), 1)
    assert c.value.kind == "not_found"
    with pytest.raises(ActionError) as c:
        actions.save_case(prepared, national(), 1, text=SMALL)
    assert c.value.kind == "not_found"
    assert [v.retired for v in prepared.plans.versions(1)] == [False, True]
    assert last_entry(prepared, "plan_retire")[2:] == (
        "case 1",
        {"version": 2, "name": "Small", "footprint": None, "partners": [], "year": ""},
    )


# --- scope rules ------------------------------------------------------------------------------


def test_a_footprint_user_plans_only_for_its_footprint(prepared: Store) -> None:
    mine = actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, footprint="NCL").version
    assert (mine.footprint, mine.saved_by) == ("NCL", FOOTPRINT)
    listed = actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, org_codes=["AC001", "MH001"])
    assert listed.version.footprint == "NCL"
    audited = prepared.audit.count()
    refusals = [
        lambda: actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, footprint="SEL"),
        lambda: actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, org_codes=["AC001", "AC003"]),
        # its own text, with a partner outside the footprint
        lambda: actions.save_case(
            prepared, FOOTPRINT_ACTOR, None, text=_with_partners(SMALL, "AC001", "AC005"), name="x"
        ),
        lambda: actions.save_case(
            prepared, FOOTPRINT_ACTOR, mine.case_id, text=_with_partners(SMALL, "CM001")
        ),
    ]
    for refuse in refusals:
        with pytest.raises(ActionError) as c:
            refuse()
        assert c.value.kind == "forbidden", c.value.message
    assert len(prepared.plans.in_use()) == 2
    assert prepared.audit.count() == audited
    # inside its footprint it saves; the case stays its footprint's
    ok = actions.save_case(
        prepared, FOOTPRINT_ACTOR, None, text=_with_partners(SMALL, "AC002"), name="Two"
    ).version
    assert (ok.footprint, ok.partners) == ("NCL", ("AC002",))


def test_a_footprint_user_sees_and_edits_only_its_footprints_cases(prepared: Store) -> None:
    ncl = actions.new_case(prepared, national(), year=Y1, footprint="NCL").version
    north = actions.new_case(prepared, national(), year=Y1, org_codes=["AC003", "AC004"]).version
    assert [v.case_id for v in actions.list_cases(prepared, FOOTPRINT_ACTOR)] == [ncl.case_id]
    assert actions.list_cases(prepared, OTHER_FOOTPRINT_ACTOR) == []
    for act in (
        lambda: actions.get_case(prepared, FOOTPRINT_ACTOR, north.case_id),
        lambda: actions.save_case(prepared, FOOTPRINT_ACTOR, north.case_id, text=SMALL),
        lambda: actions.retire_case(prepared, FOOTPRINT_ACTOR, north.case_id),
        lambda: actions.get_case(prepared, OTHER_FOOTPRINT_ACTOR, ncl.case_id),
    ):
        with pytest.raises(ActionError) as c:
            act()
        assert c.value.kind == "forbidden"
    saved = actions.save_case(prepared, FOOTPRINT_ACTOR, ncl.case_id, text=ncl.text).version
    assert saved.version == 2


def test_an_organisation_user_sees_read_only_the_cases_it_is_a_partner_in(
    prepared: Store,
) -> None:
    ncl = actions.new_case(prepared, national(), year=Y1, footprint="NCL").version
    north = actions.new_case(prepared, national(), year=Y1, org_codes=["AC003", "AC005"]).version
    assert [v.case_id for v in actions.list_cases(prepared, ORG_ACTOR)] == [ncl.case_id]
    assert [v.case_id for v in actions.list_cases(prepared, OTHER_ORG_ACTOR)] == [north.case_id]
    assert actions.get_case(prepared, ORG_ACTOR, ncl.case_id).version == ncl
    for act in (
        lambda: actions.get_case(prepared, ORG_ACTOR, north.case_id),
        lambda: actions.save_case(prepared, ORG_ACTOR, ncl.case_id, text=ncl.text),
        lambda: actions.save_case(prepared, ORG_ACTOR, None, text=SMALL, name="Mine"),
        lambda: actions.retire_case(prepared, ORG_ACTOR, ncl.case_id),
        lambda: actions.new_case(prepared, ORG_ACTOR, year=Y1, footprint="NCL"),
    ):
        with pytest.raises(ActionError) as c:
            act()
        assert c.value.kind == "forbidden"
    assert [v.version for v in prepared.plans.versions(ncl.case_id)] == [1]


def test_national_sees_and_edits_all(prepared: Store) -> None:
    ncl = actions.new_case(prepared, FOOTPRINT_ACTOR, year=Y1, footprint="NCL").version
    other = actions.save_case(prepared, national(), None, text=SMALL, name="Any").version
    ids = [v.case_id for v in actions.list_cases(prepared, national())]
    assert ids == [ncl.case_id, other.case_id]
    assert actions.save_case(prepared, national(), ncl.case_id, text=ncl.text).version.version == 2


def test_compare_evaluates_each_case_with_the_library(prepared: Store) -> None:
    a = actions.save_case(prepared, national(), None, text=SMALL, name="A").version
    longer = SMALL.replace("horizon = 3", "horizon = 5")
    b = actions.save_case(prepared, national(), None, text=longer, name="B").version
    pairs = actions.compare_cases(prepared, national(), [b.case_id, a.case_id, b.case_id])
    assert [s.version.name for s, _ in pairs] == ["B", "A"]
    # the worked example of docs/planning.md: NPV 357.424 over three years
    assert pairs[1][1].scalar("npv") == pytest.approx(357.424)
    assert pairs[0][1].scalar("npv") == pytest.approx(
        evaluate_plan(parse_case(tomllib.loads(longer))).scalar("npv")
    )
    assert pairs[0][1].scalar("npv") > 357.424  # two more years of net saving
    with pytest.raises(ActionError, match=exactly("compare 2 to 6 cases, not 1")):
        actions.compare_cases(prepared, national(), [a.case_id, a.case_id])


def test_a_case_written_back_as_toml_reads_the_same(prepared: Store) -> None:
    saved = actions.new_case(prepared, national(), year=Y1, footprint="NCL")
    document = tomllib.loads(saved.version.text)
    assert tomllib.loads(to_toml(document)) == document
