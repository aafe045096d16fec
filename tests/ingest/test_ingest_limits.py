"""Bombs and oversized files refused early: a zip member or workbook part that unpacks to far
more than it packs is refused from the zip's directory, unread; a file of more rows than the
limit is refused before it is parsed."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from corpbench.config import Settings
from corpbench.ingest import read_bundle
from corpbench.ingest.limits import MAX_COMPRESSION_RATIO, RATIO_FLOOR_BYTES
from corpbench.ingest.raw import RawBundle
from ingest.bundles import VALID, csv_bytes, tables, write_folder, write_xlsx, write_zip

MiB = 1024 * 1024
DEFAULTS = Settings()


def _read(path: Path, max_rows: int = DEFAULTS.max_rows_per_file) -> RawBundle:
    return read_bundle(
        path,
        max_file_bytes=DEFAULTS.max_file_bytes,
        max_zip_members=DEFAULTS.max_zip_members,
        max_rows_per_file=max_rows,
    )


def _write_member(zf: zipfile.ZipFile, name: str, head: bytes, size: int, tail: bytes) -> None:
    """A member of ``size`` bytes: ``head``, repeated filler, ``tail``; written 1 MiB at a time
    so that the test itself never holds it whole."""
    with zf.open(name, "w", force_zip64=True) as out:
        out.write(head)
        left = size - len(head) - len(tail)
        block = b"AC001,2009/10,1,2,3,4\n" * (MiB // 22)
        while left > 0:
            out.write(block[:left])
            left -= len(block[:left])
        out.write(tail)


def _timed_read(path: Path) -> tuple[RawBundle, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        bundle = _read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return bundle, time.monotonic() - started, peak


def test_a_zipped_csv_that_unpacks_to_190_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, table in VALID.items():
            if name != "finance":
                zf.writestr(f"{name}.csv", csv_bytes(table))
        _write_member(zf, "finance.csv", csv_bytes(VALID["finance"][:1]), 190 * MiB, b"")
    assert path.stat().st_size < MiB
    bundle, seconds, peak = _timed_read(path)
    bombs = [i for i in bundle.issues if i.code == "too_compressed"]
    assert [i.file for i in bombs] == ["bomb.zip/finance.csv"]
    assert "199229440 bytes" in bombs[0].message
    assert "finance" in bundle.unreadable
    assert seconds < 2
    assert peak < 16 * MiB  # the member was never unpacked


def test_a_workbook_whose_sheet_unpacks_to_190_mib_is_refused_unread(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", VALID)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"</sheetData>")
                _write_member(zf, info.filename, head, 190 * MiB, b"</sheetData>" + tail)
            else:
                zf.writestr(info, data)
    assert path.stat().st_size < MiB
    bundle, seconds, peak = _timed_read(path)
    assert [i.code for i in bundle.issues] == ["too_compressed"]
    assert "xl/worksheets/sheet1.xml" in bundle.issues[0].message
    assert bundle.files == {}
    assert seconds < 2
    assert peak < 16 * MiB


def test_ordinary_zips_and_workbooks_pass_the_ratio_check(tmp_path: Path) -> None:
    for path in (write_zip(tmp_path / "ok.zip", VALID), write_xlsx(tmp_path / "ok.xlsx", VALID)):
        bundle = _read(path)
        assert not [i for i in bundle.issues if i.code == "too_compressed"]
        assert set(bundle.files) == set(VALID)


def test_a_small_member_that_packs_very_well_is_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "small.zip"
    size = RATIO_FLOOR_BYTES  # packs over MAX_COMPRESSION_RATIO times, but is small
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        _write_member(zf, "finance.csv", csv_bytes(VALID["finance"][:1]), size, b"")
        packed = zf.getinfo("finance.csv").compress_size
    assert size > MAX_COMPRESSION_RATIO * packed
    bundle = _read(path)
    assert not [i for i in bundle.issues if i.code == "too_compressed"]


@pytest.mark.parametrize("kind", ["folder", "zip", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(tmp_path: Path, kind: str) -> None:
    rows = len(VALID["function_costs"]) - 1  # below the header
    assert rows >= 2
    data = tables()
    writers = {
        "folder": lambda: write_folder(tmp_path / "b", data),
        "zip": lambda: write_zip(tmp_path / "b.zip", data),
        "xlsx": lambda: write_xlsx(tmp_path / "b.xlsx", data),
    }
    path = writers[kind]()
    at_limit = _read(path, max_rows=rows)
    assert not [i for i in at_limit.issues if i.code == "too_many_rows"]
    assert "function_costs" in at_limit.files
    over = _read(path, max_rows=rows - 1)
    refused = [i for i in over.issues if i.code == "too_many_rows"]
    assert len(refused) == 1
    assert "function_costs" in str(refused[0].file)
    assert f"limit of {rows - 1} rows" in refused[0].message
    assert "function_costs" not in over.files
    if kind == "xlsx":  # refused before parsing: the workbook gives no file at all
        assert over.files == {}
    else:
        assert "function_costs" in over.unreadable


def test_the_default_row_limit_takes_100_times_the_national_round() -> None:
    # 3,083,973 cost lines at 100x (docs/benchmarks.md); the 10,000-organisation bundle 900,000
    assert DEFAULTS.max_rows_per_file > 3_083_973


def test_a_workbook_of_more_rows_than_the_workbook_limit_is_refused_before_parsing(
    tmp_path: Path,
) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", VALID)
    path = tmp_path / "long.xlsx"
    extra = 300_000  # rows past the default limit of 100,000, packed at an ordinary ratio
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"</sheetData>")
                rows = b"".join(
                    b'<row r="%d"><c r="E%d"><v>%d</v></c></row>' % (n, n, n * 7919)
                    for n in range(100, 100 + extra)
                )
                zf.writestr(info.filename, head + rows + b"</sheetData>" + tail)
            else:
                zf.writestr(info, data)
    packed = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert packed.file_size < MAX_COMPRESSION_RATIO * packed.compress_size
    started = time.monotonic()
    bundle = read_bundle(
        path,
        max_file_bytes=DEFAULTS.max_file_bytes,
        max_rows_per_file=DEFAULTS.max_rows_per_file,
        max_workbook_rows=DEFAULTS.max_workbook_rows,
    )
    seconds = time.monotonic() - started
    refused = [i for i in bundle.issues if i.code == "too_many_rows"]
    assert [i.file for i in refused] == ["long.xlsx[organisations]"]
    assert f"limit of {DEFAULTS.max_workbook_rows} rows" in refused[0].message
    assert bundle.files == {}  # nothing parsed
    assert seconds < 3  # parsing 300,000 rows would take a minute


def test_the_workbook_row_limit_counts_rows_not_lines(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", tables())
    rows = len(VALID["function_costs"]) - 1
    kept = read_bundle(path, max_file_bytes=MiB, max_workbook_rows=rows)
    assert not [i for i in kept.issues if i.code == "too_many_rows"]
    over = read_bundle(path, max_file_bytes=MiB, max_workbook_rows=rows - 1)
    refused = [i for i in over.issues if i.code == "too_many_rows"]
    assert [i.file for i in refused] == ["b.xlsx[function_costs]"]
