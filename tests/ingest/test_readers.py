"""Malformed inputs become issues (never a traceback), with the file and row they concern."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import pytest

from corpbench.ingest import read_and_validate
from corpbench.ingest.readers import read_bundle
from ingest.bundles import LIMITS, VALID, csv_bytes, read, tables, write_folder, write_zip


def issue_tuples(path: Path) -> list[tuple[str, str | None, int | None]]:
    report, bundle, _ = read_and_validate(path, settings=LIMITS)
    assert bundle is None
    return [(i.code, i.file, i.row) for i in report.errors]


def folder_with(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = write_folder(tmp_path / "b", tables())
    (folder / name).write_bytes(content)
    return folder


def test_latin1_file_is_not_utf8_with_its_line(tmp_path: Path) -> None:
    content = "org_code,org_name,org_type,region\nRX1,Caf\xe9,acute,x\n".encode("latin-1")
    raw = read(folder_with(tmp_path, "organisations.csv", content))
    assert [(i.code, i.file, i.row, i.value) for i in raw.issues] == [
        ("not_utf8", "organisations.csv", 2, "0xe9")
    ]
    assert raw.unreadable == frozenset({"organisations"})
    assert "organisations" not in raw.files


def test_workbook_saved_as_csv_is_not_a_csv(tmp_path: Path) -> None:
    raw = read(folder_with(tmp_path, "finance.csv", b"PK\x03\x04\x14\x00rest"))
    assert [(i.code, i.file) for i in raw.issues] == [("not_csv", "finance.csv")]


def test_binary_file_with_nul_bytes_is_not_a_csv(tmp_path: Path) -> None:
    raw = read(folder_with(tmp_path, "finance.csv", b"org_code,year\nRX1\x00\x01,2009/10\n"))
    assert [(i.code, i.row) for i in raw.issues] == [("not_csv", 2)]


def test_rows_with_the_wrong_number_of_fields_are_listed(tmp_path: Path) -> None:
    content = (
        b"org_code,year,function,indicator,value\nRX1,2009/10,finance,payslips\n"
        b"RX1,2009/10,finance,invoices_paid,1,000\nRX1,2009/10,finance,recruits,4\n"
    )
    path = folder_with(tmp_path, "indicators.csv", content)
    raw = read(path)
    assert [(i.code, i.file, i.row, i.value) for i in raw.issues] == [
        ("wrong_field_count", "indicators.csv", 2, "RX1,2009/10,finance,payslips"),
        ("wrong_field_count", "indicators.csv", 3, "RX1,2009/10,finance,invoices_paid,1,000"),
    ]
    assert list(raw.files["indicators"].rows()) == [
        (4, ("RX1", "2009/10", "finance", "recruits", "4"))
    ]
    assert "has 4 fields but the header has 5" in raw.issues[0].message


def test_row_numbers_count_records_not_lines_and_keep_blank_rows(tmp_path: Path) -> None:
    content = b'org_code,org_name,org_type,region\n\nRX1,"Two\nlines",acute,x\n,,,\nRX2,B,acute\n'
    raw = read(folder_with(tmp_path, "organisations.csv", content))
    assert [(i.code, i.row) for i in raw.issues] == [("wrong_field_count", 5)]
    assert list(raw.files["organisations"].rows()) == [(3, ("RX1", "Two\nlines", "acute", "x"))]


def test_blank_rows_keep_the_numbering_in_the_fast_parser(tmp_path: Path) -> None:
    content = (
        b"org_code,year,function,indicator,value\r\n\r\n , ,,,\r\n"
        b'RX1,"2009/10",finance,"payslips",4\r\n'
    )
    raw = read(folder_with(tmp_path, "indicators.csv", content))
    assert raw.issues == ()
    assert list(raw.files["indicators"].rows()) == [
        (4, ("RX1", "2009/10", "finance", "payslips", "4"))
    ]


def test_empty_file_and_whitespace_file_are_reported(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "finance.csv", b"")
    (folder / "indicators.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    assert [(i.code, i.file) for i in read(folder).issues] == [
        ("empty_file", "finance.csv"),
        ("empty_file", "indicators.csv"),
    ]


def test_blank_first_row_is_a_missing_header(tmp_path: Path) -> None:
    raw = read(folder_with(tmp_path, "finance.csv", b"\nRX1,2009/10,1,1,1\n"))
    assert [(i.code, i.file, i.row) for i in raw.issues] == [("missing_header", "finance.csv", 1)]


def test_data_in_row_1_is_a_missing_header(tmp_path: Path) -> None:
    path = folder_with(tmp_path, "finance.csv", b"RX1,2009/10,1,1,1\nRX2,2009/10,1,1,1\n")
    report, _, _ = read_and_validate(path, settings=LIMITS)
    issues = [(i.code, i.file, i.row, i.value) for i in report.errors]
    assert issues[0] == ("missing_header", "finance.csv", 1, "RX1,2009/10,1,1,1")
    assert len(issues) == 1  # the finance rule is skipped rather than failing every cost row


def test_unknown_file_names_the_expected_files(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "costs.csv", b"a\n1\n")
    (folder / "notes.txt").write_text("hello")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    raw = read(folder)
    assert [(i.code, i.file) for i in raw.issues] == [
        ("unknown_file", "costs.csv"),
        ("unknown_file", "notes.txt"),
    ]
    assert "organisations.csv, finance.csv, function_costs.csv, indicators.csv" in (
        raw.issues[0].message
    )


def test_same_file_twice_in_a_folder_is_a_duplicate(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "FINANCE.csv", csv_bytes(VALID["finance"]))
    raw = read(folder)
    assert [(i.code, i.file) for i in raw.issues] == [("duplicate_file", "finance.csv")]
    assert "FINANCE.csv" in raw.issues[0].message


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "indicators.csv", b"x" * 2000)
    raw = read_bundle(folder, max_file_bytes=1500)
    assert [(i.code, i.file) for i in raw.issues] == [("too_large", "indicators.csv")]
    assert raw.unreadable == frozenset({"indicators"})
    assert "2000 bytes, over the limit of 1500" in raw.issues[0].message


def test_missing_path_and_unsupported_input_are_issues(tmp_path: Path) -> None:
    assert issue_tuples(tmp_path / "nope") == [("not_found", str(tmp_path / "nope"), None)]
    (tmp_path / "return.ods").write_bytes(b"x")
    assert issue_tuples(tmp_path / "return.ods") == [("unsupported_input", "return.ods", None)]
    (tmp_path / "return.json").write_bytes(b"{}")
    assert issue_tuples(tmp_path / "return.json") == [("unsupported_input", "return.json", None)]


def test_single_csv_must_be_named_after_a_bundle_file(tmp_path: Path) -> None:
    (tmp_path / "Organisations.csv").write_bytes(csv_bytes(VALID["organisations"]))
    report, bundle, raw = read_and_validate(tmp_path / "Organisations.csv", settings=LIMITS)
    assert report.ok
    assert bundle is not None
    assert bundle.organisations.height == 2
    assert raw.files["organisations"].display == "Organisations.csv"
    (tmp_path / "return.csv").write_bytes(b"a\n1\n")
    assert issue_tuples(tmp_path / "return.csv") == [("unknown_file", "return.csv", None)]


def test_sha256_of_a_file_and_of_a_folder(tmp_path: Path) -> None:
    z = write_zip(tmp_path / "r.zip", tables())
    assert read(z).sha256 == hashlib.sha256(z.read_bytes()).hexdigest()
    folder = write_folder(tmp_path / "f", {"indicators": VALID["indicators"]})
    body = csv_bytes(VALID["indicators"])
    expected = hashlib.sha256(b"indicators.csv\0" + struct.pack(">Q", len(body)) + body)
    assert read(folder).sha256 == expected.hexdigest()
    (folder / "indicators.csv").write_bytes(body + b"RX2,2009/10,hr,recruits,1\n")
    assert read(folder).sha256 != expected.hexdigest()


def test_broken_zip_is_reported(tmp_path: Path) -> None:
    (tmp_path / "r.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    assert issue_tuples(tmp_path / "r.zip") == [("broken_zip", "r.zip", None)]


def test_zip_member_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../finance.csv", csv_bytes(VALID["finance"]))
        zf.writestr("/etc/organisations.csv", csv_bytes(VALID["organisations"]))
        zf.writestr("C:/x/indicators.csv", b"a")
        zf.writestr("ok/..\\function_costs.csv", b"a")
    raw = read(path)
    assert sorted((i.code, i.value) for i in raw.issues) == [
        ("unsafe_path", "../finance.csv"),
        ("unsafe_path", "/etc/organisations.csv"),
        ("unsafe_path", "C:/x/indicators.csv"),
        ("unsafe_path", "ok/..\\function_costs.csv"),
    ]
    assert raw.files == {}


def test_zip_with_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(9):
            zf.writestr(f"f{i}.csv", b"a")
    assert issue_tuples(path) == [("too_many_members", "r.zip", None)]


def test_zip_member_over_the_limit_is_refused_from_its_declared_size(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("finance.csv", b"0" * 5_000_000)  # compresses to a few kilobytes
    assert path.stat().st_size < 20_000
    raw = read(path)
    assert [(i.code, i.file) for i in raw.issues] == [("too_large", "r.zip/finance.csv")]
    assert "5000000 bytes" in raw.issues[0].message


def test_zip_member_lying_about_its_size_is_not_unpacked_beyond_it(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("finance.csv", b"0" * 5_000_000)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # declared uncompressed size: 100 bytes
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 100)
    path.write_bytes(bytes(data))
    raw = read(path)
    assert [(i.code, i.file) for i in raw.issues] == [("broken_zip", "r.zip/finance.csv")]
    assert raw.files == {}


def test_zip_ignores_macos_folders_and_dot_files_and_strips_one_top_folder(
    tmp_path: Path,
) -> None:
    path = write_zip(tmp_path / "r.zip", tables(), prefix="return 2010/")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("__MACOSX/return 2010/._finance.csv", b"\0\1junk")
        zf.writestr("return 2010/.DS_Store", b"\0")
    report, bundle, raw = read_and_validate(path, settings=LIMITS)
    assert report.issues == []
    assert bundle is not None
    assert raw.files["finance"].display == "r.zip/return 2010/finance.csv"


def test_zip_members_in_nested_folders_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("finance.csv", csv_bytes(VALID["finance"]))
        zf.writestr("old/indicators.csv", csv_bytes(VALID["indicators"]))
    raw = read(path)
    assert [(i.code, i.file) for i in raw.issues] == [("nested_member", "r.zip/old/indicators.csv")]


def test_zip_holding_the_same_file_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "r.zip", {"finance": VALID["finance"]})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("Finance.CSV", csv_bytes(VALID["finance"]))
    assert [(i.code, i.file) for i in read(path).issues] == [
        ("duplicate_file", "r.zip/Finance.CSV")
    ]


def test_zip_file_itself_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "r.zip", tables())
    raw = read_bundle(path, max_file_bytes=100)
    assert [(i.code, i.file) for i in raw.issues] == [("too_large", "r.zip")]


def test_folder_refuses_sub_folders_and_links(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "b", tables())
    (folder / "old").mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes(csv_bytes(VALID["indicators"]))
    (folder / "indicators.csv").unlink()
    (folder / "indicators.csv").symlink_to(outside)
    raw = read(folder)
    assert [(i.code, i.file) for i in raw.issues] == [
        ("unknown_file", "indicators.csv"),
        ("unknown_file", "old"),
    ]
    assert "is a link" in raw.issues[0].message
    assert "indicators" not in raw.files


def test_size_limits_come_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_folder(tmp_path / "b", tables())
    monkeypatch.setenv("CORPBENCH_MAX_FILE_BYTES", "140")
    report, bundle, _ = read_and_validate(folder)
    assert bundle is None
    assert sorted(i.file or "" for i in report.errors if i.code == "too_large") == [
        "finance.csv",
        "function_costs.csv",
        "organisations.csv",
    ]


def test_empty_folder_and_empty_zip_have_no_data(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with zipfile.ZipFile(tmp_path / "r.zip", "w"):
        pass
    for path in (tmp_path / "empty", tmp_path / "r.zip"):
        report, bundle, _ = read_and_validate(path, settings=LIMITS)
        assert bundle is None
        assert [(i.code, i.file) for i in report.errors] == [("no_data", None)]
