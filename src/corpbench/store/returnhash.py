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
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from corpbench.standard.bundle import SCHEMAS
from corpbench.store.hashing import float_bits

TAG = b"corpbench-return-2"
TEXT_DIGEST_BYTES = 16
#: Lines handed to a thread at a time (whole returns, about this many).
CHUNK_ROWS = 100_000
#: Lines encoded into records at a time, in a buffer reused from block to block (touching
#: fresh memory costs more than encoding; 32768 measured fastest of 4096 to 65536).
BLOCK_ROWS = 32_768
_GID = "__gid"
#: The tables of a return, in the order their bytes enter its hash.
TABLES = ("finance", "function_costs", "indicators")
#: Threads encoding and hashing records (the machine's cores, at most 2 measured useful).
WORKERS = 2

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


def _field(out: Bytes, offset: int, dtype: str) -> npt.NDArray[np.generic]:
    """A view of one field of every record in ``out`` (rows of fixed-width records): the
    ``dtype`` value at byte ``offset`` of each row, unaligned, writing straight into ``out``."""
    n, width = out.shape
    return np.ndarray((n,), dtype=dtype, buffer=out.data, offset=offset, strides=(width,))


def _fields(
    table: str, keys: pl.DataFrame, columns: Sequence[str], encoded: dict[str, Bytes]
) -> list[tuple[int, Any, Any]]:
    """Each value column of ``keys`` (sort keys: ranks for text, bits for floats) as numpy
    arrays ready to copy into records: (byte offset, presence flags or encoded texts by rank,
    bits or ranks)."""
    fields: list[tuple[int, Any, Any]] = []
    at = 0
    text_type = f"V{1 + TEXT_DIGEST_BYTES}"
    for c in columns:
        col = keys[c]
        if SCHEMAS[table][c] == pl.Float64():
            fields.append((at, col.is_not_null().to_numpy(), col.fill_null(0).to_numpy()))
            at += 9
        else:
            by_rank = encoded[c].view(text_type).reshape(-1)
            fields.append((at, by_rank, col.fill_null(by_rank.shape[0] - 1).to_numpy()))
            at += 1 + TEXT_DIGEST_BYTES
    return fields


def _records(fields: list[tuple[int, Any, Any]], lo: int, hi: int, out: Bytes) -> Bytes:
    """The fixed-width records of rows ``lo:hi`` of ``fields`` (:func:`_fields`), written into
    the first rows of ``out`` (C-contiguous rows of the record width)."""
    out = out[: hi - lo]
    text_type = f"V{1 + TEXT_DIGEST_BYTES}"
    for at, first, second in fields:
        if first.dtype == np.bool_:
            _field(out, at, "u1")[...] = first[lo:hi]
            _field(out, at + 1, "<u8")[...] = second[lo:hi]
        else:
            # every rank is in range, so "clip" only spares numpy a buffered copy
            np.take(first, second[lo:hi], out=_field(out, at, text_type), mode="clip")
    return out


def _sort_keys(
    table: str,
    df: pl.DataFrame,
    keys: list[str],
    index: pl.DataFrame,
    position: pl.Series | None,
) -> tuple[pl.DataFrame, list[str], dict[str, Bytes]]:
    """The rows of ``df`` as sort keys (return number ``_GID``, then ranks for text and bits for
    floats), sorted; the value columns; the encoded texts by rank of each text column.
    ``position``, when given, is each row's return number (else found by joining ``index``)."""
    columns = [c for c in SCHEMAS[table] if c not in ("org_code", "year") and c not in keys]
    digests: dict[str, Bytes] = {}
    sort_cols: list[pl.Series] = []
    for c in columns:
        if SCHEMAS[table][c] == pl.Float64():
            sort_cols.append(float_bits(df[c]).alias(c))
        else:
            ranks, digests[c] = _text_codes(df[c])
            sort_cols.append(ranks.alias(c))
    if position is None:
        gid = df.select(keys).join(index, on=keys, how="left", maintain_order="left")[_GID]
    else:
        gid = position.cast(pl.Int64()).alias(_GID)
    frame = pl.DataFrame([gid, *sort_cols]).sort([_GID, *columns], nulls_last=False)
    return frame, columns, digests


def _cuts(gids: npt.NDArray[np.int64], rows: int) -> list[int]:
    """Row positions cutting sorted ``gids`` into pieces of about ``rows`` rows, never inside
    one return's rows (so that no two pieces feed the same hash)."""
    n = gids.shape[0]
    targets = gids[np.arange(rows, n, rows)] if n > rows else gids[:0]
    inner = np.searchsorted(gids, targets, side="left").tolist()
    return sorted({0, n, *inner})


def _hash_rows(
    table: str,
    part: pl.DataFrame,
    columns: list[str],
    digests: dict[str, Bytes],
    hashers: list[Any],
    scratch: threading.local,
) -> None:
    """Feed the records of ``part`` (sorted sort keys of whole returns) to their returns'
    hashers, in order. The records are written :data:`BLOCK_ROWS` at a time into this
    thread's scratch buffer (``scratch.buffer``), reused from block to block and piece to
    piece, straight from numpy views of the sort keys."""
    width = _width(table, columns)
    buffer: Bytes | None = getattr(scratch, "buffer", None)
    if buffer is None or buffer.shape[1] != width:
        buffer = np.empty((BLOCK_ROWS, width), dtype=np.uint8)
        scratch.buffer = buffer
    fields = _fields(table, part, columns, digests)
    gids = part[_GID].to_numpy()
    for lo in range(0, part.height, BLOCK_ROWS):
        hi = min(lo + BLOCK_ROWS, part.height)
        records = _records(fields, lo, hi, buffer)
        block = gids[lo:hi]
        starts = np.flatnonzero(np.diff(block, prepend=-1))
        offsets = (np.append(starts, hi - lo) * width).tolist()
        view = records.reshape(-1).data  # the records' own bytes, not a copy
        targets = [hashers[g].update for g in block[starts].tolist()]
        for update, start, stop in zip(targets, offsets, offsets[1:], strict=False):
            update(view[start:stop])


def return_hashes(
    returns: pl.DataFrame,
    tables: Mapping[str, pl.DataFrame],
    key: Sequence[str],
    *,
    positions: Mapping[str, pl.Series] | None = None,
) -> pl.Series:
    """The content hash (hex) of each row of ``returns`` (identified by ``key`` columns), whose
    rows are in ``tables`` (by table name: ``finance``, ``function_costs``, ``indicators``, each
    with the ``key`` columns and the canonical value columns); a String series
    ``content_hash`` in ``returns``' order. ``positions`` may give, by table name, each row's
    return as its row number in ``returns`` (every row must have one), which spares a join.

    The tables' sort keys are built side by side, and each table's records are encoded and
    hashed in pieces of whole returns on :data:`WORKERS` threads (polars, numpy and hashlib
    release the GIL for the heavy parts); every return's bytes still reach its hash in order."""
    keys = list(key)
    index = returns.select(keys).with_columns(pl.int_range(pl.len(), dtype=pl.Int64()).alias(_GID))
    hashers = [hashlib.sha256(TAG) for _ in range(index.height)]
    scratch = threading.local()
    with ThreadPoolExecutor(WORKERS) as pool:
        sorted_keys = list(
            pool.map(
                lambda t: _sort_keys(t, tables[t], keys, index, (positions or {}).get(t)),
                TABLES,
            )
        )
        for table, (frame, columns, digests) in zip(TABLES, sorted_keys, strict=True):
            gids = frame[_GID].to_numpy()
            counts = np.bincount(gids, minlength=index.height).tolist()
            header = table.encode("ascii") + b"\0"
            headers = {c: header + c.to_bytes(8, "little") for c in set(counts)}
            for h, count in zip(hashers, counts, strict=True):
                h.update(headers[count])
            cuts = _cuts(gids, CHUNK_ROWS)
            pieces = [frame.slice(lo, hi - lo) for lo, hi in itertools.pairwise(cuts)]
            # every piece is done (and any error raised) before the next table's header
            list(
                pool.map(
                    lambda p: _hash_rows(table, p, columns, digests, hashers, scratch),  # noqa: B023
                    pieces,
                )
            )
    return pl.Series("content_hash", [h.hexdigest() for h in hashers], dtype=pl.String())
