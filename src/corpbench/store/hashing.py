"""Canonical content hashes of register rows: equal data gives an equal hash.

A value is encoded without ambiguity: a null is ``~``; text is ``<length>:<text>``; a boolean is
``T`` or ``F``; a float is the decimal of its IEEE-754 bits (with -0.0 taken as 0.0), so the hash
never depends on how a library prints numbers. A row is its table tag and encoded values joined
by ``|``; a register entry's hash is the SHA-256 of its row. (Returns are hashed by
``corpbench.store.returnhash``, which needs no text per line.)
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

from corpbench.standard.bundle import SCHEMAS

NULL = "~"


def _encoded(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.String():
        text = pl.concat_str(col.str.len_chars().cast(pl.String()), pl.lit(":"), col)
    elif dtype == pl.Boolean():
        text = pl.when(col).then(pl.lit("T")).otherwise(pl.lit("F"))
    elif dtype == pl.Float64():
        text = pl.col(_bits_name(column)).cast(pl.String())
    else:  # pragma: no cover - the canonical schemas only use the three types above
        raise TypeError(f"no canonical encoding for {dtype}")
    return pl.when(col.is_null()).then(pl.lit(NULL)).otherwise(text)


def _bits_name(column: str) -> str:
    return f"__bits_{column}"


def float_bits(values: pl.Series) -> pl.Series:
    """The IEEE-754 bits of each float as an unsigned integer (-0.0 counted as 0.0; nulls kept)."""
    floats = values.cast(pl.Float64()).fill_null(0.0).to_numpy()
    # one numpy pass: -0.0 == 0.0, so both zeros become +0.0
    bits = pl.Series(values.name, np.where(floats == 0.0, 0.0, floats).view(np.uint64))
    if not values.null_count():
        return bits
    return bits.to_frame().select(
        pl.when(values.is_null()).then(None).otherwise(pl.col(values.name)).alias(values.name)
    )[values.name]


def row_strings(table: str, df: pl.DataFrame, columns: tuple[str, ...]) -> pl.Series:
    """Each row of ``df`` as its canonical text over ``columns`` (a String series "row")."""
    schema = SCHEMAS[table]
    floats = [c for c in columns if schema[c] == pl.Float64()]
    with_bits = df.with_columns(float_bits(df[c]).alias(_bits_name(c)) for c in floats)
    parts = [pl.lit(table)] + [_encoded(c, schema[c]) for c in columns]
    return with_bits.select(pl.concat_str(parts, separator="|").alias("row"))["row"]


def sha256_hex(texts: pl.Series) -> pl.Series:
    """The SHA-256 (hex) of each text, as a String series "content_hash"."""
    return pl.Series(
        "content_hash",
        [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts.to_list()],
        dtype=pl.String(),
    )
