"""Every action the audit log records has its row in docs/web.md's audit table, and the table
names no action the log does not know."""

from __future__ import annotations

import re
from pathlib import Path

from corpbench.store.audit import ACTIONS

WEB_MD = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def _documented() -> set[str]:
    text = WEB_MD.read_text(encoding="utf-8")
    table = text.split("## The audit log", 1)[1].split("\n## ", 1)[0]
    found: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            found.update(re.findall(r"`([a-z_]+)`", first))
    return found


def test_every_audit_action_is_in_the_docs_table() -> None:
    documented = _documented()
    assert "programme_retire" in documented
    assert set(ACTIONS) - documented == set()
    assert documented - set(ACTIONS) == set()
