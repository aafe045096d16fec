"""Read a return bundle from a folder of CSV files, one CSV file, a ``.zip`` or an ``.xlsx``.

Nothing here raises on bad input: every problem becomes an :class:`Issue` of the returned
:class:`RawBundle`. Sizes are checked before anything is read or unpacked and enforced again
while reading (a zip's declared sizes may lie). See :mod:`corpbench.ingest.raw` for how files
are named in reports.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from corpbench.ingest.csvparse import parse_csv
from corpbench.ingest.issues import Issue
from corpbench.ingest.limits import compression_issue, csv_rows_issue
from corpbench.ingest.raw import RawBundle, RawFile, expected_files_sentence
from corpbench.ingest.xlsxparse import read_workbook
from corpbench.standard import BUNDLE_FILES, FILE_ORDER

_CHUNK = 1 << 20
_MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam"})
_OTHER_SPREADSHEETS = frozenset({".xls", ".xlsb", ".ods", ".numbers"})
_DRIVE = re.compile(r"^[A-Za-z]:")


class _Collector:
    """Accumulates the files and issues of one bundle."""

    def __init__(self, max_file_bytes: int, max_rows: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.max_rows = max_rows
        self.files: dict[str, RawFile] = {}
        self.issues: list[Issue] = []
        self.unreadable: set[str] = set()
        self.seen: dict[str, str] = {}

    def claim(self, filename: str, display: str) -> str | None:
        """The bundle file named by ``filename`` if it is one and not yet seen; else an issue."""
        lower = filename.strip().lower()
        stem = lower.removesuffix(".csv")
        if not lower.endswith(".csv") or stem not in BUNDLE_FILES:
            self.issues.append(
                Issue(
                    "unknown_file",
                    f"Unknown file {filename!r}: a bundle holds {expected_files_sentence()}.",
                    display,
                    value=filename,
                )
            )
            return None
        if stem in self.seen:
            self.issues.append(
                Issue(
                    "duplicate_file",
                    f"{BUNDLE_FILES[stem].filename} is in the bundle twice (also as "
                    f"{self.seen[stem]}); keep one.",
                    display,
                    value=filename,
                )
            )
            return None
        self.seen[stem] = display
        return stem

    def too_large(self, display: str, size: int | None) -> None:
        what = "more than" if size is None else f"{size} bytes,"
        self.issues.append(
            Issue(
                "too_large",
                f"The file is {what} over the limit of {self.max_file_bytes} bytes.",
                display,
            )
        )

    def too_many_rows(self, stem: str, display: str, data: bytes) -> bool:
        """Whether the file has too many rows to parse (then refused, as an issue)."""
        issue = csv_rows_issue(data, display, self.max_rows)
        if issue is not None:
            self.issues.append(issue)
            self.unreadable.add(stem)
        return issue is not None

    def add_csv(self, stem: str, display: str, data: bytes) -> None:
        if not self.too_many_rows(stem, display, data):
            self.add_parsed(stem, *parse_csv(data, name=stem, display=display))

    def add_parsed(self, stem: str, raw: RawFile | None, issues: list[Issue]) -> None:
        self.issues.extend(issues)
        if raw is None:
            self.unreadable.add(stem)
        else:
            self.files[stem] = raw

    def bundle(self, source: str, sha256: str) -> RawBundle:
        files = {n: self.files[n] for n in FILE_ORDER if n in self.files}
        return RawBundle(source, sha256, files, tuple(self.issues), frozenset(self.unreadable))


def read_bundle(
    path: Path,
    *,
    max_file_bytes: int,
    max_zip_members: int = 64,
    max_rows_per_file: int = 5_000_000,
    max_workbook_rows: int = 100_000,
) -> RawBundle:
    """Read the bundle at ``path``: a folder of CSV files, a ``.csv`` file named after a bundle
    file, a ``.zip`` of CSV files, or an ``.xlsx`` workbook with one sheet per file."""
    path = Path(path)
    out = _Collector(max_file_bytes, max_rows_per_file)
    source = str(path)
    display = path.name or source
    if path.is_dir():
        return _read_folder(path, out)
    if not path.is_file():
        out.issues.append(Issue("not_found", "There is no file or folder at this path.", source))
        return out.bundle(source, "")
    suffix = path.suffix.lower()
    sha = _sha256_of(path)
    if suffix in _MACRO_SUFFIXES:
        out.issues.append(
            Issue(
                "macro_workbook",
                "Macro-enabled workbooks are refused: save it as 'Excel Workbook (.xlsx)' "
                "without macros.",
                display,
            )
        )
    elif suffix in _OTHER_SPREADSHEETS:
        out.issues.append(
            Issue(
                "unsupported_input",
                f"{suffix} files are not read: save the workbook as 'Excel Workbook (.xlsx)'.",
                display,
            )
        )
    elif suffix not in {".csv", ".zip", ".xlsx"}:
        out.issues.append(
            Issue(
                "unsupported_input",
                "A bundle is a folder of CSV files, one .csv file, a .zip of CSV files or an "
                ".xlsx workbook.",
                display,
            )
        )
    elif suffix == ".csv":
        stem = out.claim(path.name, display)
        if stem is not None:
            data = _read_file(path, display, out)
            if data is None:
                out.unreadable.add(stem)
            else:
                out.add_csv(stem, display, data)
    else:
        data = _read_file(path, display, out)
        if data is not None:
            if suffix == ".zip":
                _read_zip(data, display, out, max_zip_members)
            else:
                wb = read_workbook(
                    data,
                    base=display,
                    max_file_bytes=max_file_bytes,
                    max_rows=min(max_rows_per_file, max_workbook_rows),
                )
                out.files.update({f.name: f for f in wb.files})
                out.issues.extend(wb.issues)
                out.unreadable.update(wb.unreadable)
    return out.bundle(source, sha)


def _sha256_of(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def _read_limited(open_: Callable[[], IO[bytes]], limit: int, size_hint: int = 0) -> bytes | None:
    """At most ``limit`` bytes from the stream, or ``None`` if it holds more. ``size_hint``
    (the size the stream says it has) is read in one piece, so that a file that is what it
    says is never held twice."""
    parts: list[bytes] = []
    total = 0
    first = min(max(size_hint, 0), limit) + 1
    with open_() as f:
        while True:
            chunk = f.read(first if not parts else min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                return None
    return b"".join(parts)


def _read_file(path: Path, display: str, out: _Collector) -> bytes | None:
    size = path.stat().st_size
    if size > out.max_file_bytes:
        out.too_large(display, size)
        return None
    try:
        data = _read_limited(lambda: path.open("rb"), out.max_file_bytes, size)
    except OSError as e:
        out.issues.append(Issue("unreadable_file", f"The file cannot be read ({e}).", display))
        return None
    if data is None:
        out.too_large(display, None)
    return data


def _ignored(name: str) -> bool:
    """Files a bundle may carry that are not data: Mac resource forks and dot-files."""
    return name == "__MACOSX" or name.startswith(".")


def _read_folder(folder: Path, out: _Collector) -> RawBundle:
    """Every bundle file of ``folder``, in name order. The digest is taken as each file is read,
    on a worker thread (hashing releases the GIL) while polars parses the file, so that no
    file's bytes are kept once it is parsed and hashed."""
    digest = hashlib.sha256()

    def absorb(name: str, data: bytes) -> None:
        digest.update(name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)

    with ThreadPoolExecutor(max_workers=1) as hasher:
        hashed: list[Future[None]] = []
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if _ignored(entry.name):
                continue
            if entry.is_symlink() or not entry.is_file():
                kind = "a link" if entry.is_symlink() else "a folder"
                out.issues.append(
                    Issue(
                        "unknown_file",
                        f"{entry.name!r} is {kind}; a bundle folder holds only the files "
                        f"{expected_files_sentence()}.",
                        entry.name,
                        value=entry.name,
                    )
                )
                continue
            stem = out.claim(entry.name, entry.name)
            if stem is None:
                continue
            data = _read_file(entry, entry.name, out)
            if data is None:
                out.unreadable.add(stem)
                continue
            hashed.append(hasher.submit(absorb, entry.name, data))
            out.add_csv(stem, entry.name, data)
            del data
        for done in hashed:
            done.result()
    return out.bundle(str(folder), digest.hexdigest())


def _unsafe(name: str) -> bool:
    """True when a member path would land outside the zip's folder."""
    parts = re.split(r"[\\/]", name)
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts


def _read_zip(data: bytes, display: str, out: _Collector, max_members: int) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        out.issues.append(
            Issue("broken_zip", f"This is not a readable zip archive ({e}).", display)
        )
        return
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if len(members) > max_members:
            out.issues.append(
                Issue(
                    "too_many_members",
                    f"The zip holds {len(members)} files, over the limit of {max_members}.",
                    display,
                )
            )
            return
        kept: list[tuple[zipfile.ZipInfo, list[str]]] = []
        for info in members:
            where = f"{display}/{info.filename}"
            if _unsafe(info.filename):
                out.issues.append(
                    Issue(
                        "unsafe_path",
                        "This zip member's path points outside the zip's folder (an absolute "
                        "path or '..'); it is refused.",
                        where,
                        value=info.filename,
                    )
                )
                continue
            parts = [p for p in re.split(r"[\\/]", info.filename) if p]
            if any(_ignored(p) for p in parts):
                continue
            kept.append((info, parts))
        tops = {parts[0] for _, parts in kept if len(parts) > 1}
        strip = len(tops) == 1 and all(len(parts) > 1 for _, parts in kept)
        for info, parts in kept:
            _read_member(zf, info, parts[1:] if strip else parts, display, out)


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, parts: list[str], base: str, out: _Collector
) -> None:
    where = f"{base}/{info.filename}"
    if len(parts) != 1:
        out.issues.append(
            Issue(
                "nested_member",
                "This file is in a sub-folder of the zip; put the CSV files at the top of the "
                "zip or all in one folder.",
                where,
                value=info.filename,
            )
        )
        return
    stem = out.claim(parts[0], where)
    if stem is None:
        return
    if info.file_size > out.max_file_bytes:
        out.too_large(where, info.file_size)
        out.unreadable.add(stem)
        return
    bomb = compression_issue(info, where)
    if bomb is not None:
        out.issues.append(bomb)
        out.unreadable.add(stem)
        return
    try:
        data = _read_limited(lambda: zf.open(info), out.max_file_bytes, info.file_size)
    except Exception as e:  # zlib, CRC, encryption, unsupported compression
        out.issues.append(Issue("broken_zip", f"This zip member cannot be unpacked ({e}).", where))
        out.unreadable.add(stem)
        return
    if data is None:
        out.too_large(where, None)
        out.unreadable.add(stem)
        return
    out.add_csv(stem, where, data)
