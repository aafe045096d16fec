"""Each action through both doors: the command line (``--by NAME``) and the web app (signed in as
NAME) leave the same stored result and the same audit entry (all of it but time and client)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.conftest import Twins, last_entry
from cli.bundles import Y1, changed_round, planted_errors
from corpbench import actions
from corpbench.actions import Actor
from corpbench.cli import app
from corpbench.store import Store
from ingest.bundles import write_zip
from web.conftest import NATIONAL, ORG, PASSWORD, page_csrf
from web.test_web_plans import SMALL

LONG = "x" * 600


def _post(twins: Twins, path: str, data: dict[str, str], signed_in: str = NATIONAL) -> int:
    client = twins.web.signed_in(signed_in)
    r = client.post(path, data={"csrf_token": page_csrf(client), **data})
    return r.status_code


def _upload(twins: Twins, book: Path) -> int:
    client = twins.web.signed_in(NATIONAL)
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client)},
        files=[("files", (book.name, book.read_bytes(), "application/zip"))],
    )
    return r.status_code


def _versions(store: object, code: str) -> list[tuple[str, str | None, int, str, str]]:
    return [
        (v.kind, v.year, v.version, v.loaded_by, v.source)
        for v in store.history(code)  # type: ignore[attr-defined]
    ]


def test_a_load_stores_the_same_versions_and_audits_the_same_upload(
    twins: Twins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = write_zip(tmp_path / "round.zip", changed_round())
    monkeypatch.chdir(book.parent)  # the command line records the path as given
    twins.cli.ok("load", "round.zip", "--by", NATIONAL)
    assert _upload(twins, book) == 200
    assert _versions(twins.cli_store, "AC001") == _versions(twins.web.store, "AC001")
    assert (NATIONAL, "return", Y1, 2) in [
        (v.loaded_by, v.kind, v.year, v.version) for v in twins.web.store.history("AC001")
    ]
    cli_entry = last_entry(twins.cli_store, "upload")
    assert cli_entry == last_entry(twins.web.store, "upload")
    assert cli_entry[:3] == (NATIONAL, "upload", "round.zip")
    assert cli_entry[3]["new_return_versions"] == [f"AC001 {Y1} v2"]


def test_a_rejected_load_stores_nothing_and_audits_the_same_rejection(
    twins: Twins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = planted_errors()
    book = write_zip(tmp_path / "bad.zip", planted.tables)
    monkeypatch.chdir(book.parent)
    loads_before = len(twins.cli_store.loads())
    assert twins.cli("load", "bad.zip", "--by", NATIONAL).exit_code == 1
    assert _upload(twins, book) == 422
    assert len(twins.cli_store.loads()) == len(twins.web.store.loads()) == loads_before
    cli_entry = last_entry(twins.cli_store, "upload_rejected")
    assert cli_entry == last_entry(twins.web.store, "upload_rejected")
    assert cli_entry[:3] == (NATIONAL, "upload_rejected", "bad.zip")
    assert cli_entry[3] == {"errors": len(planted.expected)}


def test_publish_keeps_the_same_note_cut_to_500_characters(twins: Twins) -> None:
    twins.cli.ok("publish", "--note", LONG, "--by", NATIONAL)
    assert _post(twins, "/national/publish", {"note": LONG}) == 303
    cli_pub = twins.cli_store.publications.latest()
    web_pub = twins.web.store.publications.latest()
    assert cli_pub is not None
    assert web_pub is not None
    assert (cli_pub.id, cli_pub.load_id, cli_pub.published_by, cli_pub.note) == (
        web_pub.id,
        web_pub.load_id,
        web_pub.published_by,
        web_pub.note,
    )
    assert cli_pub.note == "x" * 500
    entry = last_entry(twins.cli_store, "publish")
    assert entry == last_entry(twins.web.store, "publish")
    assert entry == (
        NATIONAL,
        "publish",
        "publication 2",
        {"load_id": 1, "note": "x" * 500, "scope": "all", "returns": 9},
    )


def test_a_review_decision_records_the_same_status_and_audit_entry(twins: Twins) -> None:
    comment = "  Finance FTE looks high: please check.  "
    twins.cli.ok(
        "review", "AC001", "--year", Y1, "--version", "1", "--status", "queried",
        "--comment", comment, "--by", NATIONAL,
    )  # fmt: skip
    data = {"year": Y1, "version": "1", "status": "queried", "comment": comment}
    assert _post(twins, "/returns/AC001/review", data) == 303

    def status(store: object) -> tuple[int, str, str, str | None]:
        s = next(s for s in store.reviews.statuses(Y1, "AC001") if s.year == Y1)  # type: ignore[attr-defined]
        return s.version, s.status, s.comment, s.decided_by

    assert status(twins.cli_store) == status(twins.web.store)
    assert status(twins.cli_store) == (1, "queried", comment.strip(), NATIONAL)
    entry = last_entry(twins.cli_store, "review")
    assert entry == last_entry(twins.web.store, "review")
    assert entry == (
        NATIONAL,
        "review",
        f"AC001 {Y1} v1",
        {"status": "queried", "comment": comment.strip()},
    )


def test_adding_a_user_stores_the_same_user_and_audit_entry(twins: Twins) -> None:
    r = twins.cli.runner.invoke(
        app,
        ["user", "add", "New@NHS.test", "--role", "organisation", "--org", "AC002",
         "--password-stdin", "--by", NATIONAL],
        input="a long enough password\n",
        env={"CORPBENCH_DB": twins.cli.db_url},
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    data = {
        "email": "New@NHS.test",
        "role": "organisation",
        "org_code": "AC002",
        "footprint": "",
        "password": "a long enough password",
    }
    assert _post(twins, "/users", data) == 303

    def user(store: object) -> tuple[str, str, str | None, str | None, bool, str]:
        u = store.accounts.user("new@nhs.test")  # type: ignore[attr-defined]
        return u.email, u.role, u.org_code, u.footprint, u.active, u.created_by

    assert user(twins.cli_store) == user(twins.web.store)
    assert user(twins.cli_store) == ("new@nhs.test", "organisation", "AC002", None, True, NATIONAL)
    entry = last_entry(twins.cli_store, "user_add")
    assert entry == last_entry(twins.web.store, "user_add")
    assert entry == (
        NATIONAL,
        "user_add",
        "new@nhs.test",
        {"role": "organisation", "org_code": "AC002", "footprint": None},
    )


@pytest.mark.parametrize(("verb", "active"), [("disable", False), ("enable", True)])
def test_disabling_and_enabling_a_user_store_the_same_state_and_audit_entry(
    twins: Twins, verb: str, active: bool
) -> None:
    for store in (twins.cli_store, twins.web.store):
        store.accounts.set_active(ORG, not active)
    twins.cli.ok("user", verb, ORG, "--by", NATIONAL)
    assert _post(twins, f"/users/{ORG}/active", {"active": str(active).lower()}) == 303
    cli_user, web_user = twins.cli_store.accounts.user(ORG), twins.web.store.accounts.user(ORG)
    assert cli_user is not None
    assert web_user is not None
    assert cli_user.active is web_user.active is active
    entry = last_entry(twins.cli_store, "user_change")
    assert entry == last_entry(twins.web.store, "user_change")
    assert entry == (NATIONAL, "user_change", ORG, {"active": active})


def test_nobody_disables_their_own_account_through_either_door(twins: Twins) -> None:
    r = twins.cli("user", "disable", NATIONAL, "--by", NATIONAL)
    assert r.exit_code == 1
    assert r.stderr == "Error: you cannot disable your own account.\n"
    assert _post(twins, f"/users/{NATIONAL}/active", {"active": "false"}) == 400
    for store in (twins.cli_store, twins.web.store):
        user = store.accounts.user(NATIONAL)
        assert user is not None
        assert user.active
        assert store.audit.count("user_change") == 0


def test_changing_a_users_role_stores_the_same_scope_and_audit_entry(twins: Twins) -> None:
    twins.cli.ok("user", "set-role", ORG, "--role", "footprint", "--footprint", "NCL",
                 "--by", NATIONAL)  # fmt: skip
    data = {"email": ORG, "role": "footprint", "org_code": "", "footprint": "NCL"}
    assert _post(twins, "/users/role", data) == 303

    def scope(store: Store) -> tuple[str, str | None, str | None]:
        u = store.accounts.user(ORG)
        assert u is not None
        return u.role, u.org_code, u.footprint

    assert scope(twins.cli_store) == scope(twins.web.store) == ("footprint", None, "NCL")
    entry = last_entry(twins.cli_store, "user_change")
    assert entry == last_entry(twins.web.store, "user_change")
    assert entry == (
        NATIONAL,
        "user_change",
        ORG,
        {"role": "footprint", "org_code": None, "footprint": "NCL"},
    )


def test_a_password_reset_works_the_same_and_is_audited_without_the_password(
    twins: Twins,
) -> None:
    new = "a brand new long password"
    r = twins.cli.runner.invoke(
        app,
        ["user", "password", ORG, "--password-stdin", "--by", NATIONAL],
        input=new + "\n",
        env={"CORPBENCH_DB": twins.cli.db_url},
    )
    assert r.exit_code == 0, r.stderr
    assert _post(twins, "/users/password", {"email": ORG, "password": new}) == 303
    for store in (twins.cli_store, twins.web.store):
        assert store.accounts.authenticate(ORG, new, client="t") is not None
        assert store.accounts.authenticate(ORG, PASSWORD, client="t") is None
    entry = last_entry(twins.cli_store, "user_change")
    assert entry == last_entry(twins.web.store, "user_change")
    assert entry == (NATIONAL, "user_change", ORG, {"password": "reset"})


def test_a_refused_role_change_says_why_through_both_doors_and_changes_nothing(
    twins: Twins,
) -> None:
    r = twins.cli("user", "set-role", ORG, "--role", "organisation", "--org", "ZZ999",
                  "--by", NATIONAL)  # fmt: skip
    assert r.exit_code == 1
    assert "organisation ZZ999 is not in the register" in r.stderr
    client = twins.web.signed_in(NATIONAL)
    page = client.post(
        "/users/role",
        data={"csrf_token": page_csrf(client), "email": ORG, "role": "organisation",
              "org_code": "ZZ999", "footprint": ""},
    )  # fmt: skip
    assert page.status_code == 400
    assert "organisation ZZ999 is not in the register" in page.text
    for store in (twins.cli_store, twins.web.store):
        assert store.audit.count("user_change") == 0


def _warning_value(twins: Twins, match: str) -> str:
    import html
    import re

    page = twins.web.signed_in(NATIONAL).get("/returns/AC005").text
    select = page.split(f'id="warning-{Y1.replace("/", "-")}"')[1].split("</select>")[0]
    values = [
        html.unescape(v)
        for v, text in re.findall(r'<option value="([^"]*)">([^<]*)</option>', select)
        if match in html.unescape(text)
    ]
    assert len(values) == 1
    return values[0]


def test_a_query_asked_answered_and_closed_is_stored_and_audited_the_same(twins: Twins) -> None:
    match = "finance: finance cost_per_fte"
    twins.cli.ok(
        "query", "open", "AC005", "--year", Y1, "--text", " Is the FTE right? ",
        "--warning", "peer_outlier", "--match", match, "--by", NATIONAL,
    )  # fmt: skip
    data = {"year": Y1, "text": " Is the FTE right? ", "warning": _warning_value(twins, match)}
    assert _post(twins, "/returns/AC005/queries", data) == 303
    twins.cli.ok("query", "reply", "1", "--text", "Any news?", "--by", NATIONAL)
    assert _post(twins, "/queries/1/reply", {"text": "Any news?"}) == 303
    twins.cli.ok("query", "close", "1", "--outcome", "trusted", "--accept", "--by", NATIONAL)
    assert _post(twins, "/queries/1/close", {"outcome": "trusted", "accept": "yes"}) == 303

    def stored(store: Store) -> tuple[object, ...]:
        q = store.conversation.query(1)
        assert q is not None
        messages = [(m.kind, m.text, m.outcome, m.by, m.role) for m in q.messages]
        status = store.reviews.statuses(Y1, "AC005")[0]
        return q.version, q.warning_code, q.warning_text, messages, status.status

    assert stored(twins.cli_store) == stored(twins.web.store)
    version, code, text, messages, status = stored(twins.cli_store)
    assert (version, code, status) == (1, "peer_outlier", "accepted")
    assert text is not None
    assert text.startswith(f"AC005 {Y1} finance: finance cost_per_fte is 100000.0")
    assert messages == [
        ("question", "Is the FTE right?", "", NATIONAL, "national"),
        ("reply", "Any news?", "", NATIONAL, "national"),
        ("close", "", "trusted", NATIONAL, "national"),
    ]
    for action in ("query_open", "query_reply", "query_close", "review"):
        assert last_entry(twins.cli_store, action) == last_entry(twins.web.store, action), action
    assert last_entry(twins.cli_store, "query_open")[3] == {
        "org_code": "AC005",
        "year": Y1,
        "version": 1,
        "warning_code": "peer_outlier",
        "text": "Is the FTE right?",
    }


def test_a_note_added_changed_and_withdrawn_is_stored_and_audited_the_same(twins: Twins) -> None:
    twins.cli.ok("note", "add", "AC001", "--year", Y1, "--text", "Commissioning excluded",
                 "--by", NATIONAL)  # fmt: skip
    assert (
        _post(twins, "/returns/AC001/notes", {"year": Y1, "text": "Commissioning excluded"}) == 303
    )
    twins.cli.ok("note", "change", "AC001", "--year", Y1, "--number", "1", "--text", "Now £2m",
                 "--by", NATIONAL)  # fmt: skip
    data = {"year": Y1, "number": "1", "text": "Now £2m", "withdraw": "no"}
    assert _post(twins, "/returns/AC001/notes/revise", data) == 303
    cli_history = twins.cli_store.conversation.note_history("AC001", Y1, 1)
    web_history = twins.web.store.conversation.note_history("AC001", Y1, 1)
    assert (
        [(n.version, n.text, n.by) for n in cli_history]
        == [(n.version, n.text, n.by) for n in web_history]
        == [(1, "Commissioning excluded", NATIONAL), (2, "Now £2m", NATIONAL)]
    )
    assert last_entry(twins.cli_store, "return_note") == last_entry(twins.web.store, "return_note")
    twins.cli.ok("note", "withdraw", "AC001", "--year", Y1, "--number", "1", "--by", NATIONAL)
    data = {"year": Y1, "number": "1", "withdraw": "yes"}
    assert _post(twins, "/returns/AC001/notes/revise", data) == 303
    assert last_entry(twins.cli_store, "return_note") == last_entry(twins.web.store, "return_note")
    assert last_entry(twins.cli_store, "return_note") == (
        NATIONAL,
        "return_note",
        f"AC001 {Y1} note 1",
        {"version": 3, "withdrawn": True, "text": "Now £2m"},
    )
    assert twins.cli_store.conversation.notes("AC001") == []


def test_a_case_saved_and_retired_is_stored_and_audited_the_same(
    twins: Twins, tmp_path: Path
) -> None:
    # version 1 made in each store the same way, then a second version through each door
    for store in (twins.web.store, twins.cli_store):
        actions.save_case(store, Actor.command_line(NATIONAL), None, text=SMALL, name="Small")
    edited = SMALL.replace("horizon = 3", "horizon = 4")
    case = tmp_path / "small.toml"
    case.write_text(edited, encoding="utf-8")
    twins.cli.ok("plan", "save", case, "--id", "1", "--name", "Four", "--by", NATIONAL)
    assert _post(twins, "/plans/1/edit", {"text": edited, "name": "Four"}) == 303

    def versions(store: Store) -> list[tuple[int, str, str, bool, str]]:
        return [(v.version, v.name, v.text, v.retired, v.saved_by) for v in store.plans.versions(1)]

    assert versions(twins.cli_store) == versions(twins.web.store)
    assert versions(twins.web.store)[-1] == (2, "Four", edited, False, NATIONAL)
    assert last_entry(twins.cli_store, "plan_save") == last_entry(twins.web.store, "plan_save")
    twins.cli.ok("plan", "retire", "1", "--by", NATIONAL)
    assert _post(twins, "/plans/1/retire", {}) == 303
    assert versions(twins.cli_store) == versions(twins.web.store)
    entry = last_entry(twins.web.store, "plan_retire")
    assert entry == last_entry(twins.cli_store, "plan_retire")
    assert entry[:3] == (NATIONAL, "plan_retire", "case 1")
