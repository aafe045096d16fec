"""Each row is checked against the round of its year: a round naming the year, else the default
round (which checks exactly as the standard's vocabulary did)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from corpbench.ingest import Issue
from corpbench.standard import Vocabulary
from corpbench.standard.rounds import RoundsByYear, default_round, read_round
from ingest.bundles import VALID, Table, check, codes

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"
ROUNDS = RoundsByYear.of([default_round(), read_round(EXAMPLE)])

ORG_HEADER = ["org_code", "org_name", "org_type", "region", "footprint", "teaching"]
FIN_HEADER = ["org_code", "year", "turnover", "total_pay", "total_fte"]
COST_HEADER = ["org_code", "year", "function", "process", "pay_cost", "non_pay_cost", "fte"]
IND_HEADER = ["org_code", "year", "function", "indicator", "value"]


def _bundle(
    orgs: list[list[str]],
    finance: list[list[str]],
    costs: list[list[str]] = (),  # type: ignore[assignment]
    indicators: list[list[str]] = (),  # type: ignore[assignment]
) -> dict[str, Table]:
    data = {
        "organisations": [ORG_HEADER, *orgs],
        "finance": [FIN_HEADER, *finance],
        "function_costs": [COST_HEADER, *costs],
    }
    if indicators:
        data["indicators"] = [IND_HEADER, *indicators]
    return data


def _fin(org: str, year: str, turnover: str = "1000000") -> list[str]:
    return [org, year, turnover, "600000", "100"]


def _cost(org: str, year: str, function: str) -> list[str]:
    return [org, year, function, "", "1000", "100", "1"]


def _errors(issues: list[Issue]) -> list[tuple[str, str | None, int | None, str | None, str]]:
    return [(i.code, i.file, i.row, i.column, i.message) for i in issues]


def test_a_v1_bundle_checks_the_same_with_or_without_the_rounds(tmp_path: Path) -> None:
    bad = {**VALID, "function_costs": [*VALID["function_costs"]]}
    bad["function_costs"].append(["RX1", "2009/10", "finanse", "", "1", "1", "1", "", ""])
    bad["function_costs"].append(["RX1", "2011/12", "legal_services", "", "1", "1", "1", "", ""])
    plain, _ = check(tmp_path / "a", bad, vocab=Vocabulary())
    by_round, _ = check(tmp_path / "b", bad, vocab=Vocabulary(), rounds=ROUNDS)
    assert _errors(by_round.errors) == _errors(plain.errors)
    assert codes(by_round).count("unknown_function") == 2  # a year of no round: the default's
    ok, bundle = check(tmp_path / "c", VALID, rounds=ROUNDS)
    assert ok.ok
    assert bundle is not None


def test_a_new_year_takes_the_types_and_functions_of_its_round(tmp_path: Path) -> None:
    data = _bundle(
        orgs=[["RY001", "Y Teaching", "acute_teaching", "North", "Northdale", "true"]],
        finance=[_fin("RY001", "2021/22")],
        costs=[_cost("RY001", "2021/22", "legal_services"), _cost("RY001", "2021/22", "imt")],
        indicators=[["RY001", "2021/22", "legal_services", "payslips", "3"]],
    )
    report, bundle = check(tmp_path / "ok", data, rounds=ROUNDS)
    assert report.ok, report.errors
    assert bundle is not None
    assert sorted(bundle.function_costs["function"].to_list()) == ["imt", "legal_services"]
    # without the round, the same bundle breaks the standard's vocabulary
    plain, _ = check(tmp_path / "plain", data)
    assert sorted(codes(plain)) == ["unknown_function", "unknown_function", "unknown_org_type"]


def test_a_function_or_indicator_outside_the_round_of_its_year_names_the_round(
    tmp_path: Path,
) -> None:
    data = _bundle(
        orgs=[["RY001", "Y Teaching", "acute_teaching", "North", "", "true"]],
        finance=[_fin("RY001", "2021/22")],
        costs=[_cost("RY001", "2021/22", "finance"), _cost("RY001", "2021/22", "communications")],
        indicators=[["RY001", "2021/22", "finance", "debtor_days", "40"]],
    )
    report, bundle = check(tmp_path / "bad", data, rounds=ROUNDS)
    assert bundle is None
    assert _errors(report.errors) == [
        (
            "unknown_function",
            "function_costs.csv",
            3,
            "function",
            "function 'communications' is not a function of round example-2022 (2021/22): "
            "expected one of finance, imt, legal_services.",
        ),
        (
            "unknown_indicator",
            "indicators.csv",
            2,
            "indicator",
            "indicator 'debtor_days' is not an indicator of round example-2022 (2021/22): "
            "expected one of invoices_paid, payslips, helpdesk_calls.",
        ),
    ]
    assert report.errors[0].value == "communications"


def test_the_round_functions_are_not_those_of_another_year(tmp_path: Path) -> None:
    data = _bundle(
        orgs=[["RX001", "An acute", "acute", "London", "", "false"]],
        finance=[_fin("RX001", "2009/10")],
        costs=[_cost("RX001", "2009/10", "legal_services")],
    )
    report, _ = check(tmp_path / "bad", data, rounds=ROUNDS)
    assert [(i.code, i.row, i.value) for i in report.errors] == [
        ("unknown_function", 2, "legal_services")
    ]
    assert report.errors[0].message.startswith("Expected one of: finance, hr, imt,")


def test_an_organisation_type_must_be_of_the_round_of_every_year_it_returns_for(
    tmp_path: Path,
) -> None:
    data = _bundle(
        orgs=[
            ["RX001", "Old acute", "acute", "North", "", "false"],
            ["RY002", "New specialist", "specialist", "South", "", "false"],
            ["RZ003", "Not returning", "specialist", "South", "", "false"],
            ["RZ004", "Unknown type", "hospice", "South", "", "false"],
        ],
        finance=[
            _fin("RX001", "2009/10"),
            _fin("RX001", "2021/22"),
            _fin("RY002", "2021/22"),
            _fin("RY002", "2010/11"),
        ],
    )
    report, _ = check(tmp_path / "bad", data, rounds=ROUNDS)
    assert _errors(report.errors) == [
        (
            "unknown_org_type",
            "organisations.csv",
            5,
            "org_type",
            "Expected one of: acute, acute_ft, mental_health, mental_health_ft, community, "
            "ambulance, pct_commissioner, pct_provider, pct_undifferentiated, acute_teaching, "
            "specialist.",
        ),
        (
            "unknown_org_type",
            "finance.csv",
            3,
            "org_code",
            "organisation type 'acute' of RX001 (from the register) is not an organisation type "
            "of round example-2022 (2021/22): expected one of acute_teaching, specialist, "
            "ambulance.",
        ),
        (
            "unknown_org_type",
            "finance.csv",
            5,
            "org_code",
            "organisation type 'specialist' of RY002 (from the register) is not an organisation "
            "type of round qipp-2010 (2010/11): expected one of acute, acute_ft, mental_health, "
            "mental_health_ft, community, ambulance, pct_commissioner, pct_provider, "
            "pct_undifferentiated.",
        ),
    ]


def test_the_stored_register_gives_the_type_region_and_footprint_of_others(
    tmp_path: Path,
) -> None:
    register = pl.DataFrame(
        {
            "org_code": ["RS001", "RS002", "RS003"],
            "org_type": ["acute", "ambulance", "ambulance"],
            "region": ["North", "London", "South"],
            "footprint": ["Northdale", None, "Elsewhere"],
        }
    )
    data = {
        "finance": [FIN_HEADER, *(_fin(c, "2021/22") for c in ("RS001", "RS002", "RS003"))],
    }
    report, _ = check(
        tmp_path / "bad",
        data,
        rounds=ROUNDS,
        register=register,
        known_org_codes=["RS001", "RS002", "RS003"],
    )
    assert [(i.code, i.row, i.value) for i in report.errors] == [
        ("unknown_org_type", 2, "RS001"),
        ("unknown_region", 3, "RS002"),
        ("unknown_footprint", 4, "RS003"),
    ]
    assert report.errors[1].message == (
        "region 'London' of RS002 (from the register) is not a region of round example-2022 "
        "(2021/22): expected one of North, Midlands, South."
    )
    assert report.errors[2].message.endswith(
        "expected one of Northdale, Riverside, Coast and Downs."
    )
    # the bundle's register row takes the place of the stored entry
    fixed = {
        **data,
        "organisations": [
            ORG_HEADER,
            ["RS001", "Now teaching", "acute_teaching", "North", "", "true"],
            ["RS002", "Moved", "ambulance", "Midlands", "Riverside", "false"],
            ["RS003", "Moved", "ambulance", "South", "", "false"],
        ],
    }
    report, bundle = check(
        tmp_path / "fixed",
        fixed,
        rounds=ROUNDS,
        register=register,
        known_org_codes=["RS001", "RS002", "RS003"],
    )
    assert report.ok, report.errors
    assert bundle is not None
