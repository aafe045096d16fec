"""Limits that refuse a hostile bundle before it costs time or memory: a zip member (a CSV file
in a zip, or a part of a workbook) that unpacks to far more than it takes packed, and a file of
more rows than any real return has. Each check reads only what is cheap to read (the zip's
directory, the bytes already read, a sheet's XML streamed and counted, never kept), so a refusal
comes before the expensive part (parsing)."""

from __future__ import annotations

import re
import zipfile

from corpbench.ingest.issues import Issue

#: A zip member that unpacks to more than this many times its packed size is refused, when it
#: also unpacks to more than :data:`RATIO_FLOOR_BYTES`. CSV files and workbook sheets of real
#: returns pack 3 to 30 times; a zip bomb packs hundreds or thousands of times.
MAX_COMPRESSION_RATIO = 100
#: Members smaller than this unpacked are never refused for their ratio (a small file of
#: repeated values packs very well and costs nothing to read).
RATIO_FLOOR_BYTES = 8 * 1024 * 1024


def compression_issue(info: zipfile.ZipInfo, where: str) -> Issue | None:
    """The refusal of a zip member that unpacks to too much for its packed size, from the zip's
    directory alone (Python's zip reader never unpacks more than the size declared there)."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size <= RATIO_FLOOR_BYTES or size <= MAX_COMPRESSION_RATIO * packed:
        return None
    return Issue(
        "too_compressed",
        f"{info.filename} unpacks to {size} bytes from {info.compress_size}, "
        f"{size // packed} times its packed size; files of a return unpack to at most "
        f"{MAX_COMPRESSION_RATIO} times theirs, so it is refused unread.",
        where,
    )


def csv_rows_issue(data: bytes, where: str, max_rows: int) -> Issue | None:
    """The refusal of a CSV file with more than ``max_rows`` lines below its header (counted
    as line ends, before it is parsed)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if lines - 1 <= max_rows:
        return None
    return Issue(
        "too_many_rows",
        f"The file has {lines - 1} lines below its header, over the limit of {max_rows} rows "
        "per file (CORPBENCH_MAX_ROWS_PER_FILE).",
        where,
    )


def sheet_rows_issue(where: str, max_rows: int) -> Issue:
    """The refusal of a workbook sheet found to go past ``max_rows + 1`` rows (its header and
    ``max_rows`` below, any blank rows counted)."""
    return Issue(
        "too_many_rows",
        f"The sheet has more than {max_rows} rows below its header, over the limit of "
        f"{max_rows} rows per file (CORPBENCH_MAX_ROWS_PER_FILE).",
        where,
    )


#: A workbook part holding a sheet's cells.
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


def sheet_rows_over(zf: zipfile.ZipFile, info: zipfile.ZipInfo, most: int) -> bool:
    """Whether the sheet part ``info`` holds more than ``most`` rows, counted as ``<row``
    elements while its XML is streamed 1 MiB at a time (Excel and openpyxl write them
    unprefixed; a prefixed sheet is still stopped row by row while it is read)."""
    if not _SHEET_PART.match(info.filename):
        return False
    count = 0
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            window = tail + chunk
            count += window.count(b"<row") - tail.count(b"<row")
            if count > most:
                return True
            tail = window[-3:]
    return False
