"""Parse the bytes of one CSV file into a :class:`RawFile`, turning every malformation into an
:class:`Issue`.

Row numbers are record numbers, as a spreadsheet shows them: the header is row 1, a value in
double quotes that spans lines is still one row, and wholly blank rows (no line at all, or only
empty cells) are skipped without renumbering the rows after them.

Three parsers give the same result, tried in turn. A file without double quotes is read in one
polars pass (:mod:`corpbench.ingest.csvplain`; a clean file of the standard with its number
columns as values, :mod:`corpbench.ingest.csvtyped`); a file with quotes is pre-scanned line by line
and read by polars when every line is one record with one field per header cell; anything else
(values spanning lines, a row with the wrong number of fields, old Mac line ends) goes to
Python's ``csv`` module, which reports the offending rows precisely. The bytes are decoded to a
Python string only for that last parser.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import polars as pl

from corpbench.ingest.csvplain import (
    NOT_BLANK_LINE,
    blank_rows,
    edge_spaces,
    has_lone_cr,
    only_plain_spaces,
    parse_plain,
    scan_bytes,
)
from corpbench.ingest.csvtyped import parse_typed
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
    parsed = _parse_quote_free(data, name, display, seen) if b'"' not in seen else None
    if parsed is None:
        parsed = _parse_fast(data, name, display, seen)
    if parsed is None:
        return _parse_slow(data[start:].decode("utf-8"), name, display)
    return parsed, []


def _parse_quote_free(
    data: bytes, name: str, display: str, seen: frozenset[bytes]
) -> RawFile | None:
    """A file without double quotes read by polars: typed when its bytes and header allow
    (:mod:`corpbench.ingest.csvtyped`), else as text (:mod:`corpbench.ingest.csvplain`).
    ``seen`` is :func:`~corpbench.ingest.csvplain.scan_bytes` of ``data``."""
    if has_lone_cr(data, seen):
        return None
    plain = only_plain_spaces(data, seen)
    trimmed = plain and not edge_spaces(data, seen)
    typed = parse_typed(data, name, display) if trimmed else None
    if typed is not None:
        return typed
    return parse_plain(data, name, display, plain=plain, trimmed=trimmed)


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


def _parse_fast(
    body: bytes, name: str, display: str, seen: frozenset[bytes] | None = None
) -> RawFile | None:
    """Parse with polars when every line is exactly one record with as many fields as the
    header, each field either unquoted without quotes or wholly in double quotes (inner quotes
    doubled); ``None`` when the slow parser must decide. A UTF-8 BOM is skipped by polars.
    ``seen``, when given, is :func:`~corpbench.ingest.csvplain.scan_bytes` of ``body``."""
    if seen is None:
        seen = scan_bytes(body)
    if has_lone_cr(body, seen):
        return None  # a carriage return that does not end a line
    try:
        lines = pl.read_csv(
            body,
            has_header=False,
            infer_schema=False,
            separator="\x00",
            quote_char=None,
            empty_string_is_null=False,
            new_columns=["line"],
        ).get_column("line")
    except Exception:
        return None
    if lines.is_empty():
        return None
    try:
        n = len(next(csv.reader([lines[0]])))
    except (csv.Error, StopIteration):
        return None
    # one regex per line: n fields, each quoted as a whole or free of quotes; a value spanning
    # lines or a stray quote (`ab"c`, `"a"b`) fails it and is left to the csv module
    well_formed = f"^{_FIELD}(?:,{_FIELD}){{{n - 1}}}\r?$"
    blank_line = ~lines.str.contains(NOT_BLANK_LINE)  # a wholly blank row
    try:
        matched = bool((lines.str.contains(well_formed) | blank_line).all())
    except Exception:  # a header so wide that the pattern is over the regex size limit
        return None
    if bool(blank_line[0]) or not matched:
        return None
    n_lines = lines.len()
    del lines, blank_line
    try:
        table = pl.read_csv(
            body,
            has_header=False,
            infer_schema=False,
            empty_string_is_null=False,
            truncate_ragged_lines=False,
        )
    except Exception:
        return None
    if table.height != n_lines or table.width != n:
        return None
    table = table.rename({c: cell_column(i) for i, c in enumerate(table.columns)})
    plain = only_plain_spaces(body, seen)
    blank = blank_rows(table, plain)
    if blank and blank[0] == 0:
        return None
    header = tuple("" if v is None else str(v) for v in table.row(0))
    data = table.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64)).slice(1)
    if blank:
        data = data.filter(~pl.col(ROW).is_in([b + 1 for b in blank]))
    trimmed = plain and b" " not in seen  # no whitespace in any cell
    return RawFile(name, display, header, data, plain_spaces=plain, trimmed=trimmed)


def _parse_slow(text: str, name: str, display: str) -> tuple[RawFile | None, list[Issue]]:
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
