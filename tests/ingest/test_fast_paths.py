"""The fast paths of reading and validating give exactly what the precise paths give: the
one-pass polars parser against Python's ``csv`` module, trimming only the columns that need it,
the one-pass rule check, the hashed key-uniqueness proof, and released raw bundles."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from corpbench.ingest import csvbytes, read_and_validate, validate_bundle
from corpbench.ingest.cellrules import NUMBER_PATTERN, cell_rules, typed_frame
from corpbench.ingest.columns import match_header
from corpbench.ingest.csvbytes import edge_spaces, only_plain_spaces, scan_bytes
from corpbench.ingest.csvparse import _blank_rows, _read_csv_module, _read_polars, parse_csv
from corpbench.ingest.raw import RawBundle, RawFile, frame_from_columns
from corpbench.ingest.readers import _read_limited, read_bundle
from corpbench.ingest.validate import (
    _broken,
    _duplicates,
    _rule_finding,
    _surely_distinct,
)
from corpbench.standard import BUNDLE_FILES, Vocabulary, normalise_process
from corpbench.standard.bundle import SCHEMAS
from ingest.bundles import LIMITS, VALID, csv_bytes, tables, write_folder


def polars_read(data: bytes, name: str, display: str) -> RawFile | None:
    """The file as polars reads it, or ``None`` when the csv module must (see csvparse)."""
    return _read_polars(data, name, display, scan_bytes(data))


# Cells mixing the troublemakers: separators, quotes, every kind of whitespace, non-ASCII.
cell_text = st.text(
    alphabet=st.sampled_from(["a", "1", " ", ",", '"', "\t", "\x1c", "\xa0", "é", "\r", "\n"]),
    max_size=4,
)
line_end = st.sampled_from(["\n", "\r\n"])


@st.composite
def raw_csv(draw: st.DrawFn) -> bytes:
    """CSV text written by hand, line by line: ragged rows, blank rows of every kind, trailing
    empty lines, stray quotes and carriage returns, an optional BOM."""
    width = draw(st.integers(1, 4))
    end = draw(line_end)
    lines = [",".join(f"h{i}" for i in range(width))]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["row", "row", "row", "short", "long", "empty", "blank"]))
        n = {"short": max(1, width - 1), "long": width + 1}.get(kind, width)
        cells = [draw(cell_text) for _ in range(n)]
        if kind == "empty":
            cells = [""]
        elif kind == "blank":
            cells = [draw(st.sampled_from(["", " ", "\t", "\xa0"])) for _ in range(n)]
        lines.append(",".join(cells))
    text = end.join(lines) + end * draw(st.integers(0, 3))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode("utf-8")


def same_file(a: RawFile, b: RawFile) -> None:
    assert a.header == b.header
    assert list(a.rows()) == list(b.rows())


@settings(max_examples=600, deadline=None)
@given(raw_csv())
def test_every_parser_agrees_with_the_csv_module(data: bytes) -> None:
    text = data.decode("utf-8").removeprefix("\ufeff")
    if not text.strip(" \t\r\n,\"'"):
        return  # an empty file, refused before any parser
    slow, slow_issues = _read_csv_module(text, "finance", "f.csv")
    whole, issues = parse_csv(data, name="finance", display="f.csv")
    assert issues == slow_issues
    assert (whole is None) == (slow is None)
    if whole is not None and slow is not None:
        same_file(whole, slow)
        if whole.trimmed:  # no cell, the header's included, starts or ends with whitespace
            assert all(c == c.strip() for _, r in [(1, slow.header), *slow.rows()] for c in r)
    if b'"' not in data:
        plain = polars_read(data, "finance", "f.csv")
        if plain is not None:
            assert slow is not None
            assert slow_issues == []
            same_file(plain, slow)


def test_clean_file_without_quotes_is_read_in_one_pass() -> None:
    data = b"org_code,year\r\nRX1,2009/10\r\n , \r\nRX2, 2010/11\r\n\r\n\r\n"
    raw = polars_read(data, "finance", "f.csv")
    assert raw is not None
    assert raw.header == ("org_code", "year")
    assert list(raw.rows()) == [(2, ("RX1", "2009/10")), (4, ("RX2", " 2010/11"))]
    assert raw.plain_spaces


def test_empty_line_inside_a_file_is_left_to_the_line_scan() -> None:
    data = b"org_code,year\nRX1,\n\nRX2,2010/11\n"
    assert polars_read(data, "finance", "f.csv") is None
    raw, issues = parse_csv(data, name="finance", display="f.csv")
    assert issues == []
    assert raw is not None
    assert list(raw.rows()) == [(2, ("RX1", "")), (4, ("RX2", "2010/11"))]


def test_one_pass_parser_leaves_hard_files_to_the_others() -> None:
    assert polars_read(b"a,b\n1\n2,3\n", "f", "f.csv") is None  # a short row
    assert polars_read(b"a,b\n1,2,3\n", "f", "f.csv") is None  # a long row
    assert polars_read(b"a,b\r1,2\r", "f", "f.csv") is None  # old Mac line ends
    assert polars_read(b"\na,b\n1,2\n", "f", "f.csv") is None  # a blank header
    raw, issues = parse_csv(b"a,b\n1\n2,3\n", name="f", display="f.csv")
    assert raw is not None
    assert [(i.code, i.row) for i in issues] == [("wrong_field_count", 2)]
    assert list(raw.rows()) == [(3, ("2", "3"))]


def test_short_rows_that_are_blank_are_skipped_not_counted() -> None:
    raw, issues = parse_csv(b"a,b,c\n1,2,3\n,\n4,5,\n", name="f", display="f.csv")
    assert issues == []
    assert raw is not None
    assert list(raw.rows()) == [(2, ("1", "2", "3")), (4, ("4", "5", ""))]


def test_python_whitespace_the_regex_engine_ignores_makes_a_row_blank() -> None:
    # U+001C is whitespace to Python's str.strip (the csv parser's judge), not to \s
    raw, issues = parse_csv(b"a,b\n\x1c,\x1c\n1,2\n", name="f", display="f.csv")
    assert issues == []
    assert raw is not None
    assert list(raw.rows()) == [(3, ("1", "2"))]
    table = pl.DataFrame({"c0": ["x", "", " ", "\x1c", "\xa0"], "c1": ["", "", "", " ", "y"]})
    assert _blank_rows(table, plain_spaces=False) == [1, 2, 3]
    assert _blank_rows(table.head(3), plain_spaces=True) == [1, 2]


quote_free_text = st.lists(
    st.sampled_from(["a", "é", " ", "  ", ",", "\n", "\r\n"]), max_size=30
).map("".join)


def padded_cell(text: str) -> bool:
    """The truth ``edge_spaces`` must tell: a cell of the quote-free text starts or ends with a
    space (the text split into lines at line ends, lines into cells at commas)."""
    text = text.removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").split("\n")
    return any(c != c.strip(" ") for line in lines for c in line.split(","))


@settings(max_examples=500, deadline=None)
@given(quote_free_text, st.booleans(), st.sampled_from([1 << 24, 1, 2, 3, 5]))
def test_edge_spaces_finds_exactly_the_cells_that_start_or_end_with_a_space(
    text: str, bom: bool, scan: int
) -> None:
    data = (("\ufeff" if bom else "") + text).encode()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvbytes, "_SCAN", scan)  # slices of a few bytes: spaces at their seams
        assert edge_spaces(data) == padded_cell(text)


def test_a_clean_file_with_spaces_inside_cells_is_trimmed() -> None:
    raw = polars_read(b"org_code,org_name\r\nRX1,Alpha Beta\r\nRX2,A B C\r\n", "o", "o.csv")
    assert raw is not None
    assert raw.trimmed
    for padded in (
        b" a,b\n",
        b"\xef\xbb\xbf a,b\n",
        b"a,b \n",
        b"a,b \r\n",
        b"a ,b\n",
        b"a,b\n1, 2",
    ):
        raw = polars_read(padded, "o", "o.csv")
        assert raw is not None
        assert not raw.trimmed, padded


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b",", b"\n", *sorted(csvbytes.WATCHED)]), max_size=40).map(
        b"".join
    ),
    st.sampled_from([1 << 18, 1, 2, 3, 7]),
)
def test_one_pass_byte_scan_finds_what_one_search_per_byte_finds(data: bytes, size: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvbytes, "_SLICE", size)  # slices of a few bytes: bytes at their seams
        seen = csvbytes.scan_bytes(data)
    assert seen == {b for b in csvbytes.WATCHED if b in data}
    assert only_plain_spaces(data, seen) == only_plain_spaces(data)
    assert csvbytes.has_lone_cr(data, seen) == csvbytes.has_lone_cr(data)
    if b'"' not in data and not csvbytes.has_lone_cr(data):
        assert edge_spaces(data, seen) == edge_spaces(data)


def test_only_plain_spaces_needs_no_other_whitespace_anywhere() -> None:
    assert only_plain_spaces(b"a, b ,c\r\nd,e,f\n")
    assert only_plain_spaces("café,£\n".replace("£", "e").encode())
    for other in ("\t", "\x0b", "\x0c", "\x1c", "\x1f", "\xa0", "\u2003", "\u3000", "\x85"):
        assert not only_plain_spaces(f"a,b{other}\n".encode()), repr(other)


@st.composite
def function_cost_cells(draw: st.DrawFn) -> list[list[str]]:
    """Rows of function_costs from a pool of valid, invalid and padded values."""
    pools = {
        "org_code": ["RX1", "RX2", " RX1", "RX9", ""],
        "year": ["2009/10", "2009/10 ", "2010/11", "2009/11", "", "09/10"],
        "function": ["finance", "hr", " hr", "Finance Dept", ""],
        "process": ["", "Accounts Payable", "accounts_payable ", "recruitment", " ", "_"],
        "pay_cost": ["1", " 2.5", "1e3", "-1", "$1", "", "1e999", "inf", "0"],
        "non_pay_cost": ["0", "3 ", "x", ""],
        "fte": ["1", "0.5", "-2", ""],
        "shared_cost": ["", "0", "5000", " 1 "],
        "delivery_model": ["", "mixed", "in_house ", "outsourced", "other"],
    }
    header = list(pools)
    rows = [
        [draw(st.sampled_from(pools[c])) for c in header] for _ in range(draw(st.integers(1, 9)))
    ]
    return [header, *rows]


def check_both_ways(folder: Path, data: dict[str, list[list[str]]]) -> None:
    """The bundle validated from the fast parse and from the csv module's parse."""
    fast = validate_bundle(read_folder_fast(write_folder(folder, data)))
    slow = validate_bundle(read_folder_slow(data))
    assert [i.to_dict() for i in fast[0]] == [i.to_dict() for i in slow[0]]
    assert (fast[1] is None) == (slow[1] is None)
    if fast[1] is not None and slow[1] is not None:
        for name in SCHEMAS:
            assert_frame_equal(fast[1].table(name), slow[1].table(name))


def read_folder_fast(folder: Path) -> RawBundle:
    from ingest.bundles import read

    bundle = read(folder)
    assert all(f.plain_spaces for f in bundle.files.values())
    return bundle


def read_folder_slow(data: dict[str, list[list[str]]]) -> RawBundle:
    files = {}
    for name, table in data.items():
        raw, issues = _read_csv_module(csv_bytes(table).decode(), name, f"{name}.csv")
        assert raw is not None
        assert issues == []
        files[name] = raw
    return RawBundle("x", "", files)


@settings(max_examples=60, deadline=None)
@given(function_cost_cells())
def test_fast_and_precise_paths_give_the_same_report_and_bundle(rows: list[list[str]]) -> None:
    data = tables(function_costs=rows)
    with tempfile.TemporaryDirectory() as tmp:
        check_both_ways(Path(tmp), data)


def test_trimming_only_padded_columns_matches_trimming_all() -> None:
    spec = BUNDLE_FILES["function_costs"]
    rows = [[" RX1", "2009/10", "finance", "a  b ", "1 ", "2", "3", "", " mixed"]]
    rows.append(["RX2", "2009/10", "hr", "", "4", "5", "6", "7", "shared"])
    raw = RawFile("function_costs", "f.csv", tuple(spec.column_names), columns_frame(rows))
    columns = match_header(raw, spec).columns
    for data in (raw.data, raw.data.head(1), raw.data.tail(1), raw.data.clear()):
        assert_frame_equal(
            typed_frame(data, columns, spec, plain_spaces=True),
            typed_frame(data, columns, spec, plain_spaces=False),
        )
    # a file the reader proved trimmed is not looked at for spaces at all
    unpadded = raw.data.tail(1)
    assert_frame_equal(
        typed_frame(unpadded, columns, spec, plain_spaces=True, trimmed=True),
        typed_frame(unpadded, columns, spec),
    )


def columns_frame(rows: list[list[str]]) -> pl.DataFrame:
    cells = [list(c) for c in zip(*rows, strict=True)]
    return frame_from_columns(list(range(2, len(rows) + 2)), cells)


@settings(max_examples=150, deadline=None)
@given(function_cost_cells())
def test_one_pass_rule_check_keeps_exactly_the_rules_with_failing_rows(
    rows: list[list[str]],
) -> None:
    spec = BUNDLE_FILES["function_costs"]
    raw = RawFile("function_costs", "f.csv", tuple(rows[0]), columns_frame(rows[1:]))
    columns = match_header(raw, spec).columns
    typed = typed_frame(raw.data, columns, spec)
    rules = cell_rules(spec, set(columns), Vocabulary())
    failing = [r for r in rules if _rule_finding(r, "f", typed).rows.collect().height]
    assert _broken(rules, typed) == failing


keys = st.lists(
    st.tuples(
        st.sampled_from(["RX1", "RX2"]),
        st.sampled_from(["finance", "hr"]),
        st.sampled_from([None, "Accounts Payable", "accounts_payable", "a", "A ", "_", "b"]),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(keys)
def test_hashed_uniqueness_proof_is_never_wrong(rows: list[tuple[str, str, str | None]]) -> None:
    frame = pl.DataFrame(rows, schema=["org_code", "function", "process"], orient="row")
    distinct = len({(o, f, normalise_process(p)) for o, f, p in rows}) == len(rows)
    if _surely_distinct(frame, ["org_code", "function", "process"]):
        assert distinct


cost_keys = st.lists(
    st.tuples(
        st.sampled_from(["RX1", "RX2", "RX10"]),
        st.sampled_from(["2009/10", "2010/11"]),
        st.sampled_from(["finance", "hr"]),
        st.sampled_from([None, "Accounts Payable", "accounts_payable", "a", "A ", "_", "b"]),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(cost_keys, st.sampled_from(["as drawn", "sorted", "sorted and unique"]))
def test_uniqueness_proof_is_never_wrong_and_the_exact_check_finds_every_duplicate(
    rows: list[tuple[str, str, str, str | None]], order: str
) -> None:
    """The hashed proof never accepts a file with two rows of one comparison key, in any row
    order; the exact check finds duplicates exactly when there are some."""
    key = ("org_code", "year", "function", "process")
    if order != "as drawn":
        rows = sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3] or ""))
    if order == "sorted and unique":
        rows = [r for i, r in enumerate(rows) if i == 0 or r != rows[i - 1]]
    frame = pl.DataFrame(rows, schema=list(key), orient="row")
    distinct = len({(o, y, f, normalise_process(p)) for o, y, f, p in rows}) == len(rows)
    if _surely_distinct(frame, list(key)):
        assert distinct
    spec = BUNDLE_FILES["function_costs"]
    typed = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    exact = _duplicates(spec, "f.csv", typed, frozenset(key))
    found = 0 if exact is None else exact.rows.collect().height
    assert (found == 0) == distinct
    names = {p for *_, p in rows if p is not None}
    injective = len({normalise_process(p) for p in names}) == len(names) and "_" not in names
    if order == "sorted and unique" and injective:
        assert _surely_distinct(frame, list(key))


def test_hashed_uniqueness_proof_holds_for_distinct_keys_and_defers_otherwise() -> None:
    columns = ["org_code", "function", "process"]
    rows = [("RX1", "hr", "a"), ("RX1", "hr", None), ("RX1", "finance", "a"), ("RX2", "hr", "b")]
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    assert _surely_distinct(frame, columns)
    # two names with one comparison key, or a name that is blank once normalised: exact check
    for other in ("A", "_"):
        more = pl.DataFrame([*rows, ("RX9", "hr", other)], schema=columns, orient="row")
        assert not _surely_distinct(more, columns)
    assert not _surely_distinct(frame.vstack(frame.head(1)), columns)


def test_read_and_validate_returns_the_raw_bundle_without_its_cells(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, tables())
    report, bundle, raw = read_and_validate(folder, settings=LIMITS)
    assert report.ok
    assert bundle is not None
    assert bundle.function_costs.height == 3
    assert raw.files["finance"].display == "finance.csv"
    assert raw.files["finance"].header == tuple(VALID["finance"][0])
    assert all(f.n_rows == 0 for f in raw.files.values())
    assert raw.sha256 != ""
    assert raw.source == str(folder)


def test_released_file_keeps_its_columns_and_drops_its_rows() -> None:
    raw, _ = parse_csv(csv_bytes(VALID["indicators"]), name="indicators", display="i.csv")
    assert raw is not None
    released = raw.released()
    assert released.data.schema == raw.data.schema
    assert (released.n_rows, raw.n_rows) == (0, 1)
    assert (released.display, released.header) == ("i.csv", raw.header)


def test_reading_with_a_size_hint_reads_whatever_the_stream_holds() -> None:
    body = b"x" * 5000
    for hint in (0, 10, 5000, 9000):
        assert _read_limited(lambda: io.BytesIO(body), 6000, hint) == body
        assert _read_limited(lambda: io.BytesIO(body), 4999, hint) is None


def test_file_quoted_throughout_is_read_by_the_line_scan_like_the_csv_module() -> None:
    data = (
        b'"org_code","year","note"\r\n"RX1","2009/10","a, b"\r\n,,\r\n'
        b'"RX2","2010/11","say ""hi"""\r\n"RX3",,""\r\n\r\n'
    )
    fast = polars_read(data, "finance", "f.csv")
    assert fast is not None
    assert fast.plain_spaces
    slow, issues = _read_csv_module(data.decode(), "finance", "f.csv")
    assert slow is not None
    assert issues == []
    same_file(fast, slow)
    assert list(fast.rows()) == [
        (2, ("RX1", "2009/10", "a, b")),
        (4, ("RX2", "2010/11", 'say "hi"')),
        (5, ("RX3", "", "")),
    ]


def test_stray_quotes_and_values_spanning_lines_leave_the_line_scan() -> None:
    for data in (b'a,b\nab"c,d\n', b'a,b\n"a"b,c\n', b'a,b\n"x\ny",z\n', b'a,b\n"x",y,z\n'):
        assert polars_read(data, "finance", "f.csv") is None, data


number_text = st.text(alphabet=st.sampled_from(list("0123456789.eE+-") + list("infaINFAxd_ ,")))
TRICKY_NUMBERS = [
    *("inf", "-inf", "+inf", "Infinity", "nan", "NaN", "-nan", "1e999", "-1e999", "5e-400"),
    *("1.", "-.5", ".", "+", "-", "e5", ".e5", "1.e5", "1e", "1e+", "1e+-5", "0x10", "1_000"),
    *("1d5", "1f", "1.2.3", "--1", "+-1", "00", "+0", "-0.0e-0", "1E5", "\u0663", "\uff11"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(number_text, max_size=20))
def test_polars_parses_exactly_the_plain_numbers(texts: list[str]) -> None:
    """What typing a number cell rests on (cellrules.typed_frame casts the texts matching
    NUMBER_PATTERN): a text parses as a finite float exactly when it is a plain number that is
    not too large."""
    df = pl.DataFrame({"t": texts + TRICKY_NUMBERS}, schema={"t": pl.String}).select(
        pl.col("t").str.contains(NUMBER_PATTERN).alias("plain"),
        pl.col("t").cast(pl.Float64, strict=False).alias("value"),
    )
    finite = df.select(pl.col("value").is_finite().fill_null(False)).to_series()
    assert (finite & ~df["plain"]).sum() == 0
    assert df.filter(pl.col("plain") & pl.col("value").is_null()).height == 0


def test_folder_issues_come_in_name_order_with_each_file_s_issues_together(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a_notes.csv").write_bytes(b"x\n")
    (folder / "finance.csv").write_bytes(b"org_code,year,turnover\nRX1\nRX2,2009/10,1,2\n")
    (folder / "function_costs.csv").write_bytes("org_code\nCaf\xe9\n".encode("latin-1"))
    (folder / "indicators.csv").write_bytes(b'org_code,year\n"RX1\n')
    (folder / "m_notes.txt").write_bytes(b"x")
    (folder / "organisations.csv").write_bytes(b"")
    (folder / "z").mkdir()
    raw = read_bundle(folder, max_file_bytes=1000)
    assert [(i.code, i.file) for i in raw.issues] == [
        ("unknown_file", "a_notes.csv"),
        ("wrong_field_count", "finance.csv"),
        ("wrong_field_count", "finance.csv"),
        ("not_utf8", "function_costs.csv"),
        ("wrong_field_count", "indicators.csv"),
        ("unknown_file", "m_notes.txt"),
        ("empty_file", "organisations.csv"),
        ("unknown_file", "z"),
    ]
    assert raw.unreadable == {"function_costs", "organisations"}
