"""The typed CSV reader (:mod:`corpbench.ingest.csvtyped`) gives exactly what the text parsers
and validation give: polars' CSV float parser agrees with validation's cast on every cell a
trimmed file can hold, a typed file holds the cells of the text parse with its numbers cast,
and a bundle validated from it has the same report and tables as one read by the csv module."""

from __future__ import annotations

import math
import re
import struct

import polars as pl
from hypothesis import event, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from corpbench.ingest import validate_bundle
from corpbench.ingest.cellrules import NUMBER_PATTERN, number_rules, typed_frame
from corpbench.ingest.csvparse import _parse_slow, parse_csv
from corpbench.ingest.csvplain import edge_spaces, only_plain_spaces, parse_plain
from corpbench.ingest.csvtyped import _values_kept, parse_typed, read_typed
from corpbench.ingest.raw import RawBundle, RawFile
from corpbench.standard import BUNDLE_FILES
from corpbench.standard.bundle import SCHEMAS

NUMBER_CHARS = list("0123456789.eE+-") + list("infatyINFATYxXbd_, ") + ["١", "１", "\u2212"]
TRICKY = [
    *("inf", "-inf", "+inf", "Infinity", "infinity", "INF", "nan", "NaN", "-nan", "NAN"),
    *("1e999", "-1e999", "9" * 400, "5e-400", "4.9e-324", "2.2250738585072014e-308"),
    *("1.7976931348623157e308", "1.7976931348623159e308", "0." + "0" * 400 + "1"),
    *("1.", "-.5", "+.5", ".", "+", "-", "e5", ".e5", "1.e5", "1e", "1e+", "1e+-5", "1E5"),
    *("0x10", "1_000", "1 000", "1d5", "1f", "1.2.3", "--1", "+-1", "00", "+0", "-0"),
    *("-0.0e-0", "00012", "0.1", "3.14159265358979323846264338327950288", "0.30000000000000004"),
    *("1e5.5", "0b1", "1L", "$1", "1%", "in", "n", "i", "1..", "..1", "1e-5", "12e+3", ""),
]
number_text = st.text(alphabet=st.sampled_from(NUMBER_CHARS), max_size=12)


def bits(value: float) -> bytes:
    return struct.pack("<d", value)


def trimmed(text: str) -> bool:
    """A cell a trimmed file without quotes can hold: no comma, no space at either end."""
    return "," not in text and text == text.strip(" ")


@settings(max_examples=400, deadline=None)
@given(st.lists(number_text, max_size=8))
def test_csv_float_parser_agrees_with_the_cast_on_every_trimmed_cell(texts: list[str]) -> None:
    """The claim the typed reader rests on: where polars' CSV parser reads a trimmed cell as a
    finite value, the cell is a plain number and validation's cast gives the same bits; an
    empty cell is null; a cell it reads as null is empty (anything else, it refuses, or reads
    as infinite or NaN, which sends the file to the text parsers)."""
    for text in [t for t in texts + TRICKY if trimmed(t)]:
        data = f"org_code,fte\r\nRX1,{text}\r\n".encode()
        try:
            table = read_typed(data, {"c0": pl.String, "c1": pl.Float64})
        except Exception:
            continue
        assert table.height == 1, text
        value = table.item(0, "c1")
        if value is None or text == "":
            assert value is None, text
            assert text == "", text
            continue
        if not math.isfinite(value):
            continue
        assert re.match(NUMBER_PATTERN, text), text
        cast = pl.Series([text]).cast(pl.Float64, strict=False).item()
        assert cast is not None, text
        assert bits(cast) == bits(value), text


# Cells from pools of valid, invalid and awkward values (mostly trimmed: no whitespace at
# either end, no quotes).
POOLS = {
    "org_code": ["RX1", "RX2", "rx1", "R X1", ""],
    "year": ["2009/10", "2010/11", "2009/11", "09/10", ""],
    "function": ["finance", "hr", "Finance Dept", ""],
    "process": ["", "Accounts Payable", "accounts_payable", "recruitment", "_"],
    "indicator": ["invoices_paid", "payslips", "unknown_kpi", ""],
    "delivery_model": ["", "mixed", "in_house", "other"],
}
NUMBERS = ["1", "2.5", "1e3", "0", "-1", "", "1e999", "inf", "nan", "$1", "+.5", "5e-400", "00012"]
NUMBERS += ["1.", "-0", "0x10", "1_000", "1 000", "7", "100", "12.25", "3e2"]
# a file with one of these (or a text cell with a space in front) is not trimmed: the typed
# reader never sees it
PADDED = [" 1", "1 ", "\t2", " ", "\xa03"]


@st.composite
def standard_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A finance, function_costs or indicators file written by hand: columns in any order or
    case (some optional ones left out), awkward cells, and now and then a blank row, a short or
    long row, trailing empty lines, CRLF line ends, a BOM or no final newline."""
    name = draw(st.sampled_from(["finance", "function_costs", "indicators"]))
    spec = BUNDLE_FILES[name]
    columns = [c.name for c in spec.columns if c.required or draw(st.booleans())]
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from([c, c.upper()])) for c in columns]
    numbers = {c.name for c in spec.columns if c.type in ("money", "number")}
    clean = draw(st.booleans())  # mostly valid numbers: the typed reader keeps the file
    pool_of_numbers = ["1", "2.5", "1e3", "0", "", "12.25", "00012"] if clean else NUMBERS
    padded = draw(st.integers(0, 9)) == 0
    if padded:
        pool_of_numbers = [*pool_of_numbers, *PADDED]
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["row"] * 24 + ["blank", "blank", "empty", "short", "long"]))
        cells = [
            draw(
                st.sampled_from(
                    pool_of_numbers
                    if c in numbers
                    else [*POOLS[c], *(f" {v}" for v in POOLS[c] if padded)]
                )
            )
            for c in columns
        ]
        if kind == "blank":
            cells = [""] * len(columns)
        elif kind == "empty":
            cells = [""]
        elif kind == "short":
            cells = cells[:-1] or [""]
        elif kind == "long":
            cells = [*cells, "x"]
        lines.append(",".join(cells))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(lines) + end * draw(st.sampled_from([0, 1, 1, 1, 2, 3]))
    if draw(st.booleans()) and draw(st.booleans()):
        text = "\ufeff" + text
    return name, text.encode()


def as_values(raw: RawFile) -> list[tuple[int, tuple[object, ...]]]:
    """The rows of a file read as text, with the cells of its number columns cast as
    validation casts them (an empty cell null)."""
    spec = BUNDLE_FILES[raw.name]
    keys = [c.strip().lower() for c in raw.header]
    numbers = {
        k for k in keys if k in spec.column_names and spec.column(k).type in ("money", "number")
    }
    out = []
    for row, cells in raw.rows():
        values: list[object] = []
        for key, cell in zip(keys, cells, strict=True):
            if key in numbers:
                assert cell is not None
                cast = pl.Series([cell]).cast(pl.Float64, strict=False).item() if cell else None
                values.append(None if cast is None else bits(cast))
            else:
                values.append(cell)
        out.append((row, tuple(values)))
    return out


def with_bits(raw: RawFile) -> list[tuple[int, tuple[object, ...]]]:
    return [
        (row, tuple(bits(c) if isinstance(c, float) else c for c in cells))
        for row, cells in raw.rows()
    ]


@settings(max_examples=500, deadline=None)
@given(standard_file())
def test_typed_reader_reads_the_cells_the_text_parsers_read(file: tuple[str, bytes]) -> None:
    name, data = file
    clean = only_plain_spaces(data) and not edge_spaces(data)  # the reader's precondition
    typed = parse_typed(data, name, f"{name}.csv") if clean else None
    event("typed" if typed is not None else "read as text")
    whole, issues = parse_csv(data, name=name, display=f"{name}.csv")
    if typed is None:
        return
    assert typed.valued
    assert typed.trimmed
    assert typed.plain_spaces
    assert issues == []
    assert whole is not None
    assert whole.valued
    plain = parse_plain(data, name, f"{name}.csv")
    slow, slow_issues = _parse_slow(data.decode().removeprefix("\ufeff"), name, f"{name}.csv")
    assert slow is not None
    assert slow_issues == []
    for text in (plain, slow):
        assert text is not None
        assert typed.header == text.header
        assert with_bits(typed) == as_values(text)


def report_and_tables(raw: RawFile) -> tuple[list[dict[str, object]], dict[str, pl.DataFrame]]:
    report, bundle = validate_bundle(RawBundle("x", "", {raw.name: raw}), known_org_codes={"RX1"})
    tables = {} if bundle is None else {n: bundle.table(n) for n in SCHEMAS}
    return [i.to_dict() for i in report], tables


@settings(max_examples=500, deadline=None)
@given(standard_file())
def test_typed_file_validates_like_the_csv_module_s_parse(file: tuple[str, bytes]) -> None:
    name, data = file
    whole, issues = parse_csv(data, name=name, display=f"{name}.csv")
    event("typed" if whole is not None and whole.valued else "read as text")
    slow, slow_issues = _parse_slow(data.decode().removeprefix("\ufeff"), name, f"{name}.csv")
    assert issues == slow_issues
    assert (whole is None) == (slow is None)
    if whole is None or slow is None:
        return
    fast_report, fast_tables = report_and_tables(whole)
    slow_report, slow_tables = report_and_tables(slow)
    assert fast_report == slow_report
    assert fast_tables.keys() == slow_tables.keys()
    for n, table in fast_tables.items():
        assert_frame_equal(table, slow_tables[n])
        for column, dtype in table.schema.items():
            if dtype == pl.Float64:  # the same bits: -0.0, denormals
                a = table.get_column(column).fill_null(0.0).to_list()
                b = slow_tables[n].get_column(column).fill_null(0.0).to_list()
                assert [bits(v) for v in a] == [bits(v) for v in b]


def test_clean_standard_file_is_read_with_its_numbers_as_values() -> None:
    data = (
        "\ufefforg_code,year,function,process,pay_cost,non_pay_cost,fte,shared_cost,"
        "delivery_model\r\n"
        "RX1,2009/10,finance,accounts payable,1000,2e2,2.5,,mixed\r\n"
        ",,,,,,,,\r\n"
        "RX1,2009/10,hr,,-0,0,0.5,0,\r\n\r\n"
    ).encode()
    raw, issues = parse_csv(data, name="function_costs", display="f.csv")
    assert issues == []
    assert raw is not None
    assert raw.valued
    assert raw.data.schema["c4"] == pl.Float64
    assert raw.data.schema["c0"] == pl.String
    assert list(raw.rows()) == [
        (2, ("RX1", "2009/10", "finance", "accounts payable", 1000.0, 200.0, 2.5, None, "mixed")),
        (4, ("RX1", "2009/10", "hr", "", -0.0, 0.0, 0.5, 0.0, "")),
    ]


def test_files_the_typed_reader_leaves_to_the_text_parsers() -> None:
    head = "org_code,year,function,process,pay_cost,non_pay_cost,fte,shared_cost\n"
    for body in (
        "RX1,2009/10,hr,,-1,0,1,0\n",  # out of range: the issue shows the text
        "RX1,2009/10,hr,,1,1,1,3\n",  # shared_cost over pay_cost + non_pay_cost
        "RX1,2009/10,hr,,inf,0,1,0\n",  # not a plain number
        "RX1,2009/10,hr,,1e999,0,1,0\n",  # too large
        "RX1,2009/10,hr,,1 000,0,1,0\n",  # not a number
        "RX1,2009/10,hr,,1,0,1\n",  # a short row
        "RX1,2009/10,hr,,1,0,1,0,0\n",  # a long row
        "RX1,2009/10,hr,,1,0,1,0\n\nRX2,2009/10,hr,,1,0,1,0\n",  # an empty line
    ):
        data = (head + body).encode()
        assert parse_typed(data, "function_costs", "f.csv") is None, body
        raw, _ = parse_csv(data, name="function_costs", display="f.csv")
        assert raw is not None
        assert not raw.valued
    assert parse_typed((head + "RX1,2009/10,hr,,1,0,1,0\n").encode(), "function_costs", "f")
    head = "org_code,year,function,indicator,value\n"
    assert parse_typed(b"org_code,year,note,value\nRX1,2009/10,x,1\n", "indicators", "i") is None
    assert parse_typed(b"org_code,year,value,VALUE\nRX1,2009/10,1,2\n", "indicators", "i") is None
    assert parse_typed(b"org_code,org_name\nRX1,A\n", "organisations", "o") is None  # no number
    assert parse_typed(head.encode(), "indicators", "i") is None  # no row


VALUES = [0.0, -0.0, 1.0, -1.0, 0.21, 0.17, 0.38, 0.37999999999999995, 1e308, -1e308, 5e-324]
VALUES += [-5e-324, math.inf, -math.inf, math.nan, 2.5, 1000.0]


@st.composite
def number_columns(draw: st.DrawFn) -> tuple[str, dict[str, list[float | None]]]:
    """Values of some of the number columns of a file, nulls and awkward floats among them."""
    name = draw(st.sampled_from(["finance", "function_costs", "indicators"]))
    spec = BUNDLE_FILES[name]
    names = [c.name for c in spec.columns if c.type in ("money", "number") and draw(st.booleans())]
    height = draw(st.integers(0, 6))
    values = st.one_of(st.none(), st.sampled_from(VALUES), st.floats(allow_nan=True))
    return name, {c: draw(st.lists(values, min_size=height, max_size=height)) for c in names}


@settings(max_examples=500, deadline=None)
@given(number_columns())
def test_aggregate_check_of_the_values_agrees_with_the_number_rules(
    file: tuple[str, dict[str, list[float | None]]],
) -> None:
    """The typed reader keeps a file's values exactly when validating their texts (``repr``
    writes a float's exact value) would break no number rule."""
    name, columns = file
    spec = BUNDLE_FILES[name]
    numbers = {c: f"c{i}" for i, c in enumerate(columns)}
    table = pl.DataFrame(
        {numbers[c]: pl.Series(v, dtype=pl.Float64) for c, v in columns.items()},
        schema={raw: pl.Float64 for raw in numbers.values()},
    )
    present = set(columns) | {"org_code", "year"}
    texts = pl.DataFrame(
        {
            "_row": pl.Series(range(table.height), dtype=pl.Int64),
            **{
                numbers[c]: pl.Series(["" if x is None else repr(x) for x in v], dtype=pl.String)
                for c, v in columns.items()
            },
        }
    )
    typed = typed_frame(texts, numbers, spec)
    rules = number_rules(spec, present)
    broken = any(typed.select(r.bad.fill_null(False).any()).item() for r in rules)
    assert _values_kept(table, numbers, spec, present) == (not broken)


def test_the_typed_reader_knows_every_number_rule() -> None:
    """csvtyped._values_kept checks the rules of cellrules.number_rules one by one: a rule or a
    bound added there must be added to it (this test then fails until this list is updated)."""
    for name, spec in BUNDLE_FILES.items():
        numbers = [c for c in spec.columns if c.type in ("money", "number")]
        expected = []
        for c in numbers:
            assert c.bound in (None, ">0", ">=0"), (name, c.name)
            expected += [("not_a_number", c.name)] * 2
            expected += [("out_of_range", c.name)] if c.bound else []
        if name == "function_costs":
            expected.append(("shared_exceeds_cost", "shared_cost"))
        got = [(r.code, r.column) for r in number_rules(spec, set(spec.column_names))]
        assert got == expected, name
