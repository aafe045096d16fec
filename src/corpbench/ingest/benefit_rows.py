"""Read an upload of benefit actuals and trajectories (docs/programme.md "Benefits"): a CSV file
or an ``.xlsx`` workbook (its first sheet) with the columns

``line`` (the benefit line's number), ``month`` (``YYYY-MM``), ``actual``, ``planned``

where each row gives a line's actual and/or planned value in a month (at least one of the two;
an empty cell leaves that value as it is). The bytes are read by the safe readers of this
package: sizes and rows checked before parsing, macros and entity-declaring XML refused
(``xlsxparse``), CSV text checked (``csvparse``). Every problem is an :class:`Issue` with its
row, column, value and what was expected; an upload with any error is wholly refused.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from corpbench.ingest.csvparse import parse_csv
from corpbench.ingest.issues import Issue
from corpbench.ingest.limits import csv_rows_issue, sheet_rows_issue
from corpbench.ingest.raw import RawFile
from corpbench.ingest.xlsxparse import _broken, _capped, _TooManyRows, check_archive, sheet_to_raw

#: The columns of an upload, in order.
COLUMNS: tuple[str, ...] = ("line", "month", "actual", "planned")
#: The most rows an upload holds (ten years of months for a hundred lines, with room).
MAX_ROWS = 20_000
#: The largest upload, in bytes.
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class BenefitRow:
    """One row of an upload: its row number as the user sees it, the line, the month and the
    values given (None where the cell is empty)."""

    row: int
    line: int
    month: str
    actual: float | None
    planned: float | None


@dataclass(frozen=True)
class BenefitUpload:
    """What an upload gave: its rows when it has no error, and every issue."""

    rows: tuple[BenefitRow, ...]
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return not self.issues


def _refused(*issues: Issue) -> BenefitUpload:
    return BenefitUpload((), tuple(issues))


def _raw(data: bytes, filename: str) -> tuple[RawFile | None, list[Issue]]:
    """The upload's cells: a CSV file, or the first sheet of an .xlsx workbook."""
    lower = filename.lower()
    if len(data) > MAX_BYTES:
        return None, [
            Issue(
                "too_large",
                f"The file is {len(data)} bytes, over the limit of {MAX_BYTES} bytes.",
                filename,
            )
        ]
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        return None, [
            Issue(
                "macro_workbook",
                "Macro-enabled workbooks are refused: save it as 'Excel Workbook (.xlsx)' "
                "without macros.",
                filename,
            )
        ]
    if lower.endswith(".xlsx"):
        return _sheet(data, filename)
    if lower.endswith(".csv"):
        too_many = csv_rows_issue(data, filename, MAX_ROWS)
        if too_many is not None:
            return None, [too_many]
        return parse_csv(data, name="benefits", display=filename)
    return None, [
        Issue(
            "unsupported_input",
            "An upload of benefits is a .csv file or an .xlsx workbook.",
            filename,
            value=filename,
        )
    ]


def _sheet(data: bytes, filename: str) -> tuple[RawFile | None, list[Issue]]:
    refusals = check_archive(data, filename, MAX_BYTES * 20, MAX_ROWS)
    if refusals:
        return None, refusals
    import openpyxl  # slow to import; only workbooks need it
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        return None, [
            Issue(
                "broken_workbook",
                "Workbooks cannot be read safely here: defusedxml protection is switched off; "
                "upload a CSV file.",
                filename,
            )
        ]
    import io

    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as e:
        return None, [_broken(filename, e)]
    try:
        title = wb.sheetnames[0]
        display = f"{filename}[{title}]"
        ws = wb[title]
        ws.reset_dimensions()
        return sheet_to_raw(
            _capped(ws.iter_rows(values_only=True), MAX_ROWS + 1), "benefits", display
        )
    except _TooManyRows:
        return None, [sheet_rows_issue(filename, MAX_ROWS)]
    except Exception as e:
        return None, [_broken(filename, e)]
    finally:
        wb.close()


def _header(raw: RawFile) -> tuple[dict[str, int], list[Issue]]:
    where: dict[str, int] = {}
    issues: list[Issue] = []
    for i, cell in enumerate(raw.header):
        name = cell.strip().lower()
        if not name:
            continue
        if name not in COLUMNS:
            issues.append(
                Issue(
                    "unknown_column",
                    f"Unknown column {cell!r}: the columns are {', '.join(COLUMNS)}.",
                    raw.display,
                    row=1,
                    column=cell,
                    value=cell,
                )
            )
        elif name in where:
            issues.append(
                Issue(
                    "duplicate_column",
                    f"The column {name} appears twice; keep one.",
                    raw.display,
                    row=1,
                    column=cell,
                )
            )
        else:
            where[name] = i
    for name in ("line", "month"):
        if name not in where:
            issues.append(
                Issue(
                    "missing_column",
                    f"The column {name} is missing: the columns are {', '.join(COLUMNS)}.",
                    raw.display,
                    row=1,
                    column=name,
                )
            )
    if "actual" not in where and "planned" not in where:
        issues.append(
            Issue(
                "missing_column",
                "Neither actual nor planned is a column: give at least one of them.",
                raw.display,
                row=1,
                column="actual",
            )
        )
    return where, issues


def _number(cell: str | None) -> float | str | None:
    """The cell as a number, None when empty, or the text when it is not a finite number."""
    text = (cell or "").strip().replace(",", "").removeprefix("£")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return (cell or "").strip()
    return value if math.isfinite(value) else (cell or "").strip()


def _month(cell: str) -> str | None:
    """``YYYY-MM`` from the cell (a workbook date ``2017-04-01T00:00:00`` reads as its month)."""
    text = cell.strip()
    if (
        len(text) >= 10
        and text[4] == "-"
        and text[7] == "-"
        and text[:10].replace("-", "").isdigit()
    ):
        text = text[:7]
    if (
        len(text) == 7
        and text[4] == "-"
        and text[:4].isdigit()
        and text[5:].isdigit()
        and 1 <= int(text[5:]) <= 12
    ):
        return text
    return None


def parse_benefit_upload(data: bytes, filename: str, lines: Collection[int]) -> BenefitUpload:
    """The rows of the upload ``data`` (named ``filename``: ``.csv`` or ``.xlsx``) for a
    programme whose benefit lines are numbered ``lines``; every issue when it has any."""
    raw, issues = _raw(data, filename)
    if raw is None or issues:
        return _refused(*issues)
    where, issues = _header(raw)
    if issues:
        return _refused(*issues)
    rows: list[BenefitRow] = []
    seen: dict[tuple[int, str], int] = {}
    known = ", ".join(str(n) for n in sorted(lines)) or "none yet"
    for number, cells in raw.rows():

        def cell(name: str, cells: tuple[str | None, ...] = cells) -> str:
            i = where.get(name)
            return "" if i is None else (cells[i] or "")

        line_text, month_text = cell("line").strip(), cell("month").strip()
        line: int | None = None
        if not line_text:
            issues.append(
                Issue(
                    "required",
                    "The line is empty: give the benefit line's number.",
                    raw.display,
                    row=number,
                    column="line",
                )
            )
        elif not (line_text.isdigit() and int(line_text) in lines):
            issues.append(
                Issue(
                    "unknown_line",
                    f"{line_text!r} is not the number of a benefit line of this programme "
                    f"(expected one of: {known}).",
                    raw.display,
                    row=number,
                    column="line",
                    value=line_text,
                )
            )
        else:
            line = int(line_text)
        month = _month(month_text)
        if month is None and not month_text:
            issues.append(
                Issue(
                    "required",
                    "The month is empty (expected YYYY-MM, as 2017-04).",
                    raw.display,
                    row=number,
                    column="month",
                )
            )
        elif month is None:
            issues.append(
                Issue(
                    "bad_month",
                    f"{month_text!r} is not a month (expected YYYY-MM, as 2017-04).",
                    raw.display,
                    row=number,
                    column="month",
                    value=month_text,
                )
            )
        values: dict[str, float | None] = {}
        for name in ("actual", "planned"):
            got = _number(cell(name))
            if isinstance(got, str):
                issues.append(
                    Issue(
                        "not_a_number",
                        f"{got!r} is not a number (expected an amount such as 12500 or "
                        "-3.5, or an empty cell).",
                        raw.display,
                        row=number,
                        column=name,
                        value=got,
                    )
                )
                got = None
            values[name] = got
        if (
            values["actual"] is None
            and values["planned"] is None
            and not cell("actual").strip()
            and not cell("planned").strip()
        ):
            issues.append(
                Issue(
                    "required",
                    "Neither actual nor planned has a value: give at least one.",
                    raw.display,
                    row=number,
                    column="actual",
                )
            )
        if line is None or month is None:
            continue
        key = (line, month)
        if key in seen:
            issues.append(
                Issue(
                    "duplicate_key",
                    f"Line {line} in {month} is also in row {seen[key]}: one row per line "
                    "and month.",
                    raw.display,
                    row=number,
                    column="month",
                    value=month,
                )
            )
            continue
        seen[key] = number
        rows.append(BenefitRow(number, line, month, values["actual"], values["planned"]))
    if not rows and not issues:
        issues.append(Issue("no_data", "The file has a header but no rows.", raw.display))
    return BenefitUpload(() if issues else tuple(rows), tuple(issues))
