"""Compare a machine output (CSV text of data standard §3) with the reference rows.

Column names must match exactly and in order; key cells (text) exactly, row for row and in the
same order; numbers within a tolerance, an empty cell standing for ``None``. With
``strict_format`` every number must also be written as §3 says: an integer or Python's ``repr``
of the float (full precision, no rounding, no thousands separators).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence

Expected = Mapping[str, str | int | float | None]

_INTEGER = re.compile(r"-?[0-9]+")


def read_machine_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a machine CSV (every cell as text, empty cells as ``""``)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], []
    rows: list[dict[str, str]] = []
    for cells in reader:
        if not cells:
            continue
        if len(cells) != len(header):
            raise AssertionError(f"row has {len(cells)} cells, header has {len(header)}: {cells}")
        rows.append(dict(zip(header, cells, strict=True)))
    return header, rows


def parse_machine_csv(text: str) -> list[dict[str, str]]:
    """The rows of a machine CSV as dicts of text cells."""
    return read_machine_csv(text)[1]


def _number_problem(
    cell: str, expected: int | float | None, rel: float, abs_: float, strict_format: bool
) -> str | None:
    """Why ``cell`` does not stand for ``expected``, or ``None`` when it does."""
    if expected is None:
        return None if cell == "" else "expected an empty cell"
    if cell == "":
        return "expected a number, got an empty cell"
    try:
        value = float(cell)
    except ValueError:
        return "not a number"
    if strict_format and not (_INTEGER.fullmatch(cell) or repr(value) == cell):
        return f"not written as an integer or Python's repr of the float ({value!r})"
    if not math.isfinite(value) or not math.isclose(value, expected, rel_tol=rel, abs_tol=abs_):
        return "differs"
    return None


def _describe_keys(key: tuple[str, ...], key_columns: Sequence[str]) -> str:
    return ", ".join(f"{c}={v!r}" for c, v in zip(key_columns, key, strict=True))


def assert_rows_equal(
    actual_csv_text: str,
    expected_rows: Sequence[Expected],
    *,
    rel: float = 1e-9,
    abs_: float = 1e-9,
    columns: Sequence[str] | None = None,
    strict_format: bool = True,
    label: str = "output",
    max_report: int = 8,
) -> None:
    """Fail with a readable diff unless the CSV equals ``expected_rows``.

    ``columns`` defaults to the keys of the first expected row (give it when none is expected).
    Key columns are those whose expected values are all text; the others are numbers.
    """
    header, actual = read_machine_csv(actual_csv_text)
    names = (
        list(columns) if columns is not None else list(expected_rows[0]) if expected_rows else None
    )
    if names is not None and header != names:
        raise AssertionError(f"{label}: columns {header} != expected {names}")
    if names is None:
        names = header
    key_columns = [
        c for c in names if expected_rows and all(isinstance(r[c], str) for r in expected_rows)
    ]
    number_columns = [c for c in names if c not in key_columns]
    actual_keys = [tuple(r[c] for c in key_columns) for r in actual]
    expected_keys = [tuple(str(r[c]) for c in key_columns) for r in expected_rows]

    problems: list[str] = []
    if actual_keys != expected_keys:
        missing = [k for k in expected_keys if k not in set(actual_keys)]
        extra = [k for k in actual_keys if k not in set(expected_keys)]
        problems.extend(f"missing row {_describe_keys(k, key_columns)}" for k in missing)
        problems.extend(f"unexpected row {_describe_keys(k, key_columns)}" for k in extra)
        if not missing and not extra:
            if len(actual_keys) != len(expected_keys):
                problems.append(f"{len(actual_keys)} rows, expected {len(expected_keys)}")
            else:
                pairs = zip(actual_keys, expected_keys, strict=True)
                at = next(i for i, (a, e) in enumerate(pairs) if a != e)
                problems.append(
                    f"rows out of order at data row {at + 1}: got "
                    f"{_describe_keys(actual_keys[at], key_columns)}, expected "
                    f"{_describe_keys(expected_keys[at], key_columns)}"
                )
    else:
        for got, want, key in zip(actual, expected_rows, expected_keys, strict=True):
            for c in number_columns:
                value = want[c]
                assert not isinstance(value, str)
                why = _number_problem(got[c], value, rel, abs_, strict_format)
                if why is not None:
                    problems.append(
                        f"{_describe_keys(key, key_columns)}: {c} = {got[c]!r}, "
                        f"expected {value!r} ({why})"
                    )
    if problems:
        shown = "\n  ".join(problems[:max_report])
        more = (
            f"\n  ... and {len(problems) - max_report} more" if len(problems) > max_report else ""
        )
        raise AssertionError(
            f"{label}: {len(problems)} difference(s) from the reference "
            f"({len(actual)} rows, expected {len(expected_rows)}):\n  {shown}{more}"
        )
