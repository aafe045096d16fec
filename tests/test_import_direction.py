"""Imports between corpbench's parts (its subpackages and top-level modules) flow one way: no
cycle, and each part imports only parts of lower layers, as the layer table of
docs/architecture.md says. Read with ast from the source, lazy imports included."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "corpbench"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _part_of(path: Path, package: Path) -> str:
    first = path.relative_to(package).parts[0]
    return first.removesuffix(".py")


def _module_of(path: Path, package: Path) -> list[str]:
    names = ["corpbench", *(p.removesuffix(".py") for p in path.relative_to(package).parts)]
    return names[:-1] if names[-1] == "__init__" else names


def _imported(node: ast.AST, path: Path, package: Path) -> list[str]:
    """The absolute module names an import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            return [node.module or ""]
        here = _module_of(path, package)
        if path.name != "__init__.py":
            here = here[:-1]
        base = here[: len(here) - node.level + 1]
        return [".".join([*base, *([node.module] if node.module else [])])]
    return []


def import_edges(package: Path = PACKAGE) -> dict[str, dict[str, str]]:
    """part -> {imported part: the first file importing it}, between different parts."""
    edges: dict[str, dict[str, str]] = {}
    for path in sorted(package.rglob("*.py")):
        part = _part_of(path, package)
        if part == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for name in _imported(node, path, package):
                bits = name.split(".")
                if bits[0] == "corpbench" and len(bits) > 1 and bits[1] not in (part, "__init__"):
                    where = str(path.relative_to(package.parent))
                    edges.setdefault(part, {}).setdefault(bits[1], where)
    return edges


def cycles(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def documented_layers(text: str) -> dict[str, int]:
    """part -> layer number, from the ```text layers block of docs/architecture.md."""
    block = re.search(r"```text layers\n(.*?)```", text, re.DOTALL)
    assert block, "docs/architecture.md has no ```text layers block"
    layers: dict[str, int] = {}
    for line in block.group(1).splitlines():
        number, _, parts = line.partition(":")
        for part in parts.split("#")[0].split():
            layers[part.strip(",")] = int(number)
    return layers


def parts(package: Path = PACKAGE) -> set[str]:
    found = {_part_of(p, package) for p in package.rglob("*.py")} - {"__init__"}
    return {p for p in found if not p.startswith("_")}


def test_there_is_no_import_cycle_between_parts() -> None:
    assert cycles(import_edges()) == []


def test_every_part_is_in_the_documented_layers() -> None:
    layers = documented_layers(ARCHITECTURE.read_text(encoding="utf-8"))
    missing = sorted(parts() - set(layers))
    assert missing == [], f"add {missing} to the layers of docs/architecture.md"
    assert sorted(set(layers) - parts()) == [], "the layers name a part that does not exist"


def test_each_part_imports_only_lower_layers() -> None:
    layers = documented_layers(ARCHITECTURE.read_text(encoding="utf-8"))
    against = [
        f"{where}: {part} (layer {layers[part]}) imports {target} (layer {layers[target]})"
        for part, targets in sorted(import_edges().items())
        for target, where in sorted(targets.items())
        if part in layers and target in layers and layers[target] >= layers[part]
    ]
    assert against == []


def test_the_checks_see_a_cycle_and_an_upward_import(tmp_path: Path) -> None:
    package = tmp_path / "corpbench"
    (package / "low").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low" / "__init__.py").write_text("")
    (package / "low" / "a.py").write_text("def f():\n    from corpbench.high import g\n")
    (package / "high.py").write_text("from corpbench.low.a import f\nfrom . import low\n")
    edges = import_edges(package)
    assert edges == {
        "low": {"high": "corpbench/low/a.py"},  # a lazy import counts
        "high": {"low": "corpbench/high.py"},
    }
    assert cycles(edges) == [["high", "low"]]
    layers = documented_layers("```text layers\n1: low\n2: high   # above low\n```\n")
    assert layers == {"low": 1, "high": 2}


def test_the_figures_need_only_the_standard() -> None:
    assert set(import_edges()["bench"]) == {"standard"}
