"""Gains, joining and leaving (planning methods §6), worked by hand."""

from __future__ import annotations

import pytest

from corpbench.plan import evaluate_plan, machine_output, parse_case
from corpbench.plan.case import Partner
from corpbench.plan.gains import charges, share_keys
from plan.cases import small

PARTNERS = [
    {"org_code": "A", "baseline": 600, "volume": 1000, "redundancy_cost": 50, "key": 1},
    {"org_code": "B", "baseline": 300, "volume": 3000, "key": 1},
    {"org_code": "C", "baseline": 100, "volume": 1000, "redundancy_cost": 20, "key": 2},
]


def _doc(key: str = "baseline") -> dict:
    doc = small()
    doc.update(
        partners=PARTNERS,
        share_key=key,
        service_cost={"fixed": 10_000, "per_unit": 2},
        notice_years=2,
        candidates=[{"org_code": "D", "volume": 5000}],
    )
    return doc


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("baseline", {"A": 0.6, "B": 0.3, "C": 0.1}),
        ("volume", {"A": 0.2, "B": 0.6, "C": 0.2}),
        ("equal", {"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}),
        ("custom", {"A": 0.25, "B": 0.25, "C": 0.5}),
    ],
)
def test_share_keys(key: str, expected: dict[str, float]) -> None:
    case = parse_case(_doc(key))
    assert share_keys(case.partners, key) == pytest.approx(expected)
    gs = machine_output(evaluate_plan(case))["gain_share"]
    # NPV 357.424 and one-off 200 of the small case, shared by key
    for p in gs["partners"]:
        assert p["key"] == pytest.approx(expected[p["org_code"]])
        assert p["npv"] == pytest.approx(expected[p["org_code"]] * 357.424)
        assert p["one_off"] == pytest.approx(expected[p["org_code"]] * 200)


def test_charges_join_and_leave_by_hand() -> None:
    # F = 10,000, u = 2, m = 0.1 (the small case's fee), V = 5,000
    case = parse_case(_doc())
    # charge_i = (10,000 + 2·5,000)·v_i/5,000·1.1 = 4.4 v_i
    assert charges(case.partners, 10_000, 2, 0.1) == pytest.approx(
        {"A": 4400, "B": 13200, "C": 4400}
    )
    gs = machine_output(evaluate_plan(case))["gain_share"]
    # D joins: V' = 10,000: −10,000·v_i·(1/5,000 − 1/10,000)·1.1 = −1.1 v_i
    (join,) = gs["scenarios"]["join"]
    assert join["org_code"] == "D"
    assert join["charge_change"] == pytest.approx({"A": -1100, "B": -3300, "C": -1100})
    # the same change from the charges before and after: 3.3 v_i − 4.4 v_i
    after = charges([*case.partners, Partner("D", volume=5000)], 10_000, 2, 0.1)
    assert after["A"] - 4400 == pytest.approx(-1100)
    leave = {x["org_code"]: x for x in gs["scenarios"]["leave"]}
    # A leaves: 10,000·v_i·(1/4,000 − 1/5,000)·1.1 = 0.55 v_i; exit 2·2,200 + 50
    assert leave["A"]["charge_change"] == pytest.approx({"B": 1650, "C": 550})
    assert leave["A"]["exit_charge"] == pytest.approx(4450)
    # B leaves: 10,000·v_i·(1/2,000 − 1/5,000)·1.1 = 3.3 v_i; exit 2·6,600 + 0
    assert leave["B"]["charge_change"] == pytest.approx({"A": 3300, "C": 3300})
    assert leave["B"]["exit_charge"] == pytest.approx(13200)
    assert leave["C"]["charge_change"] == pytest.approx({"A": 550, "B": 1650})
    assert leave["C"]["exit_charge"] == pytest.approx(4420)


def test_the_last_partner_with_volume_leaving() -> None:
    doc = _doc()
    doc["partners"] = [
        {"org_code": "A", "baseline": 1, "volume": 100, "redundancy_cost": 7},
        {"org_code": "B", "baseline": 1, "volume": 0},
    ]
    gs = machine_output(evaluate_plan(parse_case(doc)))["gain_share"]
    leave = {x["org_code"]: x for x in gs["scenarios"]["leave"]}
    assert leave["A"]["charge_change"] == {"B": 0.0}
    assert leave["A"]["exit_charge"] == 7
