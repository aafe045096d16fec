"""Parse the bytes of one CSV file into a :class:`RawFile`, turning every malformation into an
:class:`Issue`.

Row numbers are record numbers, as a spreadsheet shows them: the header is row 1, a value in
double quotes that spans lines is still one row, and wholly blank rows (no line at all, or only
empty cells) are skipped without renumbering the rows after them.

Two parsers give the same result. The fast one (polars) is used when every line is one record
with one field per header cell; anything else (values spanning lines, a row with the wrong
number of fields, old Mac line ends) goes to Python's ``csv`` module, which reports the
offending rows precisely.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from corpbench.ingest.raw import ROW, RawFile, cell_column, frame_from_columns
from corpbench.ingest.report import Issue

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


def parse_csv(data: bytes, *, name: str, display: str) -> tuple[RawFile | None, list[Issue]]:
    """The file ``display`` (bundle file ``name``) parsed from ``data``.

    Returns ``(None, issues)`` when the file cannot be read at all (not UTF-8, not CSV text,
    empty, no header); otherwise the file and the issues of rows that were left out.
    """
    text, issue = _decode(data, display)
    if text is None:
        return None, [issue] if issue else []
    if not text.strip(" \t\r\n,\"'"):
        return None, [
            Issue("empty_file", "The file is empty: it needs a header row and data rows.", display)
        ]
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    parsed = _parse_fast(body, name, display)
    if parsed is None:
        return _parse_slow(text, name, display)
    return parsed, []


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


def _parse_fast(body: bytes, name: str, display: str) -> RawFile | None:
    """Parse with polars when every line is exactly one record with as many fields as the
    header; ``None`` when the slow parser must decide."""
    if body.count(b"\r") != body.count(b"\r\n"):
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
    quotes = lines.str.count_matches('"', literal=True)
    if bool((quotes % 2 != 0).any()):
        return None  # a value spans lines (or a stray quote): let the csv module judge
    unquoted = lines
    if bool((quotes > 0).any()):
        # Each quoted value becomes one NUL (absent from the text); a quote that does not span
        # a whole field (`ab"c` or `"a"b`) is left to the csv module.
        unquoted = lines.str.replace_all(r'(?:"[^"]*")+', "\x00")
        if bool(unquoted.str.contains("[^,]\x00|\x00[^,]").any()):
            return None
    fields = unquoted.str.count_matches(",", literal=True) + 1
    blank_line = ~lines.str.contains(r"[^\s,]")  # no value at all: a wholly blank row
    if lines.is_empty() or bool(blank_line[0]):
        return None
    n = int(fields[0])
    if bool(((fields != n) & ~blank_line).any()):
        return None
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
    if table.height != lines.len() or table.width != n:
        return None
    table = table.rename({c: cell_column(i) for i, c in enumerate(table.columns)})
    header = tuple("" if v is None else str(v) for v in table.row(0))
    blank = pl.all_horizontal(
        [pl.col(c).fill_null("").str.strip_chars() == "" for c in table.columns]
    )
    data = (
        table.with_row_index(ROW, offset=1)
        .with_columns(pl.col(ROW).cast(pl.Int64))
        .slice(1)
        .filter(~blank)
    )
    if bool(table.select(blank.first()).item()):
        return None
    return RawFile(name=name, display=display, header=header, data=data)


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
