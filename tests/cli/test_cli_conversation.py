"""``corpbench query`` and ``corpbench note`` on the tiny round: a warning is picked by its code
and a piece of its sentence, threads print and list as JSON, refusals are one sentence."""

from __future__ import annotations

import json

from cli.bundles import Y1
from cli.conftest import Cli


def test_a_query_on_a_warning_prints_and_lists_as_json(loaded: Cli) -> None:
    r = loaded.ok(
        "query", "open", "AC005", "--year", Y1, "--text", "Is the finance FTE right?",
        "--warning", "peer_outlier", "--match", "finance: finance cost_per_fte", "--by", "ana",
    )  # fmt: skip
    assert r.stdout == f"Query 1 asked on AC005 {Y1} version 1.\n"
    loaded.ok("query", "reply", "1", "--text", "Two teams merged.", "--by", "fd")
    listed = loaded.ok("query", "list").stdout
    assert f"Query 1 AC005 {Y1} (asked on version 1), open" in listed
    assert "On the warning: A KPI is far outside its peer group" in listed
    assert "Question by ana (national team)" in listed
    assert "Reply by fd (national team)" in listed
    r = loaded.ok("query", "close", "1", "--outcome", "excluded", "--text", "Double counted")
    assert r.stdout == "Query 1 closed: Figure excluded.\n"
    assert loaded.ok("query", "list").stdout == "No open queries.\n"
    (q,) = json.loads(loaded.ok("query", "list", "--state", "closed", "--json").stdout)
    assert (q["id"], q["state"], q["outcome"], q["awaiting"]) == (1, "closed", "excluded", None)
    assert q["warning_code"] == "peer_outlier"
    assert [(t["kind"], t["text"], t["outcome"]) for t in q["thread"]] == [
        ("question", "Is the finance FTE right?", None),
        ("reply", "Two teams merged.", None),
        ("close", "Double counted", "excluded"),
    ]


def test_a_warning_must_be_the_returns_and_only_one(loaded: Cli) -> None:
    r = loaded("query", "open", "AC001", "--year", Y1, "--text", "?", "--warning", "peer_outlier")
    assert r.exit_code == 1
    assert r.stderr == f"Error: the {Y1} return of AC001 has no peer_outlier warning.\n"
    r = loaded("query", "open", "AC005", "--year", Y1, "--text", "?", "--warning", "peer_outlier")
    assert r.exit_code == 1
    assert "peer_outlier warnings; pick one with --match TEXT" in r.stderr
    r = loaded("query", "reply", "9", "--text", "hello")
    assert (r.exit_code, r.stderr) == (1, "Error: there is no query 9.\n")
    assert loaded.ok("query", "list", "--state", "all").stdout == "No queries.\n"


def test_notes_are_added_changed_withdrawn_and_listed(loaded: Cli) -> None:
    assert loaded.ok("note", "add", "AC001", "--year", Y1, "--text", "Commissioning excluded",
                     "--by", "ana").stdout == f"Note 1 added to AC001 {Y1}.\n"  # fmt: skip
    r = loaded.ok("note", "change", "AC001", "--year", Y1, "--number", "1", "--text", "Now £2m")
    assert r.stdout == f"Note 1 of AC001 {Y1} is at version 2.\n"
    assert loaded.ok("note", "list", "AC001").stdout.startswith(f"{Y1} note 1: Now £2m — ")
    loaded.ok("note", "withdraw", "AC001", "--year", Y1, "--number", "1")
    assert loaded.ok("note", "list", "AC001").stdout == "No notes on the returns of AC001.\n"
    (n,) = json.loads(loaded.ok("note", "list", "AC001", "--withdrawn", "--json").stdout)
    assert (n["number"], n["version"], n["withdrawn"], n["text"]) == (1, 3, True, "Now £2m")
    r = loaded("note", "add", "AC001", "--year", "2011/12", "--text", "x")
    assert (r.exit_code, r.stderr) == (1, "Error: there is no return of AC001 for 2011/12.\n")
