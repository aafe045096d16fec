"""The installed ``corpbench`` script, run as a user or another tool would: its exit status is
0 when stored, 1 for rejected input and 2 for a usage error, and it never prints a traceback.
(Each run starts a Python process, so these tests keep to a few runs.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.bundles import planted_errors, round_tables
from ingest.bundles import write_folder, write_zip

SCRIPT = Path(sys.executable).with_name("corpbench")


def run(db_url: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORPBENCH_DB": db_url, "COLUMNS": "200"}
    done = subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.fixture(scope="module", autouse=True)
def script_installed() -> None:
    assert SCRIPT.is_file(), f"the corpbench script is not installed next to {sys.executable}"


def test_script_exit_status_is_0_when_stored_1_when_rejected_2_for_usage(
    db_url: str, tmp_path: Path
) -> None:
    good = run(db_url, "load", write_folder(tmp_path / "good", round_tables()), "--by", "ci")
    assert good.returncode == 0, good.stderr
    assert "Stored as load 1: 9 new return version(s), 0 unchanged; 8 register change(s)." in (
        good.stdout
    )

    planted = planted_errors()
    bad = run(db_url, "load", write_zip(tmp_path / "bad.zip", planted.tables), "--json")
    assert bad.returncode == 1
    payload = json.loads(bad.stdout)
    assert payload["stored"] is False
    assert len(payload["errors"]) == len(planted.expected)

    usage = run(db_url, "export", "savings", "--method", "nonsense")
    assert usage.returncode == 2
    assert usage.stdout == ""
    assert usage.stderr.strip() == (
        "Error: Unknown savings method 'nonsense'; methods are spelled iqm, median, q1, "
        "external:NAME or threshold:P."
    )


def test_script_malformed_input_and_unknown_commands_give_one_message(
    sqlite_url: str, tmp_path: Path
) -> None:
    missing = run(sqlite_url, "load", tmp_path / "nowhere")
    assert missing.returncode == 1
    assert missing.stderr == (
        f"Error: {tmp_path / 'nowhere'} does not exist; give a folder, a .zip, a .csv or an "
        ".xlsx file.\n"
    )

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    rejected = run(sqlite_url, "load", broken)
    assert rejected.returncode == 1
    assert "This is not a readable zip archive" in rejected.stderr
    assert f"Rejected: {broken} has 1 error(s); nothing was stored." in rejected.stderr

    unknown = run(sqlite_url, "frobnicate")
    assert unknown.returncode == 2
    assert "No such command 'frobnicate'." in unknown.stderr
