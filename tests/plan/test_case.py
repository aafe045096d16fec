"""Case documents (planning methods §3): reading, defaults and every error with its path."""

from __future__ import annotations

from typing import Any

import pytest

from corpbench.plan import CaseInvalid, parse_case, validate_case
from corpbench.plan.case import STATUS_QUO, Partner
from plan.cases import small


def _errors(doc: dict[str, Any]) -> dict[str, str]:
    return {e.path: e.message for e in validate_case(doc)}


def _with(path: str, value: Any) -> dict[str, Any]:
    """The small case with one field set (dot-separated path, list items by index)."""
    doc = small()
    *head, last = path.split(".")
    node: Any = doc
    for key in head:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def test_the_small_case_is_valid() -> None:
    assert validate_case(small()) == []
    case = parse_case(small())
    assert case.function_codes() == ("finance",)
    assert case.option.share == {"finance": 0.5}
    assert case.option.simplify == {"finance": 0.1}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("option.share.finance", 1.2, "1.2 is above 1 (expected 0 ≤ share < 1)"),
        ("option.share.finance", 1, "1 is not below 1 (expected 0 ≤ share < 1)"),
        ("option.share.finance", -0.1, "-0.1 is below 0 (expected 0 ≤ share < 1)"),
        ("option.simplify.finance", 0.25, "0.25 is above 0.2 (expected 0 ≤ simplify ≤ 0.2)"),
        ("discount_rate", 1.5, "1.5 is above 1 (expected 0 ≤ rate < 1)"),
        ("discount_rate", -0.01, "-0.01 is below 0 (expected 0 ≤ rate < 1)"),
        ("horizon", 2.5, "2.5 is not a whole number"),
        ("horizon", 0, "0 is below 1 (expected a whole number of years 1 … 100)"),
        ("functions.finance.cost", -1, "-1 is below 0 (expected an amount ≥ 0)"),
        ("functions.finance.cost", "1000", "'1000' is not a number"),
        ("functions.finance.cost", True, "True is not a number"),
        (
            "functions.finance.cost",
            float("nan"),
            "nan is not a finite number (expected an amount ≥ 0)",
        ),
        ("functions.finance.pay_share", 1.5, "1.5 is above 1 (expected 0 ≤ pay share ≤ 1)"),
        ("option.one_off.0.amount", -5, "-5 is below 0 (expected an amount ≥ 0)"),
        ("option.one_off.0.year", 4, "4 is after the horizon (expected a year from 0 to 3)"),
        ("option.one_off.0.year", 0.5, "0.5 is not a whole number"),
        (
            "option.recurring.0.from_year",
            -1,
            "-1 is below 0 (expected a year from 0 to the horizon)",
        ),
        ("option.phases.share.start", 0, "0 is below 1 (expected a start year ≥ 1)"),
        ("option.phases.simplify.ramp", 0, "0 is below 1 (expected a ramp of ≥ 1 year)"),
        ("option.location_factor", 0, "0 is not above 0 (expected a location factor above 0)"),
        ("option.management_fee", 2, "2 is above 1 (expected 0 ≤ management fee ≤ 1)"),
        ("optimism_bias.benefits", 1.1, "1.1 is above 1 (expected 0 ≤ benefits reduction ≤ 1)"),
        ("optimism_bias.capex", -0.2, "-0.2 is below 0 (expected an uplift ≥ 0)"),
        ("optimism_bias.delay_years", -1, "-1 is below 0 (expected a delay ≥ 0 years)"),
        (
            "option.model",
            "shared",
            "'shared' is not a delivery model (expected one of "
            "in_house_centralised, cooperative, company, joint_venture, outsourced)",
        ),
        (
            "option.colour",
            "blue",
            "unknown field (expected one of location_factor, "
            "management_fee, model, one_off, phases, recurring, share, simplify, standardise)",
        ),
        ("monte_carlo.draws", 0, "0 is below 1 (expected a whole number of draws 1 … 1,000,000)"),
    ],
)
def test_one_error(path: str, value: Any, message: str) -> None:
    assert _errors(_with(path, value)) == {path: message}


def test_functions_must_be_the_standards() -> None:
    doc = small()
    doc["functions"]["fleet"] = {"cost": 1, "transactional": 0, "operational": 0}
    doc["option"]["share"]["hr"] = 0.1
    errors = _errors(doc)
    assert errors["functions.fleet"].startswith("unknown function (expected one of finance, hr")
    assert errors["option.share.hr"] == (
        "not one of the case's functions (expected a function under functions)"
    )
    assert len(errors) == 2


def test_shares_of_one_cost_sum_to_at_most_one() -> None:
    doc = _with("functions.finance.operational", 0.6)
    assert _errors(doc) == {
        "functions.finance": "transactional + operational is 1.1, above 1 (expected the "
        "shares of one cost to sum to at most 1)"
    }


def test_uncertain_figures() -> None:
    doc = small()
    doc["uncertain"] = {
        "option.share.finance": {"low": 0.4, "mode": 0.5, "high": 1.0},
        "option.share.hr": {"low": 0.1, "mode": 0.2, "high": 0.3},
        "optimism_bias.capex": {"low": 0.5, "mode": 0.2, "high": 1},
        "functions.finance.cost": {"low": 900, "high": 1100},
        "option.one_off.0.amount": {"low": 100, "mode": 200, "high": 300},
        "option.one_off.1.amount": {"low": 100, "mode": 200, "high": 300},
    }
    assert _errors(doc) == {
        'uncertain."option.share.finance".high': "1 is not below 1 (expected 0 ≤ share < 1)",
        'uncertain."option.share.hr"': "no such figure in the case (expected a path such as "
        "option.share.finance, optimism_bias.capex or functions.imt.cost)",
        'uncertain."optimism_bias.capex"': "low 0.5, mode 0.2, high 1 are out of order "
        "(expected low ≤ mode ≤ high)",
        'uncertain."functions.finance.cost".mode': "missing (expected a number)",
        'uncertain."option.one_off.1.amount"': "no such figure in the case (expected a path "
        "such as option.share.finance, optimism_bias.capex or functions.imt.cost)",
    }
    # a rate not written in the case is still a figure of it (0): it may be uncertain
    doc = small()
    doc["uncertain"] = {"option.standardise.finance": {"low": 0, "mode": 0, "high": 0.1}}
    assert _errors(doc) == {}
    # drawn shares could sum above 1
    doc["uncertain"] = {"functions.finance.transactional": {"low": 0.5, "mode": 0.5, "high": 0.8}}
    assert list(_errors(doc)) == ["uncertain.functions.finance"]


def test_appraisal_fields() -> None:
    doc = small()
    doc["principles"] = [{"name": "cost", "weight": 2}, {"name": "control", "weight": 1}]
    doc["options_scored"] = {
        "company": {"cost": 11, "control": 5, "speed": 1},
        "outsourced": {"cost": 5},
    }
    assert _errors(doc) == {
        "options_scored.status_quo": "missing: the status quo is always one of the options "
        "(expected its score on every principle)",
        "options_scored.company.cost": "11 is above 10 (expected a score 0 … 10)",
        "options_scored.company.speed": "unknown field (expected one of control, cost)",
        "options_scored.outsourced.control": "missing (expected a number)",
    }
    doc["principles"] = [{"name": "cost", "weight": 0}]
    doc["options_scored"] = {STATUS_QUO: {"cost": 1}}
    assert _errors(doc) == {
        "principles": "every weight is 0 (expected at least one weight above 0)"
    }
    doc["principles"] = [{"name": "cost", "weight": 1}, {"name": "cost", "weight": 1}]
    assert _errors(doc) == {"principles.1.name": "'cost' is named twice (expected unique names)"}


def test_partners_and_share_keys() -> None:
    doc = small()
    doc["share_key"] = "custom"
    doc["partners"] = [{"org_code": "A", "baseline": 1, "key": 2}, {"org_code": "B"}]
    assert _errors(doc) == {
        "partners.1.key": "missing: share_key is custom (expected each partner's key k_i)"
    }
    doc["share_key"] = "volume"
    assert _errors(doc) == {
        "partners": "the partners' volumes sum to 0 (expected a total above 0 for the volume "
        "share key)"
    }
    doc["share_key"] = "fair"
    assert "share_key" in _errors(doc)
    doc["share_key"] = "baseline"
    doc["candidates"] = [{"org_code": "A", "volume": 5}]
    assert _errors(doc) == {
        "candidates.0.org_code": "'A' is already a partner (expected an organisation that may join)"
    }
    doc["candidates"] = []
    case = parse_case(doc)
    assert case.partners == (Partner("A", 1, 0, 0, 2), Partner("B", 0, 0, 0, None))


def test_every_error_at_once_and_nothing_built() -> None:
    doc = small()
    doc["discount_rate"] = 2
    doc["option"]["share"]["finance"] = 1.2
    doc["option"]["phases"]["share"]["start"] = 0
    doc["option"]["model"] = "magic"
    doc["functions"]["widgets"] = {"cost": 1}
    doc["uncertain"] = {"nowhere": {"low": 0, "mode": 0, "high": 0}}
    with pytest.raises(CaseInvalid) as info:
        parse_case(doc)
    assert [e.path for e in info.value.errors] == [
        "discount_rate",
        "functions.widgets",
        "option.model",
        "option.share.finance",
        "option.phases.share.start",
        'uncertain."nowhere"',
    ]
    assert str(info.value.errors[3]) == (
        "option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)"
    )
