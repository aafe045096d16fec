"""Content hashes of returns (definition 2), computed without building a text per line.

A return's hash is the SHA-256 of, in this order: the tag ``corpbench-return-2``; then for each
of its tables (``finance``, ``function_costs``, ``indicators``) the table's name, a zero byte,
its number of rows (8 bytes, little-endian) and its rows as fixed-width records, sorted.

A record holds each value column (in the canonical schema's order) as a presence byte (0 for
null, 1 otherwise) and then: for a float, the 8 bytes (little-endian) of its IEEE-754 bits, with
-0.0 taken as 0.0; for text, the first 16 bytes of the SHA-256 of its UTF-8 bytes; zeros for a
null. Records are sorted by their values (nulls first, floats by their bits, text in byte
order), so row order never matters, and a duplicated row counts twice.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from corpbench.standard.bundle import SCHEMAS
from corpbench.store.hashing import float_bits

TAG = b"corpbench-return-2"
TEXT_DIGEST_BYTES = 16
#: Lines encoded at a time (bounds the memory of the fixed-width records).
CHUNK_ROWS = 500_000
_GID = "__gid"

Bytes = npt.NDArray[np.uint8]


def _text_codes(values: pl.Series) -> tuple[pl.Series, Bytes]:
    """Each text's rank among the distinct texts in byte order (null stays null), and the
    encoded values by rank: presence byte 1 and the 16-byte digest of each distinct text, then
    one last row of zeros, the encoding of a null."""
    uniques = values.drop_nulls().unique().sort()
    encoded = np.zeros((uniques.len() + 1, 1 + TEXT_DIGEST_BYTES), dtype=np.uint8)
    for i, text in enumerate(uniques.to_list()):
        digest = hashlib.sha256(text.encode("utf-8")).digest()[:TEXT_DIGEST_BYTES]
        encoded[i, 0] = 1
        encoded[i, 1:] = np.frombuffer(digest, dtype=np.uint8)
    # an Enum of the sorted distinct texts: its physical code is the rank
    ranks = values.cast(pl.Enum(uniques.to_list())).to_physical().cast(pl.UInt32())
    return ranks, encoded


def _width(table: str, columns: Sequence[str]) -> int:
    return sum(1 + (8 if SCHEMAS[table][c] == pl.Float64() else TEXT_DIGEST_BYTES) for c in columns)


def _records(
    table: str, keys: pl.DataFrame, columns: Sequence[str], encoded: dict[str, Bytes]
) -> Bytes:
    """The fixed-width records of ``keys`` (sorted sort keys: ranks for text, bits for floats)."""
    n = keys.height
    out = np.empty((n, _width(table, columns)), dtype=np.uint8)
    at = 0
    for c in columns:
        col = keys[c]
        if SCHEMAS[table][c] == pl.Float64():
            out[:, at] = col.is_not_null().to_numpy()
            bits = col.fill_null(0).to_numpy().astype("<u8", copy=False)
            out[:, at + 1 : at + 9] = bits.view(np.uint8).reshape(n, 8)
            at += 9
        else:
            by_rank = encoded[c]
            ranks = col.fill_null(by_rank.shape[0] - 1).to_numpy()
            # every rank is in range, so "clip" only spares numpy a buffered copy
            np.take(
                by_rank, ranks, axis=0, out=out[:, at : at + 1 + TEXT_DIGEST_BYTES], mode="clip"
            )
            at += 1 + TEXT_DIGEST_BYTES
    return out


def return_hashes(
    returns: pl.DataFrame, tables: dict[str, pl.DataFrame], key: Sequence[str]
) -> pl.Series:
    """The content hash (hex) of each row of ``returns`` (identified by ``key`` columns), whose
    rows are in ``tables`` (by table name: ``finance``, ``function_costs``, ``indicators``, each
    with the ``key`` columns and the canonical value columns); a String series
    ``content_hash`` in ``returns``' order."""
    keys = list(key)
    index = returns.select(keys).with_columns(pl.int_range(pl.len(), dtype=pl.Int64()).alias(_GID))
    hashers = [hashlib.sha256(TAG) for _ in range(index.height)]
    for table in ("finance", "function_costs", "indicators"):
        df = tables[table]
        columns = [c for c in SCHEMAS[table] if c not in ("org_code", "year") and c not in keys]
        digests: dict[str, Bytes] = {}
        sort_cols: list[pl.Series] = []
        for c in columns:
            if SCHEMAS[table][c] == pl.Float64():
                sort_cols.append(float_bits(df[c]).alias(c))
            else:
                ranks, digests[c] = _text_codes(df[c])
                sort_cols.append(ranks.alias(c))
        gid = df.select(keys).join(index, on=keys, how="left", maintain_order="left")[_GID]
        frame = pl.DataFrame([gid, *sort_cols]).sort([_GID, *columns], nulls_last=False)
        counts = np.bincount(frame[_GID].to_numpy(), minlength=index.height)
        header = table.encode("ascii") + b"\0"
        for h, count in zip(hashers, counts.tolist(), strict=True):
            h.update(header + int(count).to_bytes(8, "little"))
        gids = frame[_GID].to_numpy()
        for start in range(0, frame.height, CHUNK_ROWS):
            part = frame.slice(start, CHUNK_ROWS)
            records = _records(table, part, columns, digests)
            part_gids = gids[start : start + part.height]
            cuts = np.flatnonzero(np.diff(part_gids)) + 1
            bounds = [0, *cuts.tolist(), part.height]
            width = records.shape[1]
            view = records.reshape(-1).data  # the records' own bytes, not a copy
            for lo, hi in itertools.pairwise(bounds):
                hashers[int(part_gids[lo])].update(view[lo * width : hi * width])
    return pl.Series("content_hash", [h.hexdigest() for h in hashers], dtype=pl.String())
