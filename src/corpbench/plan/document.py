"""Writing a case document (the mapping :func:`corpbench.plan.case.parse_case` reads) as TOML or
JSON, so that a case made by corpbench is a file people edit and ``plan evaluate`` reads.

TOML: a table's plain values first (numbers, text, lists, and tables of plain values written
inline), then its sub-tables as ``[a.b]`` sections; a list of tables at the top level (partners,
candidates, principles) as ``[[name]]`` sections, deeper ones inline. Numbers are written
exactly (Python's ``repr`` of a float), so the file reads back to the same document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _plain(v: Any) -> bool:
    """Written inline: a number, text or boolean, a list of those or of plain tables, or a
    table of plain values."""
    if isinstance(v, Mapping):
        return all(_plain(x) and not isinstance(x, Mapping) for x in v.values())
    if isinstance(v, list):
        return all(_plain(x) for x in v)
    return isinstance(v, bool | int | float | str)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {_value(x)}" for k, x in v.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} in a case document")


def to_toml(document: Mapping[str, Any], comment: Sequence[str] = ()) -> str:
    """The case document as TOML text, after ``comment`` lines (each written as ``# line``)."""
    lines = [f"# {c}".rstrip() for c in comment]
    if lines:
        lines.append("")
    _table(document, [], lines, top=True)
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: Mapping[str, Any], path: list[str], lines: list[str], *, top: bool) -> None:
    deferred: list[tuple[str, Any]] = []
    for k, v in table.items():
        tables = top and isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v)
        if tables or (isinstance(v, Mapping) and not _plain(v)):
            deferred.append((k, v))
        else:
            lines.append(f"{_key(str(k))} = {_value(v)}")
    for k, v in deferred:
        name = ".".join(_key(p) for p in [*path, str(k)])
        if isinstance(v, list):
            for item in v:
                lines.extend(["", f"[[{name}]]"])
                _table(item, [*path, str(k)], lines, top=False)
        elif all(isinstance(x, Mapping) for x in v.values()):
            # a table of tables: each child its own section ([functions.finance])
            for child, x in v.items():
                lines.extend(["", f"[{name}.{_key(str(child))}]"])
                _table(x, [*path, str(k), str(child)], lines, top=False)
        else:
            lines.extend(["", f"[{name}]"])
            _table(v, [*path, str(k)], lines, top=False)


def write_document(document: Mapping[str, Any], path: Path, comment: Sequence[str] = ()) -> None:
    """Write the case document to ``path``: TOML for ``.toml`` (with the comment lines), JSON
    (indented) for ``.json``; ``ValueError`` for another suffix."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        text = to_toml(document, comment)
    elif suffix == ".json":
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        raise ValueError(f"{path.name} is not a .toml or .json file")
    path.write_text(text, encoding="utf-8")
