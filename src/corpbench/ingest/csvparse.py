"""Parse the bytes of one CSV file into a :class:`RawFile`, turning every malformation into an
:class:`Issue`.

Row numbers are record numbers, as a spreadsheet shows them: the header is row 1, a value in
double quotes that spans lines is still one row, and wholly blank rows (no line at all, or only
empty cells) are skipped without renumbering the rows after them.

The path of a file, top to bottom (:func:`parse_csv`):

1. The bytes are checked to be CSV text: not empty, not a zip, workbook, PDF or UTF-16 file, no
   NUL byte, valid UTF-8 (else one issue and no file).
2. Polars reads the file, its cells as text (:func:`_read_polars`), when every line is one
   record with one field per header cell. Polars does not say which row breaks that, so it is
   proved first from the bytes (:mod:`corpbench.ingest.csvbytes`): without double quotes, a line
   is a record and the commas are counted; with them, each line is matched against a pattern of
   fields wholly quoted or free of quotes.
3. Anything else (values spanning lines, a row with the wrong number of fields, a stray quote,
   old Mac line ends) is read by Python's ``csv`` module (:func:`_read_csv_module`), which
   names the offending rows. Both readers give the same file for the same bytes
   (``tests/ingest/test_csv_parsers.py``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import polars as pl

from corpbench.ingest.csvbytes import (
    NOT_BLANK,
    NOT_BLANK_LINE,
    edge_spaces,
    has_lone_cr,
    only_plain_spaces,
    scan_bytes,
    trailing_empty_lines,
)
from corpbench.ingest.issues import Issue
from corpbench.ingest.raw import ROW, RawFile, cell_column, frame_from_columns

UTF8_BOM = b"\xef\xbb\xbf"
#: At most this many rows with the wrong number of fields are listed per file.
MAX_RAGGED_LISTED = 200

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive or an Excel workbook"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or other Office file"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)
_SIGNATURE_STARTS = tuple(sig for sig, _ in _SIGNATURES)
#: A character that makes a file more than empty (whitespace, commas and quotes).
_CONTENT = re.compile(rb"[^ \t\r\n,\"']")
_DECODE_CHUNK = 1 << 24
#: One CSV field: wholly in double quotes (a quote inside doubled) or without any quote.
_FIELD = r'(?:"(?:[^"]|"")*"|[^",]*)'
#: Widest header whose line pattern stays within the regex engine's size limit (a standard
#: file has at most nine columns; a wider file is read by the csv module).
_MAX_FIELDS_MATCHED = 1000


def parse_csv(data: bytes, *, name: str, display: str) -> tuple[RawFile | None, list[Issue]]:
    """The file ``display`` (bundle file ``name``) parsed from ``data``.

    Returns ``(None, issues)`` when the file cannot be read at all (not UTF-8, not CSV text,
    empty, no header); otherwise the file and the issues of rows that were left out.
    """
    seen = scan_bytes(data)
    if not data or b"\x00" in seen or not _is_utf8(data) or data.startswith(_SIGNATURE_STARTS):
        text, issue = _decode(data, display)
        if text is None:
            return None, [issue] if issue else []
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    if _CONTENT.search(data, start) is None:
        return None, [
            Issue("empty_file", "The file is empty: it needs a header row and data rows.", display)
        ]
    parsed = _read_polars(data, name, display, seen)
    if parsed is None:
        return _read_csv_module(data[start:].decode("utf-8"), name, display)
    return parsed, []


def _is_utf8(data: bytes) -> bool:
    """True when ``data`` is valid UTF-8, checked without keeping a decoded copy."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for at in range(0, len(data), _DECODE_CHUNK):
            decoder.decode(view[at : at + _DECODE_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, display: str) -> tuple[str | None, Issue | None]:
    """The text of ``data`` without its BOM, or an issue saying why it is not UTF-8 CSV text."""
    if not data:
        return None, Issue(
            "empty_file", "The file is empty: it needs a header row and data rows.", display
        )
    for sig, what in _SIGNATURES:
        if data.startswith(sig):
            return None, Issue(
                "not_csv",
                f"This is not a CSV text file (it looks like {what}); save the sheet as "
                "'CSV UTF-8 (comma delimited)'.",
                display,
            )
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body[: e.start].count(b"\n") + 1
        bad = body[e.start : e.start + 1].hex()
        return None, Issue(
            "not_utf8",
            f"The file is not UTF-8 text (byte 0x{bad} on line {line} is not valid UTF-8); "
            "save it as 'CSV UTF-8 (comma delimited)'.",
            display,
            row=line,
            value=f"0x{bad}",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, Issue(
            "not_csv",
            "This is not a CSV text file (it contains NUL bytes, like a binary file).",
            display,
            row=line,
        )
    return text, None


def _missing_header(display: str) -> Issue:
    return Issue(
        "missing_header",
        "Row 1 is empty: the first row must be the header naming the columns.",
        display,
        row=1,
    )


def _read_polars(data: bytes, name: str, display: str, seen: frozenset[bytes]) -> RawFile | None:
    """The file read by polars, its cells as text, or ``None`` when a line is not one record
    with one field per header cell (the ``csv`` module then reads it and names the rows).

    ``data`` is valid UTF-8 without NUL bytes (a UTF-8 BOM is skipped by polars) and ``seen``
    is :func:`~corpbench.ingest.csvbytes.scan_bytes` of it."""
    if has_lone_cr(data, seen):
        return None  # a carriage return that does not end a line
    quoted = b'"' in seen
    lines = _lines_if_records(data) if quoted else None
    if quoted and lines is None:
        return None
    try:
        table = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            quote_char='"' if quoted else None,
            empty_string_is_null=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.ComputeError:  # a row with more fields than the first
        return None
    if table.height == 0 or (lines is not None and table.height != lines):
        return None
    if not quoted and not _rows_full(data, table):
        return None
    table = table.rename({c: cell_column(i) for i, c in enumerate(table.columns)})
    plain = only_plain_spaces(data, seen)
    blank = _blank_rows(table, plain)
    if blank and blank[0] == 0:
        return None  # a blank header: the csv module reports it
    header = tuple("" if v is None else str(v) for v in table.row(0))
    frame = table.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64)).slice(1)
    del table
    if blank:
        frame = frame.filter(~pl.col(ROW).is_in([b + 1 for b in blank]))
    # no cell starts or ends with whitespace: proved from the bytes, or for a file with quotes
    # (a quoted space can sit beside a comma) by there being no space at all
    trimmed = plain and (b" " not in seen if quoted else not edge_spaces(data, seen))
    return RawFile(name, display, header, frame, plain_spaces=plain, trimmed=trimmed)


def _lines_if_records(data: bytes) -> int | None:
    """The number of lines of ``data`` (a file with double quotes) when every line is one
    record with as many fields as the first line, each field wholly in double quotes (inner
    quotes doubled) or free of quotes, and the first line is not blank; else ``None``."""
    lines = pl.read_csv(
        data,
        has_header=False,
        infer_schema=False,
        separator="\x00",
        quote_char=None,
        empty_string_is_null=False,
        new_columns=["line"],
    ).get_column("line")
    if lines.is_empty():
        return None
    try:
        n = len(next(csv.reader([lines[0]])))
    except csv.Error:
        return None  # a stray quote in the header line
    # one regex per line: n fields, each quoted as a whole or free of quotes; a value spanning
    # lines or a stray quote (`ab"c`, `"a"b`) fails it
    well_formed = f"^{_FIELD}(?:,{_FIELD}){{{n - 1}}}\r?$"
    blank_line = ~lines.str.contains(NOT_BLANK_LINE)
    if n > _MAX_FIELDS_MATCHED or bool(blank_line[0]):
        return None
    if not bool((lines.str.contains(well_formed) | blank_line).all()):
        return None
    return lines.len()


def _rows_full(data: bytes, table: pl.DataFrame) -> bool:
    """True when no row of ``table`` (``data``, a file without double quotes, read by polars)
    lacks a field: polars pads a short row, so when a cell is null, or the last column has an
    empty cell, the commas of the file are counted."""
    if any(table.null_count().row(0)):
        return False
    width = table.width
    if not data.endswith(b"\n"):
        # polars drops one empty field more at the very end of a file without a final newline
        last_line = data[data.rfind(b"\n") + 1 :]
        if last_line.count(b",") != width - 1:
            return False
    if width > 1:
        last = table.get_column(table.columns[-1])
        if bool((last.str.len_bytes() == 0).any()):
            trailing = trailing_empty_lines(data)
            if trailing is None or data.count(b",") != (table.height - trailing) * (width - 1):
                return False
    return True


def _blank_rows(table: pl.DataFrame, plain_spaces: bool) -> list[int]:
    """Indices of the rows of ``table`` (String columns) whose cells are all empty or
    whitespace; only rows with a blank first cell are examined."""
    first = pl.col(table.columns[0])
    maybe = (
        (first.str.len_bytes() == 0) | first.str.starts_with(" ")
        if plain_spaces
        else ~first.str.contains(NOT_BLANK)
    )
    index = table.select(pl.arg_where(maybe.fill_null(True))).to_series()
    if index.is_empty():
        return []
    rows = table[index]
    blank = rows.select(
        pl.all_horizontal([~pl.col(c).fill_null("").str.contains(NOT_BLANK) for c in rows.columns])
    ).to_series()
    return index.filter(blank).to_list()


def _read_csv_module(text: str, name: str, display: str) -> tuple[RawFile | None, list[Issue]]:
    """Parse with Python's ``csv`` module, listing rows with the wrong number of fields."""
    issues: list[Issue] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: tuple[str, ...] | None = None
    rows: list[int] = []
    cells: list[list[str]] = []
    ragged = 0
    try:
        for number, record in enumerate(reader, start=1):
            if header is None:
                if not any(c.strip() for c in record):
                    return None, [_missing_header(display)]
                header = tuple(record)
                cells = [[] for _ in header]
                continue
            if not any(c.strip() for c in record):
                continue
            if len(record) != len(header):
                ragged += 1
                if ragged <= MAX_RAGGED_LISTED:
                    issues.append(_ragged(display, number, record, len(header)))
                continue
            rows.append(number)
            for col, value in zip(cells, record, strict=True):
                col.append(value)
    except csv.Error as e:
        return None, [
            Issue(
                "not_csv",
                f"This is not valid CSV ({e}); check the quotes around values.",
                display,
                row=reader.line_num,
            )
        ]
    if header is None:
        return None, [_missing_header(display)]
    if ragged > MAX_RAGGED_LISTED:
        issues.append(
            Issue(
                "wrong_field_count",
                f"{ragged - MAX_RAGGED_LISTED} more rows have the wrong number of fields "
                "(not listed).",
                display,
            )
        )
    return RawFile(name, display, header, frame_from_columns(rows, cells)), issues


def _ragged(display: str, number: int, record: list[str], expected: int) -> Issue:
    shown = ",".join(record)
    return Issue(
        "wrong_field_count",
        f"This row has {len(record)} fields but the header has {expected}; every row needs "
        "one field per column (put a value containing a comma in double quotes).",
        display,
        row=number,
        value=shown if len(shown) <= 120 else shown[:117] + "...",
    )
