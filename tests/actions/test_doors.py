"""The doors are thin: the command line and the web routes change the store only through
``corpbench.actions``, and ``corpbench.actions`` imports neither door."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import corpbench

PACKAGE = Path(corpbench.__file__).parent

#: Calls that change the store (or write its audit log): only actions make them. Sign-in and
#: sign-out (``web/routes/session.py``) are the web session itself, not an action of the round.
WRITES = re.compile(
    r"audit\.record\(|accounts\.(add_user|set_active|set_password|set_scope|create_token|"
    r"revoke_token)\(|publications\.publish\(|reviews\.decide\(|load_path\(|save_peer_list\(|"
    r"store\.load\(|my_peers\.(save|retire)\(|"
    r"conversation\.(open|reply|close|add_note|revise_note)\(|benefits\.(save_line|add_values)\(|"
    r"programmes\.(create|rename|retire|save_answer|save_must_have|add_lessons)\("
)
SESSION_DOOR = PACKAGE / "web" / "routes" / "session.py"


def _door_files() -> list[Path]:
    files = [*(PACKAGE / "cli").glob("*.py"), *(PACKAGE / "web" / "routes").glob("*.py")]
    return sorted(f for f in files if f != SESSION_DOOR)


def test_the_doors_change_the_store_only_through_actions() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in _door_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES.search(line) and "actions." not in line
    ]
    assert found == []


def test_the_door_check_sees_a_store_write_when_there_is_one() -> None:
    assert WRITES.search("        store.audit.record(actor, 'publish')")
    assert WRITES.search("pub = store.publications.publish(by=name)")
    assert not WRITES.search("done = actions.publish(store, actor, note=note)")
    assert WRITES.search("store.my_peers.save(owner, name, codes, by=who)")
    assert not WRITES.search("saved = actions.save_my_peers(store, actor, name, codes)")
    assert WRITES.search("store.conversation.reply(query_id, text, by=name, role=role)")
    assert not WRITES.search("store.conversation.queries(org, year, state=state)")
    assert WRITES.search("store.programmes.retire(programme_id)")
    assert WRITES.search("store.programmes.rename(programme_id, name)")
    assert not WRITES.search("gone = actions.retire_programme(store, actor, programme_id)")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_actions_import_no_door() -> None:
    doors = ("corpbench.cli", "corpbench.web")
    wrong = {
        path.name: sorted(m for m in _imported_modules(path) if m.startswith(doors))
        for path in (PACKAGE / "actions").glob("*.py")
    }
    assert {name: mods for name, mods in wrong.items() if mods} == {}
    assert _imported_modules(PACKAGE / "actions" / "loads.py") >= {"corpbench.loading"}
