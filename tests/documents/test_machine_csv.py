"""Machine outputs (data standard §3): every value written exactly, full precision."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpbench.documents import machine_csv
from corpbench.documents.machine_csv import column_texts, format_value, write_machine_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-05, "1e-05"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"),
        (2.0, "2.0"),
        (-2.5, "-2.5"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1 / 3, "0.3333333333333333"),
        (123456789.123, "123456789.123"),
        (0, "0"),
        (42, "42"),
        (-7, "-7"),
        (10**20, "100000000000000000000"),
        (None, ""),
        (True, "true"),
        (False, "false"),
        ("ABC01", "ABC01"),
        ("=cmd()", "'=cmd()"),
        ("-x", "'-x"),
        ("", ""),
        (np.float64(0.1), "0.1"),
        (np.int64(12), "12"),
        (np.float32(0.5), "0.5"),
        (Decimal("1.50"), "1.50"),
        (dt.date(2010, 3, 31), "2010-03-31"),
    ],
)
def test_format_value_writes_the_standard_text(value: object, expected: str) -> None:
    assert format_value(value) == expected


def test_format_value_round_trips_every_float_exactly() -> None:
    for x in (0.1 + 0.2, 1e-05, 1e16, 5e-324, 1.7976931348623157e308, 299792458.000001):
        assert float(format_value(x)) == x


def test_write_machine_csv_writes_header_and_rows_exactly() -> None:
    df = pl.DataFrame(
        {
            "org_code": ["ABC01", "=X", "C,D"],
            "year": ["2009/10", "2009/10", None],
            "value": [0.1 + 0.2, 1e-05, None],
            "n": [3, None, -1],
            "teaching": [True, False, None],
        }
    )
    out = io.StringIO()
    write_machine_csv(df, out)
    assert out.getvalue() == (
        "org_code,year,value,n,teaching\n"
        "ABC01,2009/10,0.30000000000000004,3,true\n"
        "'=X,2009/10,1e-05,,false\n"
        '"C,D",,,-1,\n'
    )


def test_write_machine_csv_of_an_empty_frame_is_the_header_only() -> None:
    df = pl.DataFrame(schema={"org_code": pl.String, "value": pl.Float64})
    out = io.StringIO()
    write_machine_csv(df, out)
    assert out.getvalue() == "org_code,value\n"


def test_rows_are_the_same_whatever_the_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    df = pl.DataFrame({"k": [f"R{i}" for i in range(7)], "v": [i / 7 for i in range(7)]})
    whole = io.StringIO()
    write_machine_csv(df, whole)
    monkeypatch.setattr(machine_csv, "CHUNK_ROWS", 2)
    chunked = io.StringIO()
    write_machine_csv(df, chunked)
    assert chunked.getvalue() == whole.getvalue()
    assert whole.getvalue().count("\n") == 8


def test_float32_columns_are_written_as_the_exact_double_value() -> None:
    s = pl.Series("v", [0.1], dtype=pl.Float32)
    assert column_texts(s) == ["0.10000000149011612"]


EDGE_FLOATS = [
    0.0,
    -0.0,
    1e-4,
    9.999999999999999e-05,
    1e16,
    9999999999999998.0,
    1e22,
    5e-324,
    -1e-05,
    math.nan,
    math.inf,
    -math.inf,
    2.0**53,
    123.456,
]


def test_vectorised_float_column_equals_repr_on_edge_values() -> None:
    s = pl.Series("v", [*EDGE_FLOATS, None], dtype=pl.Float64)
    assert column_texts(s) == [repr(x) for x in EDGE_FLOATS] + [""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats()), max_size=50))
def test_vectorised_float_column_equals_format_value(values: list[float | None]) -> None:
    s = pl.Series("v", values, dtype=pl.Float64)
    assert column_texts(s) == [format_value(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=30))
def test_vectorised_text_column_equals_format_value(values: list[str | None]) -> None:
    s = pl.Series("t", values, dtype=pl.String)
    assert column_texts(s) == [format_value(v) for v in values]


def test_other_column_types_follow_format_value() -> None:
    df = pl.DataFrame(
        {
            "i": pl.Series([1, None, -3], dtype=pl.Int32),
            "u": pl.Series([2**63, 0, None], dtype=pl.UInt64),
            "b": [True, None, False],
            "c": pl.Series(["x", "@y", None], dtype=pl.Categorical),
            "d": [dt.date(2010, 1, 2), None, dt.date(2011, 12, 31)],
        }
    )
    for s in df.get_columns():
        assert column_texts(s) == [format_value(v) for v in s.to_list()], s.name
    assert column_texts(df["u"]) == ["9223372036854775808", "0", ""]
    assert column_texts(df["c"]) == ["x", "'@y", ""]
