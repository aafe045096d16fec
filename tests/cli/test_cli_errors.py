"""Errors through the command line: malformed input is exit 1 with one clear message (never a
traceback, nothing stored); usage errors are exit 2 with a one-sentence message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cli.bundles import round_tables
from cli.conftest import Cli, no_exception
from ingest.bundles import write_folder

KPI_HEADER = "org_code,year,function,kpi,value\n"


def _latin1_folder(tmp: Path) -> Path:
    folder = write_folder(tmp / "latin1", round_tables())
    text = (folder / "organisations.csv").read_text(encoding="utf-8")
    (folder / "organisations.csv").write_bytes(text.replace("Ash", "Hôpital Ash").encode("latin-1"))
    return folder


def _broken_zip(tmp: Path) -> Path:
    path = tmp / "return.zip"
    path.write_bytes(b"PK\x03\x04 this is the start of a zip and nothing more")
    return path


def _empty_finance(tmp: Path) -> Path:
    folder = write_folder(tmp / "empty", round_tables())
    (folder / "finance.csv").write_bytes(b"")
    return folder


def _empty_workbook(tmp: Path) -> Path:
    path = tmp / "return.xlsx"
    path.write_bytes(b"")
    return path


# (make the input, the error's code, file, row, value, the message it must give)
MALFORMED: dict[str, tuple[Callable[[Path], Path], str, str, int | None, str | None, str]] = {
    "not_utf8": (
        _latin1_folder,
        "not_utf8",
        "organisations.csv",
        2,
        "0xf4",
        "The file is not UTF-8 text (byte 0xf4 on line 2 is not valid UTF-8); save it as "
        "'CSV UTF-8 (comma delimited)'.",
    ),
    "broken_zip": (
        _broken_zip,
        "broken_zip",
        "return.zip",
        None,
        None,
        "This is not a readable zip archive (File is not a zip file).",
    ),
    "empty_csv": (
        _empty_finance,
        "empty_file",
        "finance.csv",
        None,
        None,
        "The file is empty: it needs a header row and data rows.",
    ),
    "empty_xlsx": (
        _empty_workbook,
        "broken_workbook",
        "return.xlsx",
        None,
        None,
        "This is not a readable .xlsx workbook (File is not a zip file); save it again from "
        "Excel as 'Excel Workbook (.xlsx)'.",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_is_exit_1_with_exactly_one_clear_error_and_nothing_stored(
    cli: Cli, tmp_path: Path, case: str
) -> None:
    make, code, file, row, value, message = MALFORMED[case]
    path = make(tmp_path)

    result = cli("load", path)
    no_exception(result)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"Rejected: {path} has 1 error(s); nothing was stored." in result.stderr
    assert message in result.stderr

    status, payload = cli.json("load", path, "--json")
    assert status == 1
    assert payload["stored"] is False
    assert [
        (e["code"], e["file"], e["row"], e["value"], e["message"]) for e in payload["errors"]
    ] == [(code, file, row, value, message)]
    assert cli.ok("export", "kpis").stdout == KPI_HEADER


def test_a_path_that_does_not_exist_is_exit_1_with_one_sentence(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-return.zip"
    result = cli("load", missing)
    no_exception(result)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {missing} does not exist; give a folder, a .zip, a .csv or an .xlsx file.\n"
    )


def test_a_path_that_does_not_exist_with_json_is_exit_1_with_a_json_report(
    cli: Cli, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-return.zip"
    status, payload = cli.json("load", missing, "--json")
    assert status == 1
    assert payload["ok"] is False
    assert payload["stored"] is False
    assert [(e["code"], e["file"], e["message"]) for e in payload["errors"]] == [
        ("not_found", str(missing), "There is no file or folder at this path.")
    ]


def test_a_store_that_cannot_be_opened_is_exit_1_with_one_sentence(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from corpbench.cli import app

    url = f"sqlite:///{tmp_path / 'no-such-dir' / 'x.db'}"
    result = CliRunner().invoke(app, ["export", "kpis"], env={"CORPBENCH_DB": url})
    no_exception(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the store at sqlite:///")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


# (arguments, a sentence the message must contain); Click's own usage errors come in a box
USAGE: list[tuple[list[str], str]] = [
    (["nonsense"], "No such command 'nonsense'."),
    (["export", "nonsense"], "No such command 'nonsense'."),
    (
        ["export", "savings", "--method", "nonsense"],
        "Error: Unknown savings method 'nonsense'; methods are spelled iqm, median, q1, "
        "external:NAME or threshold:P.",
    ),
    (
        ["export", "summary", "--method", "external:nope"],
        "Error: Unknown external comparator table 'nope' in method 'external:nope'; the tables "
        "are: hackett_best_in_class, hackett_median.",
    ),
    (
        ["export", "stats", "--group", "nonsense"],
        "Error: Unknown grouping 'nonsense'; valid groupings are org_type, region, footprint, "
        "teaching, region_type, similar, size_band and peers:NAME for a named peer list.",
    ),
    (
        ["export", "stats", "--group", "peers:nope"],
        "Error: Unknown peer list 'nope'; the named peer lists are: none.",
    ),
    (["report"], "Missing option '--org'."),
    (
        ["report", "--org", "AC001", "--method", "bogus"],
        "Error: Unknown savings method 'bogus'; methods are spelled iqm, median, q1, "
        "external:NAME or threshold:P.",
    ),
    (
        ["report", "--org", "AC001", "--out", "r.txt"],
        "Error: --out must name a .csv or .xlsx file, not 'r.txt'.",
    ),
    (["template", "--out", "x.txt"], "Error: --out must name an .xlsx file, not 'x.txt'."),
    (["load"], "Missing argument 'path'."),
    (
        ["demo"],
        "Error: say --out DIR to write the demo bundle, --load to load it, or both.",
    ),
    (
        ["summary", "--method", "q9"],
        "Error: Unknown savings method 'q9'; methods are spelled iqm, median, q1, "
        "external:NAME or threshold:P.",
    ),
]


@pytest.mark.parametrize(("args", "sentence"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_errors_are_exit_2_with_a_one_sentence_message(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], sentence: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli(*args)
    no_exception(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    if sentence.startswith("Error: "):  # the project's own usage errors: exactly one line
        assert result.stderr == sentence + "\n"
    assert list(work.iterdir()) == []  # nothing written (no x.txt, no r.txt)
