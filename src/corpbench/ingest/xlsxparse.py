"""Read an ``.xlsx`` return workbook (one sheet per bundle file) into :class:`RawFile` objects.

The workbook is parsed by openpyxl in read-only mode with cached values (``data_only``), never
running anything in it. openpyxl parses its XML with defusedxml, which refuses documents that
declare entities (billion laughs, external entities); the reader refuses to open a workbook if
that protection is not active. Macro-enabled workbooks (any ``vbaProject.bin``) are refused.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from corpbench.ingest.issues import Issue
from corpbench.ingest.limits import compression_issue, sheet_rows_issue, sheet_rows_over
from corpbench.ingest.raw import RawFile, expected_sheets_sentence, frame_from_columns, letter
from corpbench.standard import BUNDLE_FILES

#: Sheets of the template that are not data (compared case-insensitively).
IGNORED_SHEETS = frozenset({"instructions", "lists"})
#: At most this many cells outside the header's columns are listed per sheet.
MAX_STRAY_LISTED = 200


@dataclass
class WorkbookRead:
    """What one workbook gave: its bundle files, issues, and bundle files that failed."""

    files: list[RawFile] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def cell_text(value: Any) -> str | None:
    """A workbook cell as the text the validator checks: numbers exactly (``repr`` of a float,
    an integral float without ``.0``), booleans as ``true``/``false``, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def check_archive(
    data: bytes, display: str, max_file_bytes: int, max_rows: int = 100_000
) -> list[Issue]:
    """Refusals decided before any XML is parsed: from the workbook's zip directory, then (when
    it passes) from each sheet's rows, counted in its XML as it is streamed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            issues = _check_parts(zf, display, max_file_bytes)
            if not issues:
                titles = _sheet_titles(zf)
                issues = [
                    sheet_rows_issue(
                        f"{display}[{titles[info.filename]}]"
                        if info.filename in titles
                        else f"{display}/{info.filename}",
                        max_rows,
                    )
                    for info in zf.infolist()
                    if sheet_rows_over(zf, info, max_rows + 1)  # and the header
                ]
            return issues
    except _BROKEN_ZIP as e:
        return [
            Issue(
                "broken_workbook",
                f"This is not a readable .xlsx workbook ({e}); save it again from Excel as "
                "'Excel Workbook (.xlsx)'.",
                display,
            )
        ]


#: What reading a damaged zip can raise (zlib, CRC, encryption, unsupported compression).
_BROKEN_ZIP = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_titles(zf: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet part's title (``xl/worksheets/sheet1.xml`` -> ``finance``), from the
    workbook's small index parts; empty when they are missing, large or unreadable."""
    try:
        book_info = zf.getinfo("xl/workbook.xml")
        rels_info = zf.getinfo("xl/_rels/workbook.xml.rels")
        if max(book_info.file_size, rels_info.file_size) > 1 << 20:
            return {}
        rels = defused_fromstring(zf.read(rels_info))
        book = defused_fromstring(zf.read(book_info))
    except (KeyError, DefusedXmlException, ElementTree.ParseError, *_BROKEN_ZIP):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    titles: dict[str, str] = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(_RELATIONSHIP_ID), "") or ""
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            titles[part] = sheet.get("name", "")
    return titles


def _check_parts(zf: zipfile.ZipFile, display: str, max_file_bytes: int) -> list[Issue]:
    infos = zf.infolist()
    issues: list[Issue] = []
    if any(i.filename.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for i in infos):
        issues.append(
            Issue(
                "macro_workbook",
                "Macro-enabled workbooks are refused: save it as 'Excel Workbook (.xlsx)' "
                "without macros.",
                display,
            )
        )
    for info in infos:
        bomb = compression_issue(info, display)
        if bomb is not None:
            issues.append(bomb)
        elif info.file_size > max_file_bytes:
            issues.append(
                Issue(
                    "too_large",
                    f"The workbook part {info.filename} unpacks to {info.file_size} bytes, over "
                    f"the limit of {max_file_bytes} bytes.",
                    display,
                )
            )
    return issues


def read_workbook(
    data: bytes, *, base: str, max_file_bytes: int, max_rows: int = 100_000
) -> WorkbookRead:
    """The bundle files in the workbook ``data``; sheets are named ``base[sheet]``; a sheet of
    more than ``max_rows + 1`` rows (the header and ``max_rows`` below it, blank rows counted)
    is refused before it is parsed (its rows counted in its XML), or failing that when the next
    row is reached."""
    out = WorkbookRead()
    refusals = check_archive(data, base, max_file_bytes, max_rows)
    if refusals:
        out.issues.extend(refusals)
        return out
    import openpyxl  # imported here: it is slow to import and only workbooks need it
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        out.issues.append(
            Issue(
                "broken_workbook",
                "Workbooks cannot be read safely here: defusedxml protection is switched off "
                "(OPENPYXL_DEFUSEDXML); send the return as CSV files.",
                base,
            )
        )
        return out
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as e:
        out.issues.append(_broken(base, e))
        return out
    try:
        _read_sheets(wb, base, out, max_rows)
    finally:
        wb.close()
    return out


def _broken(display: str, e: BaseException) -> Issue:
    root = e
    while root.__cause__ is not None:
        root = root.__cause__
    if isinstance(root, DefusedXmlException):
        detail = f"its XML declares entities ({type(root).__name__}), which are refused"
    else:
        text = str(e).strip()
        detail = text.splitlines()[0][:200] if text else type(e).__name__
    return Issue(
        "broken_workbook",
        f"The workbook cannot be read ({detail}); save it again from Excel as "
        "'Excel Workbook (.xlsx)'.",
        display,
    )


class _TooManyRows(Exception):
    """A sheet went past the row limit."""


def _capped(rows: Iterable[tuple[Any, ...]], most: int) -> Iterator[tuple[Any, ...]]:
    """``rows``, raising :class:`_TooManyRows` instead of yielding row ``most + 1``."""
    for count, row in enumerate(rows, start=1):
        if count > most:
            raise _TooManyRows
        yield row


def _read_sheets(wb: Any, base: str, out: WorkbookRead, max_rows: int) -> None:
    seen: dict[str, str] = {}
    for title in wb.sheetnames:
        key = str(title).strip().lower()
        display = f"{base}[{title}]"
        if key in IGNORED_SHEETS:
            continue
        if key not in BUNDLE_FILES:
            out.issues.append(
                Issue(
                    "unknown_file",
                    f"Unknown sheet {title!r}: the sheets of a return are "
                    f"{expected_sheets_sentence()} (sheets 'instructions' and 'lists' are "
                    "ignored).",
                    display,
                    value=str(title),
                )
            )
            continue
        if key in seen:
            out.issues.append(
                Issue(
                    "duplicate_file",
                    f"The sheet {key} appears twice (also as {seen[key]!r}); keep one.",
                    display,
                    value=str(title),
                )
            )
            continue
        seen[key] = str(title)
        try:
            ws = wb[title]
            ws.reset_dimensions()  # read every row even when the stored dimensions are wrong
            rows = _capped(ws.iter_rows(values_only=True), max_rows + 1)  # and the header
            raw, issues = sheet_to_raw(rows, key, display)
        except _TooManyRows:
            out.issues.append(sheet_rows_issue(display, max_rows))
            out.unreadable.add(key)
            continue
        except Exception as e:
            out.issues.append(_broken(display, e))
            out.unreadable.add(key)
            continue
        out.issues.extend(issues)
        if raw is None:
            out.unreadable.add(key)
        else:
            out.files.append(raw)


def sheet_to_raw(
    rows: Iterable[tuple[Any, ...]], name: str, display: str
) -> tuple[RawFile | None, list[Issue]]:
    """A sheet's rows (row 1 first, gaps filled with empty rows) as a :class:`RawFile`."""
    issues: list[Issue] = []
    header: tuple[str, ...] | None = None
    numbers: list[int] = []
    cells: list[list[str | None]] = []
    stray = 0
    for number, values in enumerate(rows, start=1):
        texts = [cell_text(v) for v in values]
        blank = not any(t is not None and t.strip() for t in texts)
        if header is None:
            if blank:
                continue  # decided later: an empty sheet, or values below an empty row 1
            if number != 1:
                return None, [
                    Issue(
                        "missing_header",
                        f"Row 1 is empty: the header naming the columns must be in row 1 "
                        f"(the first values are in row {number}).",
                        display,
                        row=1,
                    )
                ]
            while texts and (texts[-1] is None or not texts[-1].strip()):
                texts.pop()
            header = tuple(t or "" for t in texts)
            cells = [[] for _ in header]
            continue
        if blank:
            continue
        width = len(header)
        for j in range(width, len(texts)):
            text = texts[j]
            if text is not None and text.strip():
                stray += 1
                if stray <= MAX_STRAY_LISTED:
                    issues.append(
                        Issue(
                            "value_without_header",
                            f"A value in column {letter(j)}, which has no header; put it under "
                            "a named column or delete it.",
                            display,
                            row=number,
                            column=letter(j),
                            value=text,
                        )
                    )
        numbers.append(number)
        texts.extend([None] * (width - len(texts)))
        for col, text in zip(cells, texts[:width], strict=True):
            col.append(text)
    if header is None:
        return None, [
            Issue("empty_file", "The sheet is empty: it needs a header row and data rows.", display)
        ]
    if stray > MAX_STRAY_LISTED:
        issues.append(
            Issue(
                "value_without_header",
                f"{stray - MAX_STRAY_LISTED} more values in columns without a header (not listed).",
                display,
            )
        )
    return RawFile(name, display, header, frame_from_columns(numbers, cells)), issues
