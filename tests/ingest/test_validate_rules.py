"""Each rule of data standard v1 §1, pinned by the exact file, row, column and value reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.bundles import VALID, check, codes, tables, where, with_cell


def test_valid_bundle_has_no_issue(tmp_path: Path) -> None:
    report, bundle = check(tmp_path, tables())
    assert report.issues == []
    assert bundle is not None


def test_unknown_column_is_reported_on_row_1(tmp_path: Path) -> None:
    data = tables()
    data["finance"][0].append(" Colour ")
    for row in data["finance"][1:]:
        row.append("blue")
    report, bundle = check(tmp_path, data)
    assert bundle is None
    assert where(report, "unknown_column") == [("finance.csv", 1, "Colour", " Colour ")]
    assert "turnover" in report.errors[0].message  # the message lists the expected columns


def test_missing_required_column_is_reported_on_row_1(tmp_path: Path) -> None:
    data = tables(finance=[[c for i, c in enumerate(r) if i != 2] for r in VALID["finance"]])
    report, _ = check(tmp_path, data)
    assert where(report, "missing_column") == [("finance.csv", 1, "turnover", None)]


def test_missing_optional_column_is_fine(tmp_path: Path) -> None:
    data = tables(indicators=VALID["indicators"])
    data["function_costs"] = [r[:7] for r in VALID["function_costs"]]  # no shared, model
    report, bundle = check(tmp_path, data)
    assert report.ok
    assert bundle is not None
    assert bundle.function_costs["shared_cost"].to_list() == [None, None, None]


def test_duplicated_column_is_reported_at_its_second_place(tmp_path: Path) -> None:
    data = tables()
    data["indicators"] = [[*r, r[1]] for r in VALID["indicators"]]
    data["indicators"][0][-1] = "Year"
    report, _ = check(tmp_path, data)
    assert where(report, "duplicate_column") == [("indicators.csv", 1, "year", "Year")]
    assert "columns B and F" in report.errors[0].message


def test_unnamed_column_with_values_is_an_error(tmp_path: Path) -> None:
    data = tables()
    data["indicators"] = [[*r, ""] for r in VALID["indicators"]]
    assert check(tmp_path / "a", data)[0].ok  # an empty unnamed column is harmless
    data["indicators"][1][-1] = "x"
    report, _ = check(tmp_path / "b", data)
    assert where(report, "unnamed_column") == [("indicators.csv", 1, "F", None)]


@pytest.mark.parametrize("value", ["", "   "])
def test_required_cell_empty_or_blank_is_reported(tmp_path: Path, value: str) -> None:
    report, _ = check(tmp_path, with_cell("organisations", 3, "org_name", value))
    assert where(report, "required") == [("organisations.csv", 3, "org_name", None)]


@pytest.mark.parametrize(
    "value", ["1,000", "£1000", "1000 GBP", "1 000", "NaN", "inf", "-inf", "12abc", "0x10", "1e"]
)
def test_money_must_be_a_plain_number(tmp_path: Path, value: str) -> None:
    report, _ = check(tmp_path, with_cell("function_costs", 4, "pay_cost", value))
    assert where(report, "not_a_number") == [("function_costs.csv", 4, "pay_cost", value)]
    assert "thousands separators" in report.errors[0].message


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("1e3", 1000.0),
        ("+5", 5.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-0", -0.0),
        (" 7 ", 7.0),
        ("2.5E-1", 0.25),
    ],
)
def test_plain_number_forms_are_accepted(tmp_path: Path, value: str, parsed: float) -> None:
    report, bundle = check(tmp_path, with_cell("function_costs", 4, "pay_cost", value))
    assert report.ok
    assert bundle is not None
    assert bundle.function_costs["pay_cost"][2] == parsed


def test_number_too_large_for_a_float_is_reported(tmp_path: Path) -> None:
    report, _ = check(tmp_path, with_cell("finance", 2, "total_fte", "1e999"))
    assert where(report, "not_a_number") == [("finance.csv", 2, "total_fte", "1e999")]


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("finance", "turnover", "0"),
        ("finance", "turnover", "-0"),
        ("finance", "running_costs", "0"),
        ("finance", "total_pay", "-1"),
        ("finance", "employees", "-0.5"),
        ("function_costs", "fte", "-2"),
        ("function_costs", "shared_cost", "-1"),
    ],
)
def test_bounds_of_the_standard_are_enforced(
    tmp_path: Path, file: str, column: str, value: str
) -> None:
    report, _ = check(tmp_path, with_cell(file, 2, column, value))
    assert where(report, "out_of_range") == [(f"{file}.csv", 2, column, value)]


def test_zero_is_allowed_where_the_bound_is_non_negative(tmp_path: Path) -> None:
    data = with_cell("finance", 2, "total_pay", "0")
    data["finance"][2][4] = "0"  # total_fte
    report, _ = check(tmp_path, data)
    assert report.ok


def test_indicator_value_may_be_negative(tmp_path: Path) -> None:
    assert check(tmp_path, with_cell("indicators", 2, "value", "-3.5"))[0].ok


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("TRUE", True), ("no", False), ("Yes", True), ("1", True), ("0", False), ("False", False)],
)
def test_bool_accepts_true_false_yes_no_1_0_in_any_case(
    tmp_path: Path, value: str, parsed: bool
) -> None:
    report, bundle = check(tmp_path, with_cell("organisations", 2, "teaching", value))
    assert report.ok
    assert bundle is not None
    assert bundle.organisations["teaching"][0] is parsed


def test_bool_other_words_are_reported(tmp_path: Path) -> None:
    report, _ = check(tmp_path, with_cell("organisations", 2, "teaching", "maybe"))
    assert where(report, "not_a_bool") == [("organisations.csv", 2, "teaching", "maybe")]


@pytest.mark.parametrize("code", ["rx1", "AB", "ABCDEFGHIJK", "AB-1", "RX 1"])
def test_org_code_format_is_checked_in_the_register(tmp_path: Path, code: str) -> None:
    data = with_cell("organisations", 3, "org_code", code)
    data["function_costs"] = data["function_costs"][:3]  # drop the RX2 rows
    data["finance"] = data["finance"][:2]
    report, _ = check(tmp_path, data)
    assert where(report, "bad_org_code") == [("organisations.csv", 3, "org_code", code)]
    assert codes(report) == ["bad_org_code"]


@pytest.mark.parametrize(
    ("file", "column", "code"),
    [
        ("organisations", "org_type", "unknown_org_type"),
        ("function_costs", "function", "unknown_function"),
        ("function_costs", "delivery_model", "unknown_delivery_model"),
        ("indicators", "indicator", "unknown_indicator"),
        ("indicators", "function", "unknown_function"),
    ],
)
def test_vocabulary_values_are_checked(tmp_path: Path, file: str, column: str, code: str) -> None:
    report, _ = check(tmp_path, with_cell(file, 2, column, "Finance Dept"))
    assert where(report, code) == [(f"{file}.csv", 2, column, "Finance Dept")]
    assert report.errors[0].message.startswith("Expected one of: ")


def test_vocabulary_comes_from_the_configuration(tmp_path: Path) -> None:
    from corpbench.standard import Vocabulary

    vocab = Vocabulary(org_types=("acute", "mental_health", "hospice"))
    data = with_cell("organisations", 2, "org_type", "hospice")
    assert check(tmp_path / "a", data, vocab=vocab)[0].ok
    assert not check(tmp_path / "b", data)[0].ok


@pytest.mark.parametrize("year", ["2009/11", "2009-10", "09/10", "2009/1", "2009/100", "2009"])
def test_year_must_be_consecutive_yyyy_yy(tmp_path: Path, year: str) -> None:
    report, _ = check(tmp_path, with_cell("indicators", 2, "year", year))
    assert where(report, "bad_year") == [("indicators.csv", 2, "year", year)]


def test_century_boundary_year_is_valid(tmp_path: Path) -> None:
    data = tables()
    for name in ("finance", "function_costs", "indicators"):
        for row in data[name][1:]:
            row[1] = "1999/00"
    assert check(tmp_path, data)[0].ok


def test_shared_cost_may_equal_but_not_exceed_pay_plus_non_pay(tmp_path: Path) -> None:
    assert check(tmp_path / "a", with_cell("function_costs", 2, "shared_cost", "1200"))[0].ok
    report, _ = check(tmp_path / "b", with_cell("function_costs", 2, "shared_cost", "1200.01"))
    assert where(report, "shared_exceeds_cost") == [
        ("function_costs.csv", 2, "shared_cost", "1200.01")
    ]
    assert "(1200.0)" in report.errors[0].message


def test_shared_cost_equal_to_a_pence_sum_is_not_failed_by_float_rounding(tmp_path: Path) -> None:
    # 11,000,000.01 + 771,876.37 is 11771876.379999999 in binary floating point
    data = tables()
    row = data["function_costs"][1]
    header = data["function_costs"][0]
    row[header.index("pay_cost")] = "11000000.01"
    row[header.index("non_pay_cost")] = "771876.37"
    row[header.index("shared_cost")] = "11771876.38"
    assert 11000000.01 + 771876.37 < 11771876.38  # the trap this test pins
    assert check(tmp_path / "a", data)[0].ok
    row[header.index("shared_cost")] = "11771876.39"
    report, _ = check(tmp_path / "b", data)
    assert where(report, "shared_exceeds_cost") == [
        ("function_costs.csv", 2, "shared_cost", "11771876.39")
    ]


def test_duplicate_process_differing_only_in_case_and_underscores(tmp_path: Path) -> None:
    data = tables()
    data["function_costs"].append(
        ["RX1", "2009/10", "finance", " accounts_PAYABLE ", "1", "1", "1", "", ""]
    )
    report, _ = check(tmp_path, data)
    assert where(report, "duplicate_key") == [
        (
            "function_costs.csv",
            5,
            "org_code, year, function, process",
            "RX1, 2009/10, finance, accounts_PAYABLE",
        )
    ]
    assert report.errors[0].message.startswith("Duplicate of row 2:")


def test_two_blank_processes_of_one_function_are_duplicates(tmp_path: Path) -> None:
    data = tables()
    data["function_costs"].append(["RX1", "2009/10", "finance", "  ", "1", "1", "1", "", ""])
    report, _ = check(tmp_path, data)
    assert [(i.row, i.message[:20]) for i in report.errors] == [(5, "Duplicate of row 3: ")]


@pytest.mark.parametrize(
    ("file", "row"),
    [
        ("organisations", ["RX1", "Again", "acute", "x", "", ""]),
        ("finance", ["RX1", "2009/10", "1", "1", "1", "", "", ""]),
        ("indicators", ["RX1", "2009/10", "finance", "invoices_paid", "3"]),
    ],
)
def test_keys_are_unique_per_file(tmp_path: Path, file: str, row: list[str]) -> None:
    data = tables()
    data[file].append(row)
    report, _ = check(tmp_path, data)
    found = where(report, "duplicate_key")
    assert [(f, r) for f, r, _, _ in found] == [(f"{file}.csv", len(data[file]))]
    assert report.errors[0].message.startswith("Duplicate of row 2:")


def test_org_code_outside_the_register_is_reported(tmp_path: Path) -> None:
    data = tables()
    data["finance"].append(["RX9", "2009/10", "1", "1", "1", "", "", ""])
    data["indicators"].append(["RX9", "2009/10", "finance", "payslips", "3"])
    report, _ = check(tmp_path, data)
    assert where(report, "unknown_org") == [
        ("finance.csv", 4, "org_code", "RX9"),
        ("indicators.csv", 3, "org_code", "RX9"),
    ]


def test_known_org_codes_extend_the_register(tmp_path: Path) -> None:
    data = tables()
    del data["organisations"]
    report, _ = check(tmp_path / "a", data)
    assert [r for _, r, _, _ in where(report, "unknown_org")] == [2, 3, 2, 3, 4, 2]
    report, bundle = check(tmp_path / "b", data, known_org_codes={"RX1", "RX2"})
    assert report.ok
    assert bundle is not None
    assert bundle.present == frozenset({"finance", "function_costs", "indicators"})


def test_cost_and_indicator_rows_need_a_finance_row_for_their_year(tmp_path: Path) -> None:
    data = tables()
    data["function_costs"].append(["RX2", "2010/11", "hr", "", "1", "1", "1", "", ""])
    data["indicators"].append(["RX2", "2008/09", "hr", "recruits", "3"])
    report, _ = check(tmp_path, data)
    assert where(report, "no_finance_row") == [
        ("function_costs.csv", 5, "year", "2010/11"),
        ("indicators.csv", 3, "year", "2008/09"),
    ]
    assert "organisation RX2" in report.errors[0].message


def test_without_finance_file_every_cost_row_lacks_its_finance_row(tmp_path: Path) -> None:
    data = tables()
    del data["finance"]
    report, _ = check(tmp_path, data)
    assert [(f, r) for f, r, _, _ in where(report, "no_finance_row")] == [
        ("function_costs.csv", 2),
        ("function_costs.csv", 3),
        ("function_costs.csv", 4),
        ("indicators.csv", 2),
    ]


def test_bundle_without_data_rows_is_rejected(tmp_path: Path) -> None:
    data = {name: [table[0]] for name, table in VALID.items()}
    report, bundle = check(tmp_path, data)
    assert bundle is None
    assert [(i.code, i.file, i.row) for i in report.errors] == [("no_data", None, None)]


def test_register_only_bundle_is_accepted(tmp_path: Path) -> None:
    report, bundle = check(tmp_path, {"organisations": VALID["organisations"]})
    assert report.ok
    assert bundle is not None
    assert bundle.present == frozenset({"organisations"})
    assert bundle.finance.height == 0


def test_without_a_process_column_rows_of_one_function_are_duplicates(tmp_path: Path) -> None:
    data = tables()
    data["function_costs"] = [
        [c for i, c in enumerate(r) if i != 3] for r in VALID["function_costs"]
    ]
    report, _ = check(tmp_path, data)
    assert where(report, "duplicate_key") == [
        ("function_costs.csv", 3, "org_code, year, function, process", "RX1, 2009/10, finance, ")
    ]


def test_cross_file_rules_report_every_row_of_a_return_written_in_one_run(
    tmp_path: Path,
) -> None:
    # 8 lines per return and 5 runs of (org_code, year) in 25 lines: the rules are first
    # decided once per run, and every failing row is still listed
    data = tables()
    header = data["function_costs"][0]
    lines = [
        [org, year, "hr", f"p{i}", "1", "1", "1", "", ""]
        for org, year in (("RX1", "2009/10"), ("RX9", "2009/10"), ("RX2", "2010/11"))
        for i in range(8)
    ]
    lines.insert(3, ["RX9", "2009/10", "hr", "lone", "1", "1", "1", "", ""])
    data["function_costs"] = [header, *lines]
    report, _ = check(tmp_path, data)
    rx9 = [5, *range(11, 19)]
    assert [r for _, r, _, _ in where(report, "unknown_org")] == rx9
    assert [r for _, r, _, _ in where(report, "no_finance_row")] == [*rx9, *range(19, 27)]
