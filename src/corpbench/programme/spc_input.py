"""A series for an XmR chart read from text (docs/spc.md): a CSV of ``date,value`` with an
optional ``rebase`` column of 0/1, or a JSON object with the arguments of
:func:`corpbench.programme.spc.xmr`. Pure functions over the text; every error says where
(line and column, or key), what was found and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass

from corpbench.programme.spc import IMPROVEMENT_DIRECTIONS, SpcResult, xmr

#: The keys of a JSON series; only ``values`` is required.
JSON_KEYS = (
    "values",
    "improvement_direction",
    "target",
    "rebase_at",
    "fix_after_n_points",
    "screen_outliers",
)
CSV_COLUMNS = ("date", "value", "rebase")


class SpcFileError(ValueError):
    """A series file that cannot be read: ``where`` (a line and column, or a key), ``what``
    was found and what was ``expected``."""

    def __init__(self, where: str, what: str, expected: str) -> None:
        super().__init__(f"{where}: {what}; expected {expected}")
        self.where = where
        self.what = what
        self.expected = expected


@dataclass(frozen=True)
class SpcSeries:
    """The arguments of :func:`xmr`, with the dates of a CSV's rows (``None`` from JSON)."""

    values: tuple[float, ...]
    dates: tuple[dt.date, ...] | None = None
    improvement_direction: str = "increase"
    target: float | None = None
    rebase_at: tuple[int, ...] = ()
    fix_after_n_points: int | None = None
    screen_outliers: bool = True

    def chart(self) -> SpcResult:
        return xmr(
            self.values,
            improvement_direction=self.improvement_direction,
            target=self.target,
            rebase_at=self.rebase_at,
            fix_after_n_points=self.fix_after_n_points,
            screen_outliers=self.screen_outliers,
        )


def _number(text: str, where: str) -> float:
    try:
        v = float(text.strip().replace(",", ""))
    except ValueError:
        raise SpcFileError(where, f"{text!r} is not a number", "a finite number") from None
    if not math.isfinite(v):
        raise SpcFileError(where, f"{text!r} is not finite", "a finite number")
    return v


def parse_series_csv(text: str) -> SpcSeries:
    """Rows of ``date`` (YYYY-MM-DD), ``value`` and optionally ``rebase`` (0 or 1; 1 starts a
    new rebase group at that row), in any order: sorted by date as NHSRplotthedots sorts."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise SpcFileError("line 1", "no header", "the columns date,value (and rebase)")
    names = [h.strip().lower() for h in header]
    for required in ("date", "value"):
        if required not in names:
            raise SpcFileError(
                "line 1", f"no {required!r} column in {header}", "the columns date,value"
            )
    unknown = [h for h in names if h not in CSV_COLUMNS]
    if unknown or len(set(names)) != len(names):
        raise SpcFileError(
            "line 1", f"columns {header}", "date, value and optionally rebase, each once"
        )
    col = {n: i for i, n in enumerate(names)}
    rows: list[tuple[dt.date, float, int, int]] = []
    seen: dict[dt.date, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue  # a blank line
        if len(row) != len(names):
            raise SpcFileError(
                f"line {line}", f"{len(row)} cells", f"{len(names)} ({', '.join(names)})"
            )
        raw_date = row[col["date"]].strip()
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise SpcFileError(
                f"line {line}, column date", f"{raw_date!r} is not a date", "YYYY-MM-DD"
            ) from None
        if date in seen:
            raise SpcFileError(
                f"line {line}, column date",
                f"{raw_date} repeats line {seen[date]}",
                "one row per date",
            )
        seen[date] = line
        value = _number(row[col["value"]], f"line {line}, column value")
        rebase = 0
        if "rebase" in col:
            cell = row[col["rebase"]].strip()
            if cell not in ("", "0", "1"):
                raise SpcFileError(f"line {line}, column rebase", f"{cell!r}", "0 or 1")
            rebase = int(cell or 0)
        rows.append((date, value, rebase, line))
    if not rows:
        raise SpcFileError("the file", "no rows after the header", "at least one date,value row")
    rows.sort(key=lambda r: r[0])
    return SpcSeries(
        values=tuple(r[1] for r in rows),
        dates=tuple(r[0] for r in rows),
        rebase_at=tuple(i for i, r in enumerate(rows) if r[2] == 1),
    )


def _check(cond: bool, key: str, what: object, expected: str) -> None:
    if not cond:
        raise SpcFileError(f"key {key!r}", f"{what!r}", expected)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def parse_series_json(text: str) -> SpcSeries:
    """A JSON object with ``values`` (a list of numbers) and optionally
    ``improvement_direction``, ``target``, ``rebase_at`` (0-based indices),
    ``fix_after_n_points`` and ``screen_outliers``; no other keys."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise SpcFileError(
            f"line {e.lineno}, column {e.colno}", f"invalid JSON ({e.msg})", "a JSON object"
        ) from None
    if not isinstance(doc, dict):
        raise SpcFileError("the file", f"a JSON {type(doc).__name__}", "a JSON object")
    unknown = sorted(set(doc) - set(JSON_KEYS))
    if unknown:
        raise SpcFileError(
            f"key {unknown[0]!r}", "an unknown key", f"only the keys {', '.join(JSON_KEYS)}"
        )
    if "values" not in doc:
        raise SpcFileError("key 'values'", "missing", "a list of numbers")
    values = doc["values"]
    _check(isinstance(values, list) and len(values) > 0, "values", values, "a list of numbers")
    for i, v in enumerate(values):
        if not _is_number(v):
            raise SpcFileError(f"key 'values', item {i}", f"{v!r}", "a finite number")
    direction = doc.get("improvement_direction", "increase")
    _check(
        direction in IMPROVEMENT_DIRECTIONS,
        "improvement_direction",
        direction,
        " or ".join(IMPROVEMENT_DIRECTIONS),
    )
    target = doc.get("target")
    _check(target is None or _is_number(target), "target", target, "a number or null")
    rebase_at = doc.get("rebase_at", [])
    _check(isinstance(rebase_at, list), "rebase_at", rebase_at, "a list of indices")
    for r in rebase_at:
        _check(
            isinstance(r, int) and not isinstance(r, bool) and 0 <= r < len(values),
            "rebase_at",
            r,
            f"a 0-based index from 0 to {len(values) - 1}",
        )
    fix = doc.get("fix_after_n_points")
    _check(
        fix is None or (isinstance(fix, int) and not isinstance(fix, bool) and fix >= 12),
        "fix_after_n_points",
        fix,
        "a whole number of at least 12, or null",
    )
    screen = doc.get("screen_outliers", True)
    _check(isinstance(screen, bool), "screen_outliers", screen, "true or false")
    return SpcSeries(
        values=tuple(float(v) for v in values),
        improvement_direction=direction,
        target=None if target is None else float(target),
        rebase_at=tuple(rebase_at),
        fix_after_n_points=fix,
        screen_outliers=screen,
    )
