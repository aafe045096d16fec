"""The case files of docs/planning.md, as the docs test writes them."""

from __future__ import annotations

import re
from pathlib import Path

PLANNING = Path(__file__).resolve().parents[2] / "docs" / "planning.md"


def doc_file(name: str) -> str:
    """The text of the ``toml file=NAME`` block of docs/planning.md."""
    text = PLANNING.read_text(encoding="utf-8")
    m = re.search(rf"^```toml file={re.escape(name)}\n(.*?)^```", text, re.S | re.M)
    assert m, name
    return m.group(1)


def doc_stderr() -> list[str]:
    """The error lines docs/planning.md shows for bad.toml."""
    text = PLANNING.read_text(encoding="utf-8")
    m = re.search(r"prints on stderr:\n\n```text\n(.*?)^```", text, re.S | re.M)
    assert m
    return m.group(1).splitlines()
