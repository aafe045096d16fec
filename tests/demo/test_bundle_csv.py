"""write_bundle_csv: the data-standard CSV format (integers for whole numbers, repr otherwise,
empty cells for missing values, true/false, sorted rows) and an exact round trip."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from corpbench.documents.bundle_csv import format_number, write_bundle_csv
from corpbench.standard.bundle import SCHEMAS, Bundle


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1200.0, "1200"),
        (0.0, "0"),
        (-0.0, "0"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (12.34, "12.34"),
        (1 / 3, "0.3333333333333333"),
        (1e-05, "1e-05"),
        (2.5e-07, "2.5e-07"),
        (123456.789, "123456.789"),
        (2.0**53 - 1, "9007199254740991"),
        (1e16, "1e+16"),
        (1e15 + 0.5, "1000000000000000.5"),
    ],
)
def test_numbers_are_integers_when_whole_else_python_repr(value: float, text: str) -> None:
    assert format_number(pl.Series("x", [value]))[0] == text
    assert float(text) == value


def test_missing_number_stays_missing() -> None:
    assert format_number(pl.Series("x", [1.5, None, 2.0])).to_list() == ["1.5", None, "2"]


def small_bundle() -> Bundle:
    return Bundle.from_tables(
        organisations=pl.DataFrame(
            {
                "org_code": ["RB2", "RA1", "RC3"],
                "org_name": ['Ash, "North" Trust', "Bay Trust", "Cole Trust"],
                "org_type": ["acute", "acute", "ambulance"],
                "region": ["London", "London", "North West"],
                "footprint": [None, "F1", "F2"],
                "teaching": [True, False, None],
            }
        ),
        finance=pl.DataFrame(
            {
                "org_code": ["RB2", "RA1"],
                "year": ["2009/10", "2009/10"],
                "turnover": [1200.0, 1e-05],
                "total_pay": [700.5, 0.0],
                "total_fte": [10.0, 0.25],
            }
        ),
        function_costs=pl.DataFrame(
            {
                "org_code": ["RA1", "RA1", "RA1"],
                "year": ["2009/10"] * 3,
                "function": ["hr", "finance", "finance"],
                "process": ["recruitment", "treasury", None],
                "pay_cost": [1.0, 2.0, 3.0],
                "non_pay_cost": [0.0, 0.5, 0.0],
                "fte": [0.1, 0.2, 0.3],
            }
        ),
    )


def test_writes_only_present_tables_in_standard_order(tmp_path: Path) -> None:
    paths = write_bundle_csv(small_bundle(), tmp_path / "out")
    assert [p.name for p in paths] == ["organisations.csv", "finance.csv", "function_costs.csv"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


def test_exact_file_text_header_sorting_nulls_and_booleans(tmp_path: Path) -> None:
    write_bundle_csv(small_bundle(), tmp_path)
    assert (tmp_path / "organisations.csv").read_text("utf-8") == (
        "org_code,org_name,org_type,region,footprint,teaching\n"
        "RA1,Bay Trust,acute,London,F1,false\n"
        'RB2,"Ash, ""North"" Trust",acute,London,,true\n'
        "RC3,Cole Trust,ambulance,North West,F2,\n"
    )
    assert (tmp_path / "finance.csv").read_text("utf-8") == (
        "org_code,year,turnover,total_pay,total_fte,running_costs,non_pay,employees\n"
        "RA1,2009/10,1e-05,0,0.25,,,\n"
        "RB2,2009/10,1200,700.5,10,,,\n"
    )
    # Sorted by (org_code, year, function, process), the whole-function row (no process) first.
    assert (tmp_path / "function_costs.csv").read_text("utf-8") == (
        "org_code,year,function,process,pay_cost,non_pay_cost,fte,shared_cost,delivery_model\n"
        "RA1,2009/10,finance,,3,0,0.3,,\n"
        "RA1,2009/10,finance,treasury,2,0.5,0.2,,\n"
        "RA1,2009/10,hr,recruitment,1,0,0.1,,\n"
    )


def read_back(folder: Path, name: str) -> pl.DataFrame:
    schema = dict(SCHEMAS[name])
    text_schema = {c: (pl.String() if t == pl.Boolean() else t) for c, t in schema.items()}
    df = pl.read_csv(folder / f"{name}.csv", schema=text_schema)
    if "teaching" in df.columns:
        df = df.with_columns(pl.col("teaching").replace_strict({"true": True, "false": False}))
    return df


def test_round_trip_gives_back_exactly_the_same_values(tmp_path: Path) -> None:
    bundle = small_bundle()
    write_bundle_csv(bundle, tmp_path)
    for name in ("organisations", "finance", "function_costs"):
        ours = bundle.table(name)
        back = read_back(tmp_path, name)
        assert back.sort(back.columns).equals(ours.sort(ours.columns)), name


def test_same_bundle_gives_byte_identical_files_whatever_the_row_order(tmp_path: Path) -> None:
    bundle = small_bundle()
    shuffled = Bundle.from_tables(
        organisations=bundle.organisations.reverse(),
        finance=bundle.finance.reverse(),
        function_costs=bundle.function_costs.reverse(),
    )
    a = write_bundle_csv(bundle, tmp_path / "a")
    b = write_bundle_csv(shuffled, tmp_path / "b")
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()


def test_demo_round_trip_of_every_value(tmp_path: Path, demo_bundle: Bundle) -> None:
    write_bundle_csv(demo_bundle, tmp_path)
    for name in ("organisations", "finance", "function_costs", "indicators"):
        ours = demo_bundle.table(name)
        back = read_back(tmp_path, name)
        assert back.sort(back.columns).equals(ours.sort(ours.columns)), name
    text = (tmp_path / "finance.csv").read_text("utf-8")
    assert ".0," not in text
    assert not text.rstrip("\n").endswith(".0")
