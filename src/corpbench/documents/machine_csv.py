"""The machine outputs of data standard §3 as CSV text.

Every value is written the one way the standard fixes, so that other tools (and the independent
checks of every figure) read back exactly what corpbench computed:

- a float is Python's ``repr`` of it: the shortest text that reads back as the same float (full
  precision, no rounding, no thousands separators), e.g. ``0.30000000000000004``, ``1e-05``,
  ``1e+16``, ``2.0``;
- an integer is its decimal digits, e.g. ``42``;
- a missing value (None / null) is the empty field;
- a boolean is ``true`` or ``false``;
- text is written as it is, except that text a spreadsheet would run as a formula is neutralised
  (:func:`corpbench.documents.safe.neutralise`);
- a date is its ISO form, a ``Decimal`` its ``str``.

The file is UTF-8 CSV with one header row, written by Python's :mod:`csv` module (minimal quoting,
``"\\n"`` line endings). The order of rows and columns is the frame's: callers sort by key.
"""

from __future__ import annotations

import csv
import datetime as dt
import numbers
from decimal import Decimal
from typing import TextIO

import polars as pl

from corpbench.documents.safe import DANGEROUS_PATTERN, ESCAPE, neutralise

#: Rows formatted and written per batch, so that memory stays bounded on large outputs.
CHUNK_ROWS = 100_000

# Within this magnitude range (and for zero) polars' float-to-text cast gives exactly Python's
# ``repr`` (shortest round-trip digits in positional notation); outside it Python switches to
# exponent notation (``1e-05``, ``1e+16``) and polars does not, so those values use ``repr``.
_POSITIONAL_MIN = 1e-4
_POSITIONAL_MAX = 1e16


def format_value(v: object) -> str:
    """The CSV text of one value in a machine output (rules in the module docstring)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(float(v))
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):  # e.g. numpy floating scalars that are not float subclasses
        return repr(float(v))
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, str):
        return neutralise(v)
    return neutralise(str(v))


def _float_texts(s: pl.Series) -> list[str]:
    """Float column to ``repr`` texts: vectorised where polars agrees with ``repr``, else
    ``repr`` per value."""
    s = s.cast(pl.Float64)
    texts: list[str] = s.cast(pl.String).fill_null("").to_list()
    a = s.abs()
    positional = (s == 0) | ((a >= _POSITIONAL_MIN) & (a < _POSITIONAL_MAX))
    needs_repr = s.is_not_null() & (s.is_nan() | ~positional)
    idx = needs_repr.arg_true().to_list()
    if idx:
        values = s.gather(idx).to_list()
        for i, v in zip(idx, values, strict=True):
            texts[i] = repr(v)
    return texts


def _string_texts(s: pl.Series) -> list[str]:
    """Text column to neutralised texts, missing as empty."""
    s = s.cast(pl.String)
    frame = pl.DataFrame({"s": s})
    col = pl.col("s")
    out = frame.select(
        pl.when(col.str.contains(DANGEROUS_PATTERN))
        .then(pl.lit(ESCAPE) + col)
        .otherwise(col)
        .fill_null("")
    )
    texts: list[str] = out.to_series().to_list()
    return texts


def column_texts(s: pl.Series) -> list[str]:
    """The CSV texts of a whole column, equal to :func:`format_value` of each of its values."""
    dtype = s.dtype
    if dtype.is_float():
        return _float_texts(s)
    if dtype.is_integer():
        ints: list[str] = s.cast(pl.String).fill_null("").to_list()
        return ints
    if dtype == pl.Boolean:
        return ["" if v is None else ("true" if v else "false") for v in s.to_list()]
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return _string_texts(s)
    return [format_value(v) for v in s.to_list()]


def write_machine_csv(df: pl.DataFrame, out: TextIO) -> None:
    """Write ``df`` to ``out`` as a machine-output CSV: a header row of the column names, then
    one line per row with every value as :func:`format_value` writes it.

    ``out`` should be opened with ``newline=""`` (the writer emits ``"\\n"`` itself) and UTF-8.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(df.columns)
    for offset in range(0, df.height, CHUNK_ROWS):
        chunk = df.slice(offset, CHUNK_ROWS)
        columns = [column_texts(s) for s in chunk.get_columns()]
        writer.writerows(zip(*columns, strict=True))


__all__ = [
    "CHUNK_ROWS",
    "column_texts",
    "format_value",
    "write_machine_csv",
]
