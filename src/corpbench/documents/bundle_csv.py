"""Write a bundle as a folder of data-standard CSV files (one ``<table>.csv`` per present table).

Format (data standard §1 and the machine-output rules of §3):

- UTF-8, a header row with the standard's column names in the standard's order, ``\\n`` line
  ends, fields quoted only when needed (a comma, quote or line break in a name).
- Numbers: a value that is a whole number (and exactly representable, |x| < 2⁵³) is written as
  an integer (``1200``, never ``1200.0``); any other value as Python's ``repr`` of the float
  (shortest text that reads back to the same float, e.g. ``0.1``, ``1e-05``). Reading the file
  back gives exactly the same floats.
- An empty cell for a missing value; ``teaching`` as ``true`` / ``false``.
- Rows sorted by the file's key columns (missing process first), so the same bundle always
  gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from corpbench.standard.bundle import Bundle
from corpbench.standard.schema import BUNDLE_FILES, FILE_ORDER

_EXACT_INT = 2.0**53


def format_number(values: pl.Series) -> pl.Series:
    """The CSV text of a float column: integers for whole numbers, else ``repr``; null stays
    null. ``format_number(pl.Series([1200.0, 0.1, None]))`` → ``["1200", "0.1", None]``."""
    x = values.cast(pl.Float64)
    frame = pl.DataFrame({"x": x})
    whole = (pl.col("x") == pl.col("x").floor()) & (pl.col("x").abs() < _EXACT_INT)
    # polars prints the same shortest digits as repr, but not repr's exponent form for very
    # small or very large values; those (rare) values go through repr itself.
    odd = pl.col("x").is_finite().not_() | (
        (pl.col("x") != 0) & ((pl.col("x").abs() < 1e-4) | (pl.col("x").abs() >= 1e16))
    )
    out = frame.select(
        text=pl.when(whole)
        .then(pl.col("x").cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(pl.col("x").cast(pl.String)),
        odd=odd & whole.not_(),
    )
    text = out["text"]
    odd_idx = out["odd"].fill_null(False).arg_true()
    if odd_idx.len():
        fixed = pl.Series([repr(float(v)) for v in x.gather(odd_idx)], dtype=pl.String)
        text = text.scatter(odd_idx, fixed)
    return text.alias(values.name)


def table_as_text(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """``df`` (a bundle table) as text columns in the standard's column order, rows sorted."""
    spec = BUNDLE_FILES[name]
    columns = [c for c in spec.column_names if c in df.columns]
    sorted_df = df.select(columns).sort(list(spec.key), nulls_last=False, maintain_order=True)
    out: list[pl.Series] = []
    for c in columns:
        s = sorted_df[c]
        if s.dtype == pl.Boolean:
            out.append(
                sorted_df.select(
                    pl.when(pl.col(c).is_null())
                    .then(pl.lit(None, dtype=pl.String))
                    .when(pl.col(c))
                    .then(pl.lit("true"))
                    .otherwise(pl.lit("false"))
                    .alias(c)
                )[c]
            )
        elif s.dtype.is_numeric():
            out.append(format_number(s))
        else:
            out.append(s.cast(pl.String))
    return pl.DataFrame(out)


def write_bundle_csv(bundle: Bundle, folder: Path) -> list[Path]:
    """Write each table in ``bundle.present`` as ``folder/<name>.csv`` (creating ``folder``),
    in the standard's file order; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name in FILE_ORDER:
        if name not in bundle.present:
            continue
        path = folder / f"{name}.csv"
        table_as_text(name, bundle.table(name)).write_csv(path, null_value="")
        paths.append(path)
    return paths
