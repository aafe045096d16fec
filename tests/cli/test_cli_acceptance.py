"""The acceptance criterion of the first milestone, through the command line.

A bundle with planted errors of many kinds in every file, loaded into a store that already
holds a valid round, is rejected whole: every planted error is reported with its file, row and
column, and what the store exports (every machine output and the history) is byte-for-byte
what it was before. The same bad bundle is tried as a folder of CSV files, a ``.zip`` and an
``.xlsx`` workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli.bundles import NAMES, Table, planted_errors
from cli.conftest import Cli, no_exception
from corpbench.ingest.issues import file_stem
from ingest.bundles import write_folder, write_xlsx, write_zip

SNAPSHOT_COMMANDS: list[tuple[str, ...]] = [
    ("export", "kpis"),
    ("export", "stats"),
    ("export", "stats", "--group", "region"),
    ("export", "savings", "--method", "iqm"),
    ("export", "savings", "--method", "threshold:1.5"),
    ("export", "summary", "--method", "iqm"),
    ("export", "anomalies"),
    *[("history", "--org", code) for code in sorted(NAMES)],
]

Writer = Callable[[Path, dict[str, Table]], Path]
WRITERS: dict[str, tuple[Writer, Callable[[str], str]]] = {
    "folder": (lambda p, t: write_folder(p / "bad", t), lambda stem: f"{stem}.csv"),
    "zip": (lambda p, t: write_zip(p / "bad.zip", t), lambda stem: f"bad.zip/{stem}.csv"),
    "xlsx": (lambda p, t: write_xlsx(p / "bad.xlsx", t), lambda stem: f"bad.xlsx[{stem}]"),
}


def snapshot(cli: Cli) -> dict[tuple[str, ...], str]:
    """Everything the store shows: each command's stdout, exactly."""
    return {cmd: cli.ok(*cmd).stdout for cmd in SNAPSHOT_COMMANDS}


def test_a_bundle_with_planted_errors_is_rejected_whole_with_every_error_located(
    loaded: Cli, tmp_path: Path
) -> None:
    before = snapshot(loaded)
    # the valid round is there and exports something worth comparing
    assert before[("export", "savings", "--method", "iqm")].count("\n") > 5
    assert before[("export", "anomalies")].count("\n") > 1
    planted = planted_errors()

    got: dict[str, set[tuple[str, int, str, str]]] = {}
    expected: dict[str, set[tuple[str, int, str, str]]] = {}
    for fmt, (write, display) in WRITERS.items():
        path = write(tmp_path, planted.tables)
        status, payload = loaded.json("load", path, "--json", "--by", "mallory")
        assert (fmt, status, payload["ok"], payload["stored"]) == (fmt, 1, False, False)
        errors = payload["errors"]
        got[fmt] = {(e["file"], e["row"], e["column"], e["code"]) for e in errors}
        expected[fmt] = {(display(stem), r, col, code) for stem, r, col, code in planted.expected}
        assert len(errors) == len(planted.expected), fmt  # each error once, nothing else
        assert {file_stem(e["file"]) for e in errors} == set(planted.tables), fmt
        for e in errors:
            assert e["value"] not in (None, ""), e
            assert e["message"], e

    # the report for people (a folder this time) counts each code and names the same cells
    result = loaded("load", write_folder(tmp_path / "again", planted.tables), "--by", "mallory")
    no_exception(result)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"has {len(planted.expected)} error(s); nothing was stored." in result.stderr
    cells = [
        [c.strip() for c in ln.strip("│").split("│")]
        for ln in result.stderr.splitlines()
        if ln.startswith("│")
    ]
    counted = {r[1]: r[0] for r in cells if r[0].isdigit()}  # count, code, meaning
    assert counted == {code: "1" for *_, code in planted.expected}
    # one example of each code; a row's first line names its file
    shown = {(r[0], int(r[1]), r[2]) for r in cells if r[0].endswith(".csv")}
    assert shown == {(f"{stem}.csv", r, col) for stem, r, col, _ in planted.expected}

    assert got == expected
    assert snapshot(loaded) == before
    assert all("mallory" not in text for text in before.values())
