"""Every table scroll region in the app's templates is a named, keyboard-reachable region, so a
table wider than the screen can be scrolled by keyboard and is announced (the browser test of
tables checks the pages it visits; this one reads every template, pages it does not visit too)."""

from __future__ import annotations

import re
from pathlib import Path

import corpbench.web

TEMPLATES = Path(corpbench.web.__file__).parent / "templates"
SCROLL_DIV = re.compile(r"<div\b[^>]*\bcb-table-scroll\b[^>]*>")


def test_every_table_scroll_region_is_focusable_and_named() -> None:
    found = {
        (path.name, tag)
        for path in sorted(TEMPLATES.glob("*.html"))
        for tag in SCROLL_DIV.findall(path.read_text(encoding="utf-8"))
    }
    assert found, "no table scroll region found: the pattern no longer matches the templates"
    unnamed = [
        (name, tag)
        for name, tag in found
        if not all(attr in tag for attr in ('tabindex="0"', 'role="region"', "aria-label="))
    ]
    assert unnamed == []
