"""Match a file's header row to the columns of the standard.

Names are compared trimmed and case-insensitively, in any order. Unknown, duplicated and
unnamed columns (an empty header cell above values) are errors, as is a missing required
column; a header naming no column of the file at all is reported once as a missing header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from corpbench.ingest.issues import Issue
from corpbench.ingest.raw import RawFile, cell_column, letter
from corpbench.standard import FileSpec


@dataclass
class HeaderMatch:
    """Which cell column of the raw data holds each standard column (``c3`` for the fourth
    header cell), and the problems of the header."""

    columns: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    usable: bool = True  # False when the header names no column of the file


def match_header(raw: RawFile, spec: FileSpec) -> HeaderMatch:
    """The standard columns found in ``raw``'s header, with every header problem."""
    out = HeaderMatch()
    known = spec.column_names
    names = ", ".join(known)
    keys = [cell.strip().lower() for cell in raw.header]
    if not any(k in known for k in keys):
        shown = ",".join(raw.header)
        out.issues.append(
            Issue(
                "missing_header",
                f"Row 1 names none of the columns of {spec.filename}; the first row must be "
                f"the header, with the columns {names} (in any order).",
                raw.display,
                row=1,
                value=shown if len(shown) <= 120 else shown[:117] + "...",
            )
        )
        out.usable = False
        return out
    first_at: dict[str, int] = {}
    for i, (cell, key) in enumerate(zip(raw.header, keys, strict=True)):
        if key == "":
            if _has_values(raw.data, cell_column(i)):
                out.issues.append(
                    Issue(
                        "unnamed_column",
                        f"Column {letter(i)} has values but no name in row 1; name it (one of "
                        f"{names}) or delete it.",
                        raw.display,
                        row=1,
                        column=letter(i),
                    )
                )
            continue
        if key not in known:
            out.issues.append(
                Issue(
                    "unknown_column",
                    f"Unknown column {cell.strip()!r}: the columns of {spec.filename} are "
                    f"{names} (names are case-insensitive).",
                    raw.display,
                    row=1,
                    column=cell.strip(),
                    value=cell,
                )
            )
            continue
        if key in first_at:
            out.issues.append(
                Issue(
                    "duplicate_column",
                    f"Column {key} appears twice in row 1 (columns {letter(first_at[key])} and "
                    f"{letter(i)}); keep one.",
                    raw.display,
                    row=1,
                    column=key,
                    value=cell,
                )
            )
            continue
        first_at[key] = i
        out.columns[key] = cell_column(i)
    for col in spec.columns:
        if col.required and col.name not in out.columns:
            out.issues.append(
                Issue(
                    "missing_column",
                    f"The required column {col.name} is missing from the header (row 1). "
                    f"{col.help}",
                    raw.display,
                    row=1,
                    column=col.name,
                )
            )
    return out


def _has_values(data: pl.DataFrame, column: str) -> bool:
    if column not in data.columns:
        return False
    cleaned = pl.col(column).str.strip_chars()
    return bool(data.select((cleaned.is_not_null() & (cleaned != "")).any()).item())
