"""The same bundle from a folder, a zip and a workbook; headers in any case and order; a BOM;
every error of a bundle reported at once."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from corpbench.ingest import read_and_validate, validate_bundle
from corpbench.ingest.validate import fair_shares
from corpbench.standard.bundle import SCHEMAS, Bundle
from ingest.bundles import (
    LIMITS,
    VALID,
    check,
    csv_bytes,
    read,
    tables,
    write_folder,
    write_xlsx,
    write_zip,
)


def load(path: Path) -> Bundle:
    report, bundle, _ = read_and_validate(path, settings=LIMITS)
    assert report.issues == []
    assert bundle is not None
    return bundle


def assert_same(a: Bundle, b: Bundle) -> None:
    assert a.present == b.present
    for name in SCHEMAS:
        assert_frame_equal(a.table(name), b.table(name))


def test_valid_bundle_has_the_canonical_schemas_and_typed_values(tmp_path: Path) -> None:
    bundle = load(write_folder(tmp_path / "f", tables()))
    for name, schema in SCHEMAS.items():
        assert bundle.table(name).schema == pl.Schema(dict(schema))
    assert bundle.present == frozenset(SCHEMAS)
    assert bundle.organisations.rows() == [
        ("RX1", "Alpha Hospital", "acute", "London", "NCL", True),
        ("RX2", "Beta Mental Health", "mental_health", "North", None, False),
    ]
    assert bundle.finance.row(1) == ("RX2", "2009/10", 500000.0, 300000.0, 600.0, None, None, None)
    assert bundle.function_costs.rows() == [
        ("RX1", "2009/10", "finance", "Accounts Payable", 1000.0, 200.0, 2.5, 300.0, "mixed"),
        ("RX1", "2009/10", "finance", None, 5000.0, 1000.25, 10.0, None, None),
        ("RX2", "2009/10", "hr", "recruitment", 800.0, 100.0, 1.0, None, "in_house"),
    ]
    assert bundle.indicators.rows() == [("RX1", "2009/10", "finance", "invoices_paid", 12000.0)]


def test_folder_zip_and_workbook_give_the_same_bundle(tmp_path: Path) -> None:
    folder = load(write_folder(tmp_path / "f", tables()))
    assert_same(folder, load(write_zip(tmp_path / "r.zip", tables())))
    assert_same(folder, load(write_zip(tmp_path / "t.zip", tables(), prefix="ret/")))
    workbook = write_xlsx(tmp_path / "r.xlsx", tables(), extra_sheets=("Instructions", "LISTS"))
    assert_same(folder, load(workbook))


def test_text_cells_are_trimmed_and_process_kept_as_typed(tmp_path: Path) -> None:
    data = tables()
    data["function_costs"][1] = [
        " RX1 ",
        "2009/10 ",
        " finance",
        "  Accounts Payable ",
        " 1000",
        "200 ",
        "2.5",
        "300",
        " mixed ",
    ]
    bundle = load(write_folder(tmp_path, data))
    assert bundle.function_costs.row(0)[:4] == ("RX1", "2009/10", "finance", "Accounts Payable")


def test_headers_are_case_insensitive_trimmed_and_in_any_order(tmp_path: Path) -> None:
    reordered = {}
    for name, table in VALID.items():
        order = list(reversed(range(len(table[0]))))
        rows = [[row[i] for i in order] for row in table]
        rows[0] = [f" {c.upper()} " if k % 2 else c.title() for k, c in enumerate(rows[0])]
        reordered[name] = rows
    assert_same(
        load(write_folder(tmp_path / "a", tables())), load(write_folder(tmp_path / "b", reordered))
    )


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, tables())
    for name in VALID:
        (folder / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + csv_bytes(VALID[name]))
    assert_same(load(folder), load(write_folder(tmp_path / "plain", tables())))


def test_every_error_of_a_bundle_is_reported_at_once(tmp_path: Path) -> None:
    data = tables()
    data["organisations"][2][2] = "hospital"  # unknown type
    data["finance"][1][2] = "£1m"  # not a number
    data["finance"][2][1] = "2009/2010"  # bad year
    data["function_costs"][2][4] = "-5"  # negative pay
    data["function_costs"][3][0] = "RX7"  # not in register, no finance row
    data["indicators"][1][3] = "coffee"  # unknown indicator
    data["indicators"][0].append("notes")
    data["indicators"][1].append("x")
    report, bundle = check(tmp_path, data)
    assert bundle is None
    assert [(i.code, i.file, i.row, i.column, i.value) for i in report.errors] == [
        ("unknown_org_type", "organisations.csv", 3, "org_type", "hospital"),
        ("not_a_number", "finance.csv", 2, "turnover", "£1m"),
        ("bad_year", "finance.csv", 3, "year", "2009/2010"),
        ("out_of_range", "function_costs.csv", 3, "pay_cost", "-5"),
        ("unknown_org", "function_costs.csv", 4, "org_code", "RX7"),
        ("no_finance_row", "function_costs.csv", 4, "year", "2009/10"),
        ("unknown_column", "indicators.csv", 1, "notes", "notes"),
        ("unknown_indicator", "indicators.csv", 2, "indicator", "coffee"),
    ]
    assert all(i.message.endswith(".") for i in report.errors)


def test_reading_and_rule_errors_are_reported_together(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, with_bad_indicators())
    (folder / "indicators.csv").write_bytes("indicator\nSant\xe9\n".encode("latin-1"))
    report, bundle, _ = read_and_validate(folder, settings=LIMITS)
    assert bundle is None
    assert [(i.code, i.file, i.row) for i in report.errors] == [
        ("bad_year", "finance.csv", 2),
        ("not_utf8", "indicators.csv", 2),
    ]


def with_bad_indicators() -> dict[str, list[list[str]]]:
    data = tables()
    data["finance"][1][1] = "2009"
    data["function_costs"] = [VALID["function_costs"][0], VALID["function_costs"][3]]
    return data


def test_listed_errors_are_capped_with_a_count_of_the_rest(tmp_path: Path) -> None:
    data = tables()
    for i in range(10):
        data["indicators"].append(["RX1", "2009/10", "finance", f"bad{i}", "x"])
    raw = read(write_folder(tmp_path, data))
    report, bundle = validate_bundle(raw, max_issues=5)
    assert bundle is None
    assert len(report.errors) == 6
    last = [i for i in report.errors if i.code == "too_many_errors"]
    assert last[0].message.startswith("15 more errors were found")
    listed = sorted((i.code, i.row) for i in report.errors if i.code != "too_many_errors")
    assert listed == [
        ("not_a_number", 3),
        ("not_a_number", 4),
        ("unknown_indicator", 3),
        ("unknown_indicator", 4),
        ("unknown_indicator", 5),
    ]


def test_fair_shares_list_small_counts_in_full_and_split_the_rest() -> None:
    assert fair_shares([3, 100, 100], 50) == [3, 24, 23]
    assert fair_shares([100, 100, 100], 10) == [4, 3, 3]
    assert fair_shares([5, 0, 7], 100) == [5, 0, 7]
    assert fair_shares([9], 0) == [0]


def test_a_valid_bundle_with_an_optional_file_missing(tmp_path: Path) -> None:
    data = tables()
    del data["indicators"]
    bundle = load(write_folder(tmp_path, data))
    assert bundle.present == frozenset({"organisations", "finance", "function_costs"})
    assert bundle.indicators.height == 0
    assert bundle.indicators.schema == pl.Schema(dict(SCHEMAS["indicators"]))
