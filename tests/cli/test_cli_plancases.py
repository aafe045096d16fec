"""``corpbench plan save|list|show|retire``: stored cases through the command line, over the
same actions as the app."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from cli.conftest import Cli, table_rows
from corpbench.store import Store
from web.test_web_plans import SMALL

BAD = SMALL.replace("discount_rate = 0.25", "discount_rate = 3.5").replace(
    "share = { finance = 0.5 }", "share = { finance = 1.2 }"
)


def test_save_list_show_and_retire(loaded: Cli, tmp_path: Path) -> None:
    case = tmp_path / "small.toml"
    case.write_text(SMALL, encoding="utf-8")
    r = loaded.ok("plan", "save", case, "--name", "Small", "--year", "2009/10", "--by", "me")
    assert r.stdout.strip() == "Saved case 1 'Small', version 1."
    r = loaded.ok("plan", "save", case, "--id", "1", "--by", "you")
    assert r.stdout.strip() == "Saved case 1 'Small', version 2."
    rows = table_rows(loaded.ok("plan", "list").stdout)
    assert [(x["id"], x["name"], x["year"], x["version"]) for x in rows] == [
        ("1", "Small", "2009/10", "2")
    ]
    assert rows[0]["saved"].endswith("by you")
    assert loaded.ok("plan", "show", "1").stdout == SMALL
    # a JSON case is shown as TOML with --toml, and reads back to the same document
    js = tmp_path / "small.json"
    js.write_text(json.dumps(tomllib.loads(SMALL)), encoding="utf-8")
    loaded.ok("plan", "save", js, "--name", "As JSON")
    shown = loaded.ok("plan", "show", "2", "--toml").stdout
    assert tomllib.loads(shown) == tomllib.loads(SMALL)
    assert loaded.ok("plan", "retire", "1").stdout.strip() == "Deleted case 1 'Small'."
    r = loaded("plan", "show", "1")
    assert r.exit_code == 1
    assert r.stderr.strip() == "Error: no case 1."
    with Store.open(loaded.db_url) as store:
        assert [(v.version, v.retired, v.saved_by) for v in store.plans.versions(1)] == [
            (1, False, "me"),
            (2, False, "you"),
            (3, True, store.plans.versions(1)[2].saved_by),
        ]


def test_a_bad_case_prints_every_error_and_saves_nothing(loaded: Cli, tmp_path: Path) -> None:
    case = tmp_path / "bad.toml"
    case.write_text(BAD, encoding="utf-8")
    r = loaded("plan", "save", case, "--name", "Bad")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: bad.toml is not a valid case: 2 errors.",
        "  discount_rate: 3.5 is above 1 (expected 0 ≤ rate < 1)",
        "  option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)",
    ]
    with Store.open(loaded.db_url) as store:
        assert store.plans.in_use() == []
        assert store.audit.count("plan_save") == 0
