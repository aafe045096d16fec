"""A bundle as read, before validation: each file's header cells and data rows as text.

Display names (how a file is named in reports) follow one convention, by the kind of input:

* a folder of CSV files or a single CSV file: the file's name as on disk, ``finance.csv``;
* a ``.zip``: the zip's name, a slash, then the member's path as stored in the zip,
  ``return.zip/finance.csv`` or ``return.zip/round1/finance.csv``;
* an ``.xlsx`` workbook: the workbook's name and the sheet name in brackets,
  ``return.xlsx[finance]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from corpbench.ingest.issues import Issue
from corpbench.standard import BUNDLE_FILES, FILE_ORDER

#: Name of the row-number column of :attr:`RawFile.data`.
ROW = "_row"


def cell_column(index: int) -> str:
    """Name of the column of :attr:`RawFile.data` that holds the ``index``-th cell (0-based)."""
    return f"c{index}"


def letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def expected_files_sentence() -> str:
    """The bundle file names, for messages: ``organisations.csv, finance.csv, …``."""
    return ", ".join(BUNDLE_FILES[n].filename for n in FILE_ORDER)


def expected_sheets_sentence() -> str:
    """The workbook sheet names, for messages: ``organisations, finance, …``."""
    return ", ".join(FILE_ORDER)


@dataclass(frozen=True)
class RawFile:
    """One bundle file as read.

    ``header`` holds the cells of row 1 as typed. ``data`` has one row per non-blank data row:
    column :data:`ROW` (Int64) is the row number the user sees (header = 1; in a workbook the
    sheet's row number) and columns ``c0``, ``c1``, … (String) hold the cells under each header
    cell, as typed (not trimmed; an empty cell is an empty string or null).

    ``plain_spaces`` is true when the reader checked that the only whitespace any cell can hold
    is the ASCII space (no tab, form feed, non-ASCII space, ...): validation then trims only
    the columns where a cell starts or ends with a space. ``trimmed`` is true when the reader
    checked that no cell starts or ends with whitespace at all (the bytes of a large clean file
    prove it faster than its cells): validation then trims nothing.
    """

    name: str  # the bundle file: "finance" for finance.csv or the sheet "Finance"
    display: str
    header: tuple[str, ...]
    data: pl.DataFrame
    plain_spaces: bool = False
    trimmed: bool = False

    @property
    def n_rows(self) -> int:
        return self.data.height

    def released(self) -> RawFile:
        """This file without its cells (no data rows, same columns), to free their memory
        once the typed bundle is built; the name, display name and header are kept."""
        return replace(self, data=self.data.clear())

    def rows(self) -> Iterator[tuple[int, tuple[str | None, ...]]]:
        """(row number, cells) of every data row, for small files and tests."""
        cols = [cell_column(i) for i in range(len(self.header))]
        for rec in self.data.select([ROW, *cols]).iter_rows():
            yield int(rec[0]), tuple(rec[1:])


@dataclass(frozen=True)
class RawBundle:
    """Everything read from one input, in the order of the standard's files.

    ``unreadable`` names the bundle files that were present but could not be read (their
    problems are in ``issues``); validation skips the cross-file rules that would need them.
    ``sha256`` is the SHA-256 of the file's bytes, or for a folder the SHA-256 over the bundle
    files read, sorted by name, of ``name NUL size(8 bytes, big-endian) bytes``.
    """

    source: str
    sha256: str
    files: dict[str, RawFile] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    unreadable: frozenset[str] = frozenset()

    def released(self) -> RawBundle:
        """This bundle with every file's cells released (:meth:`RawFile.released`): what a
        caller keeps once validation is done (source, SHA-256, issues, files' names)."""
        return replace(self, files={n: f.released() for n, f in self.files.items()})


def frame_from_columns(
    rows: Sequence[int], columns: Sequence[Sequence[str | None]]
) -> pl.DataFrame:
    """A :attr:`RawFile.data` frame from row numbers and cell columns (Python lists)."""
    data: dict[str, pl.Series] = {ROW: pl.Series(ROW, rows, dtype=pl.Int64)}
    for i, col in enumerate(columns):
        data[cell_column(i)] = pl.Series(cell_column(i), col, dtype=pl.String)
    return pl.DataFrame(data)
