"""The fast (polars) and the precise (csv module) CSV parsers read every file alike."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from corpbench.ingest.csvbytes import scan_bytes
from corpbench.ingest.csvparse import _read_csv_module, _read_polars, parse_csv
from corpbench.ingest.raw import RawFile


def polars_read(data: bytes, name: str, display: str) -> RawFile | None:
    """The file as polars reads it, or ``None`` when the csv module must (see csvparse)."""
    return _read_polars(data, name, display, scan_bytes(data))


cells = st.text(alphabet=st.sampled_from(["a", "é", " ", ",", '"', "\n", "\r", "1"]), max_size=6)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 4))
    header = [f"col{i}" for i in range(width)]
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=8))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for row in rows:
        if draw(st.booleans()) and draw(st.booleans()):
            buf.write("\n")  # a blank line
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(csv_files())
def test_fast_parser_agrees_with_the_csv_module(data: bytes) -> None:
    slow, slow_issues = _read_csv_module(data.decode("utf-8"), "finance", "f.csv")
    assert slow is not None
    fast = polars_read(data, "finance", "f.csv")
    if fast is not None:
        assert slow_issues == []
        assert fast.header == slow.header
        assert list(fast.rows()) == list(slow.rows())
    whole, issues = parse_csv(data, name="finance", display="f.csv")
    assert whole is not None
    assert issues == slow_issues
    assert list(whole.rows()) == list(slow.rows())


def test_fast_parser_handles_quoted_commas_and_doubled_quotes() -> None:
    data = b'a,b\n"x, y","say ""hi"""\n'
    fast = polars_read(data, "finance", "f.csv")
    assert fast is not None
    assert list(fast.rows()) == [(2, ("x, y", 'say "hi"'))]


def test_quote_inside_a_value_goes_to_the_csv_module() -> None:
    data = b'a,b\nab"c,"d"e\n'
    assert polars_read(data, "finance", "f.csv") is None
    raw, issues = parse_csv(data, name="finance", display="f.csv")
    assert raw is not None
    assert issues == []
    assert list(raw.rows()) == [(2, ('ab"c', "de"))]
