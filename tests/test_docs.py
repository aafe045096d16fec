"""Every example in docs/ runs: CSV blocks are written, console blocks are executed, and their
output compared, so the documentation stays true as the code changes.

In a doc, a block opened with `csv file=PATH` (or `toml`, `json file=PATH`) is written to PATH
(relative to a fresh working folder); a `console` block holds commands (`$ corpbench ...`) each
followed by its expected stdout. A line `...` alone stands for output not compared (for people's
tables); `...` as the last line compares only the lines before it. `[exit N]` expects exit
status N (default 0).
Each doc runs against a fresh SQLite store; its commands run in order.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpbench.cli import app

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(
    r"^```((?:csv|toml|json) file=(?P<file>\S+)|console)\n(?P<body>.*?)^```", re.S | re.M
)


@dataclass
class Step:
    args: list[str]
    expected: list[str]
    exit_code: int


def _steps(body: str) -> list[Step]:
    steps: list[Step] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            words = shlex.split(line[2:])
            assert words[0] == "corpbench", line
            steps.append(Step(words[1:], [], 0))
        elif m := re.fullmatch(r"\[exit (\d+)\]", line):
            steps[-1].exit_code = int(m.group(1))
        else:
            steps[-1].expected.append(line)
    return steps


def _check_output(step: Step, stdout: str) -> None:
    expected = step.expected
    if expected == ["..."]:
        return
    actual = stdout.splitlines()
    if expected and expected[-1].strip() == "...":
        assert actual[: len(expected) - 1] == expected[:-1], " ".join(step.args)
    else:
        assert actual == expected, " ".join(step.args)


DOC_FILES = sorted(p for p in DOCS.glob("*.md") if "```console" in p.read_text())


def test_docs_have_examples() -> None:
    names = {p.name for p in DOC_FILES}
    assert {"commands.md", "figures.md"} <= names


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_doc_examples_run_as_written(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("CORPBENCH_DB", f"sqlite:///{tmp_path / 'docs.db'}")
    runner = CliRunner()
    ran = 0
    for m in BLOCK.finditer(doc.read_text(encoding="utf-8")):
        if m.group("file"):
            target = work / m.group("file")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(m.group("body"), encoding="utf-8")
            continue
        for step in _steps(m.group("body")):
            result = runner.invoke(app, step.args, env={"COLUMNS": "120"})
            assert result.exit_code == step.exit_code, (
                f"{doc.name}: corpbench {' '.join(step.args)} exited {result.exit_code}\n"
                f"{result.stdout}\n{result.stderr}"
            )
            _check_output(step, result.stdout)
            ran += 1
    assert ran > 0
