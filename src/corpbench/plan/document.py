"""Writing a case document (the mapping :func:`corpbench.plan.case.parse_case` reads) as TOML or
JSON, so that a case made by corpbench is a file people edit and ``plan evaluate`` reads; and
the form of a case's main fields (:func:`main_fields`, :func:`with_main_fields`), each named by
its path in the document, so that an error of ``parse_case`` names its field.

TOML: a table's plain values first (numbers, text, lists, and tables of plain values written
inline), then its sub-tables as ``[a.b]`` sections; a list of tables at the top level (partners,
candidates, principles) as ``[[name]]`` sections, deeper ones inline. Numbers are written
exactly (Python's ``repr`` of a float), so the file reads back to the same document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


# --- the form of a case's main fields ---------------------------------------------------------

#: The main fields of every case (planning methods §3), in the form's order; each is the path
#: of the figure in the document (and in the errors of ``parse_case``). The case's per-function
#: rates (``option.simplify.<f>`` …) and cost rows (``option.one_off.<i>.year`` …) follow.
CASE_FIELDS: tuple[str, ...] = (
    "horizon",
    "discount_rate",
    "option.model",
    "option.location_factor",
    "option.management_fee",
    *(
        f"option.phases.{p}.{k}"
        for p in ("simplify", "standardise", "share")
        for k in ("start", "ramp")
    ),
    "optimism_bias.capex",
    "optimism_bias.opex",
    "optimism_bias.benefits",
    "optimism_bias.delay_years",
)
#: The rates a function has in the option: simplify s_f, standardise d_f, share h_f.
RATES: tuple[str, ...] = ("simplify", "standardise", "share")
#: The cost lists of the option and the two fields of each of their rows.
COST_ROWS: dict[str, tuple[str, str]] = {
    "one_off": ("year", "amount"),
    "recurring": ("from_year", "amount"),
}
_ROW = re.compile(r"^option\.(one_off|recurring)\.(\d+)\.(\w+)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class MainFields:
    """A case's main fields as a form shows them: ``values`` maps each field's path to its text
    (the empty string for a figure the document leaves to its default), ``functions`` are the
    case's function codes (a row of rates each) and ``rows`` the number of rows of each cost
    list (its entries, then ``blank`` empty rows to add one)."""

    values: dict[str, str]
    functions: tuple[str, ...]
    rows: dict[str, int]


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _get(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def _functions(document: Mapping[str, Any]) -> tuple[str, ...]:
    named = document.get("functions")
    return tuple(str(f) for f in named) if isinstance(named, Mapping) else ()


def _rows(document: Mapping[str, Any], kind: str) -> list[Any]:
    option = document.get("option")
    found = option.get(kind) if isinstance(option, Mapping) else None
    return list(found) if isinstance(found, list) else []


def main_fields(document: Mapping[str, Any], blank: int = 1) -> MainFields:
    """The main fields of a case document as a form shows them (see :class:`MainFields`)."""
    functions = _functions(document)
    paths = [*CASE_FIELDS, *(f"option.{r}.{f}" for f in functions for r in RATES)]
    rows: dict[str, int] = {}
    for kind, (when, amount) in COST_ROWS.items():
        rows[kind] = len(_rows(document, kind)) + blank
        for i in range(rows[kind]):
            paths += [f"option.{kind}.{i}.{when}", f"option.{kind}.{i}.{amount}"]
    return MainFields({p: _text(_get(document, p)) for p in paths}, functions, rows)


def _figure(text: str) -> Any:
    """A form's text as the document holds it: a whole number as an int, another number as a
    float (thousands commas dropped), anything else as the text itself, so that the case's
    validation says it is not a number at the field's path."""
    plain = text.replace(",", "")
    if not _NUMBER.match(plain):
        return text
    number = float(plain)
    return (
        int(number) if number.is_integer() and abs(number) < 1e15 and "." not in plain else number
    )


def _put(document: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for None, drop) the figure at ``path``, making the tables on the way."""
    *parents, key = path.split(".")
    node = document
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = node[part] = {}
        node = child
    if value is None:
        node.pop(key, None)
    else:
        node[key] = value


@dataclass(frozen=True)
class FormDocument:
    """A case document built from a form: ``document`` and, for the cost rows renumbered when
    blank rows were dropped, the form's path of each row's document path (``fields``)."""

    document: dict[str, Any]
    fields: dict[str, str]

    def field_of(self, path: str) -> str:
        """The form field an error's ``path`` belongs to (the path itself when the rows were
        not renumbered)."""
        found = _ROW.match(path)
        if found is None:
            return path
        kind, i, rest = found.groups()
        row = self.fields.get(f"option.{kind}.{i}", f"option.{kind}.{i}")
        return f"{row}.{rest}"


def with_main_fields(document: Mapping[str, Any], form: Mapping[str, str]) -> FormDocument:
    """The case ``document`` with its main fields replaced by the texts of ``form`` (path ->
    text, as :func:`main_fields` names them): a blank figure is dropped, so that the case's
    default applies (no rate for a function is a rate of 0); a cost row with both fields
    blank is dropped and the rows after it renumbered. Everything else of the document (its
    functions, uncertain figures, principles, partners …) is kept as it is. The result is a
    document for :func:`corpbench.plan.case.parse_case`, which says what is wrong with it."""
    out: dict[str, Any] = json.loads(json.dumps(document))  # a deep copy of plain data
    paths = [*CASE_FIELDS, *(f"option.{r}.{f}" for f in _functions(out) for r in RATES)]
    for path in paths:
        text = str(form.get(path, "")).strip()
        value = (text or None) if path == "option.model" else (_figure(text) if text else None)
        _put(out, path, value)
    fields: dict[str, str] = {}
    for kind, names in COST_ROWS.items():
        indices = sorted(
            {int(m.group(2)) for p in form if (m := _ROW.match(p)) and m.group(1) == kind}
        )
        rows: list[dict[str, Any]] = []
        for i in indices:
            texts = {n: str(form.get(f"option.{kind}.{i}.{n}", "")).strip() for n in names}
            if not any(texts.values()):
                continue
            fields[f"option.{kind}.{len(rows)}"] = f"option.{kind}.{i}"
            rows.append({n: _figure(t) for n, t in texts.items() if t})
        _put(out, f"option.{kind}", rows or None)
    return FormDocument(out, fields)
