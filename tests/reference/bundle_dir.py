"""Read a return bundle folder of CSV files (data standard v1 §1) with the standard library only.

This is the reading half of the independent reference implementation: it shares no code with
``corpbench.ingest`` and keeps every number exact (``fractions.Fraction`` parsed from the decimal
text), so the reference figures carry no rounding of their own. It assumes a *valid* bundle (the
project's validator is tested elsewhere) and raises ``ValueError`` on the few things it needs
to be true to compute anything at all.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_PROCESS_SEP = re.compile(r"[\s_]+")


@dataclass(frozen=True)
class RefOrg:
    """One register entry; ``footprint`` and ``teaching`` are ``None`` when the cell is empty."""

    org_code: str
    org_type: str
    region: str
    footprint: str | None
    teaching: bool | None


@dataclass(frozen=True)
class RefFinance:
    """The finance row of one (organisation, year); ``running_costs`` may be missing."""

    turnover: Fraction
    total_pay: Fraction
    total_fte: Fraction
    running_costs: Fraction | None


@dataclass(frozen=True)
class RefCostLine:
    """One function_costs row; ``process`` is ``None`` for "the whole function"."""

    org_code: str
    year: str
    function: str
    process: str | None
    pay_cost: Fraction
    non_pay_cost: Fraction
    fte: Fraction
    shared_cost: Fraction | None


@dataclass(frozen=True)
class RefBundle:
    """The parts of a bundle the figures of §2 depend on."""

    organisations: dict[str, RefOrg]
    finance: dict[tuple[str, str], RefFinance]
    cost_lines: tuple[RefCostLine, ...]
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, once per ``key`` for this bundle (the figures never change)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value


def process_key(process: str | None) -> str | None:
    """A process name compared with case and the space/underscore difference ignored."""
    if process is None:
        return None
    key = _PROCESS_SEP.sub("_", process.strip().lower()).strip("_")
    return key or None


def parse_bool(text: str | None) -> bool | None:
    """``true``/``false`` (also yes/no and 1/0, any case); empty is ``None``."""
    if text is None:
        return None
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _read_csv(path: Path) -> list[dict[str, str | None]]:
    """Rows of a CSV file with lower-cased column names; empty cells become ``None``."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return []
        names = [h.strip().lower() for h in header]
        rows: list[dict[str, str | None]] = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            row: dict[str, str | None] = {}
            for name, cell in zip(names, cells, strict=False):
                text = cell.strip()
                row[name] = text if text else None
            rows.append(row)
        return rows


def _text(row: dict[str, str | None], column: str) -> str:
    value = row.get(column)
    if value is None:
        raise ValueError(f"required column {column!r} is empty in {row!r}")
    return value


def _number(row: dict[str, str | None], column: str) -> Fraction:
    return Fraction(_text(row, column))


def _optional_number(row: dict[str, str | None], column: str) -> Fraction | None:
    value = row.get(column)
    return None if value is None else Fraction(value)


def read_bundle_dir(path: str | Path) -> RefBundle:
    """The bundle in folder ``path`` (organisations.csv, finance.csv, function_costs.csv)."""
    folder = Path(path)
    orgs: dict[str, RefOrg] = {}
    for row in _read_csv(folder / "organisations.csv"):
        code = _text(row, "org_code")
        if code in orgs:
            raise ValueError(f"duplicate organisation {code}")
        orgs[code] = RefOrg(
            org_code=code,
            org_type=_text(row, "org_type"),
            region=_text(row, "region"),
            footprint=row.get("footprint"),
            teaching=parse_bool(row.get("teaching")),
        )
    finance: dict[tuple[str, str], RefFinance] = {}
    for row in _read_csv(folder / "finance.csv"):
        key = (_text(row, "org_code"), _text(row, "year"))
        if key in finance:
            raise ValueError(f"duplicate finance row {key}")
        finance[key] = RefFinance(
            turnover=_number(row, "turnover"),
            total_pay=_number(row, "total_pay"),
            total_fte=_number(row, "total_fte"),
            running_costs=_optional_number(row, "running_costs"),
        )
    lines: list[RefCostLine] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for row in _read_csv(folder / "function_costs.csv"):
        line = RefCostLine(
            org_code=_text(row, "org_code"),
            year=_text(row, "year"),
            function=_text(row, "function"),
            process=row.get("process"),
            pay_cost=_number(row, "pay_cost"),
            non_pay_cost=_number(row, "non_pay_cost"),
            fte=_number(row, "fte"),
            shared_cost=_optional_number(row, "shared_cost"),
        )
        ukey = (line.org_code, line.year, line.function, process_key(line.process))
        if ukey in seen:
            raise ValueError(f"duplicate function_costs row {ukey}")
        seen.add(ukey)
        if (line.org_code, line.year) not in finance:
            raise ValueError(f"function_costs row without a finance row: {ukey}")
        lines.append(line)
    for org_code, _year in finance:
        if org_code not in orgs:
            raise ValueError(f"finance row for {org_code}, which is not in the register")
    return RefBundle(organisations=orgs, finance=finance, cost_lines=tuple(lines))
