"""Tables as an Excel workbook for people: one sheet per table, numbers as numbers.

Each table becomes one sheet: a bold header row (frozen, with an auto-filter), then one row per
table row. Numbers are numeric cells carrying a number format (so the reader's sums and sorts
work), text cells are neutralised against formula injection
(:func:`corpbench.documents.safe.neutralise`), missing values are empty cells, booleans are Excel
booleans and dates are date cells. A float that Excel cannot store (NaN, ±infinity) is left
empty. Column widths fit the header and the values (within bounds).

Number formats: ``number_formats`` maps a column name to an Excel format, applied to that column
in every sheet that has it (e.g. ``{"cost": MONEY_FORMAT, "pct_turnover": PERCENT_FORMAT}``);
other float columns get :data:`DEFAULT_FLOAT_FORMAT` and other integer columns
:data:`DEFAULT_INT_FORMAT`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from corpbench.documents.safe import neutralise

#: Pounds, whole, with thousands separators.
MONEY_FORMAT = "#,##0"
#: A percentage figure already multiplied by 100 (e.g. 1.23 meaning 1.23 %), two decimals.
PERCENT_FORMAT = "0.00"
#: Float columns without an explicit format.
DEFAULT_FLOAT_FORMAT = "#,##0.00"
#: Integer columns without an explicit format.
DEFAULT_INT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

#: Column widths (in characters) stay within these bounds.
MIN_WIDTH = 8
MAX_WIDTH = 60
#: Rows looked at to size a column.
WIDTH_SAMPLE_ROWS = 1000

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_DECIMALS = re.compile(r"\.([0#]+)")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)


def check_sheet_name(name: str) -> None:
    """Raise ``ValueError`` unless Excel accepts ``name`` as a sheet name (1 to 31 characters,
    none of ``[ ] : * ? / \\``, not starting or ending with an apostrophe)."""
    if not 1 <= len(name) <= 31:
        raise ValueError(f"sheet name {name!r} must have 1 to 31 characters")
    if _BAD_SHEET_CHARS.search(name):
        raise ValueError(f"sheet name {name!r} must not contain any of [ ] : * ? / \\")
    if name.startswith("'") or name.endswith("'"):
        raise ValueError(f"sheet name {name!r} must not start or end with an apostrophe")


def clean_text(value: str) -> str:
    """Text as a cell can hold it: characters XML forbids removed, then neutralised."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def cell_value(v: object) -> Any:
    """The value an openpyxl cell gets for the table value ``v``."""
    if v is None or isinstance(v, bool | int | dt.date | dt.time | Decimal):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, str):
        return clean_text(v)
    return clean_text(str(v))


def column_format(name: str, dtype: pl.DataType, number_formats: Mapping[str, str]) -> str | None:
    """The number format of a column: the explicit one, else a default for its type."""
    if name in number_formats:
        return number_formats[name]
    if dtype.is_float() or isinstance(dtype, pl.Decimal):
        return DEFAULT_FLOAT_FORMAT
    if dtype.is_integer():
        return DEFAULT_INT_FORMAT
    if dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
        return DATETIME_FORMAT
    if dtype == pl.Date:
        return DATE_FORMAT
    return None


def display_text(v: object, number_format: str | None) -> str:
    """Roughly the text Excel shows for ``v`` under ``number_format`` (used to size columns)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float | Decimal):
        x = float(v)
        if not math.isfinite(x):
            return ""
        if number_format is None or number_format == "General":
            return f"{x:.10g}"
        m = _DECIMALS.search(number_format)
        decimals = len(m.group(1)) if m else 0
        comma = "," if "," in number_format else ""
        return f"{x:{comma}.{decimals}f}"
    if isinstance(v, dt.datetime):
        return "0000-00-00 00:00:00"
    if isinstance(v, dt.date):
        return "0000-00-00"
    return str(v)


def append_row(ws: Worksheet, values: Sequence[Any], formats: Sequence[str | None] = ()) -> int:
    """Append ``values`` to a normal (not write-only) sheet, each through :func:`cell_value`;
    a number (not a boolean) in column j gets ``formats[j-1]`` when there is one. The row's
    number."""
    ws.append([cell_value(v) for v in values])
    row: int = ws.max_row
    for j, fmt in enumerate(formats, start=1):
        cell = ws.cell(row=row, column=j)
        if fmt and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
            cell.number_format = fmt
    return row


def append_header(ws: Worksheet, titles: Sequence[str]) -> int:
    """Append ``titles`` as a bold header row to a normal sheet (text neutralised); its number."""
    row = append_row(ws, titles)
    for cell in ws[row]:
        cell.font = _HEADER_FONT
    return row


def column_width(header: str, values: Sequence[object], number_format: str | None) -> float:
    """A width (in characters) that fits the header and the sampled values, within bounds."""
    longest = max([len(header), *(len(display_text(v, number_format)) for v in values)])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _write_sheet(
    wb: Workbook,
    name: str,
    df: pl.DataFrame,
    title: str | None,
    number_formats: Mapping[str, str],
) -> None:
    ws = wb.create_sheet(name)
    header_row = 2 if title else 1
    formats = [column_format(c, df.schema[c], number_formats) for c in df.columns]
    sample = df.head(WIDTH_SAMPLE_ROWS)
    for j, (col, fmt) in enumerate(zip(df.columns, formats, strict=True), start=1):
        width = column_width(col, sample[col].to_list(), fmt)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    if df.width:
        last = get_column_letter(df.width)
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(df.height, 1)}"
    if title:
        cell = WriteOnlyCell(ws, value=clean_text(title))
        cell.font = _TITLE_FONT
        ws.append([cell])
    header = []
    for col in df.columns:
        cell = WriteOnlyCell(ws, value=clean_text(col))
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(vertical="top")
        header.append(cell)
    ws.append(header)
    for row in df.iter_rows():
        out: list[Any] = []
        for v, fmt in zip(row, formats, strict=True):
            value = cell_value(v)
            if fmt is not None and value is not None and not isinstance(value, bool | str):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def write_tables_xlsx(
    path: Path,
    sheets: Mapping[str, pl.DataFrame],
    *,
    title: str | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> None:
    """Write each table of ``sheets`` to its own sheet (in the mapping's order) of a new workbook
    at ``path``, replacing any file there.

    With a ``title``, row 1 of every sheet holds the title (large, bold) and the header is row 2;
    the title is also the workbook's document title. Without it the header is row 1. The rows
    above the data are frozen. Raises ``ValueError`` when there is no table, or a sheet name is
    not one Excel accepts, or two names differ only in case.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one table")
    seen: set[str] = set()
    for name in sheets:
        check_sheet_name(name)
        if name.lower() in seen:
            raise ValueError(f"sheet name {name!r} is used twice (Excel ignores case)")
        seen.add(name.lower())
    wb = Workbook(write_only=True)
    if title:
        wb.properties.title = title
    for name, df in sheets.items():
        _write_sheet(wb, name, df, title, number_formats or {})
    wb.save(Path(path))
