"""The web app's commands: users, API tokens, publishing, and the demo sign-ins."""

from __future__ import annotations

from cli.conftest import Cli, table_rows
from corpbench.cli import app
from corpbench.store import Store


def _store(cli: Cli) -> Store:
    return Store.open(cli.db_url)


def test_user_add_with_password_from_stdin(loaded: Cli) -> None:
    result = loaded.runner.invoke(
        app,
        [
            "user",
            "add",
            "Ann@NHS.test",
            "--role",
            "organisation",
            "--org",
            "AC001",
            "--password-stdin",
        ],
        input="a long enough password\n",
        env={"CORPBENCH_DB": loaded.db_url},
    )
    assert result.exit_code == 0, result.stderr
    assert "Added ann@nhs.test (organisation for AC001)." in result.stdout
    with _store(loaded) as store:
        user = store.accounts.authenticate("ann@nhs.test", "a long enough password", client="t")
        assert user is not None
        assert user.org_code == "AC001"
        assert store.audit.entries(action="user_add")[0].target == "ann@nhs.test"
    rows = table_rows(loaded.ok("user", "list").stdout)
    assert rows == [
        {
            "email": "ann@nhs.test",
            "role": "organisation",
            "scope": "AC001",
            "status": "active",
            "added (UTC)": rows[0]["added (UTC)"],
            "by": rows[0]["by"],
        }
    ]


def test_user_add_refuses_bad_scopes_with_usage_errors(loaded: Cli) -> None:
    r = loaded("user", "add", "a@nhs.test", "--role", "organisation")
    assert r.exit_code == 2
    assert "an organisation user needs --org CODE" in r.stderr
    r = loaded("user", "add", "a@nhs.test", "--role", "boss")
    assert r.exit_code == 2
    assert "role must be one of national, footprint, organisation" in r.stderr
    r = loaded("user", "add", "a@nhs.test", "--role", "national", "--org", "AC001")
    assert r.exit_code == 2
    r = loaded("user", "add", "a@nhs.test", "--role", "organisation", "--org", "ZZ999")
    assert r.exit_code == 1
    assert "ZZ999 is not in the register" in r.stderr
    loaded.ok("user", "add", "a@nhs.test", "--role", "national")
    r = loaded("user", "add", "A@nhs.test", "--role", "national")
    assert r.exit_code == 1
    assert "already exists" in r.stderr


def test_tokens_are_printed_once_listed_without_secret_and_revoked(loaded: Cli) -> None:
    loaded.ok("user", "add", "bot@nhs.test", "--role", "national")
    token = loaded.ok("token", "create", "bot@nhs.test", "--name", "nightly").stdout.strip()
    assert token.startswith("cbt_")
    assert len(token) > 40
    with _store(loaded) as store:
        assert store.accounts.token_user(token) is not None
    listing = loaded.ok("token", "list").stdout
    assert token not in listing
    assert token[:10] in listing
    rows = table_rows(listing)
    assert rows[0]["name"] == "nightly"
    assert rows[0]["revoked (UTC)"] == ""
    loaded.ok("token", "revoke", rows[0]["id"])
    with _store(loaded) as store:
        assert store.accounts.token_user(token) is None
    r = loaded("token", "revoke", rows[0]["id"])
    assert r.exit_code == 1
    assert "no such live API token" in r.stderr
    r = loaded("token", "create", "ghost@nhs.test")
    assert r.exit_code == 1


def test_publish_freezes_the_loads_so_far(loaded: Cli) -> None:
    out = loaded.ok("publish", "--note", "round one").stdout
    assert "Published the figures up to load 1 (publication 1)." in out
    assert "It covers 9 returns of 7 organisations (all stored returns)." in out
    out = loaded.ok("publish", "--if-none").stdout
    assert "Already published (publication 1)" in out
    with _store(loaded) as store:
        pubs = store.publications.all()
    assert [(p.id, p.load_id, p.note) for p in pubs] == [(1, 1, "round one")]


def test_demo_sign_ins_are_created_once_and_printed(loaded: Cli) -> None:
    first = table_rows(loaded.ok("user", "demo", "--org", "AC001").stdout)
    assert [(r["role"], r["scope"]) for r in first] == [
        ("national", "all"),
        ("footprint", "NCL"),
        ("organisation", "AC001"),
    ]
    again = table_rows(loaded.ok("user", "demo", "--org", "AC001").stdout)
    assert again == first
    with _store(loaded) as store:
        assert len(store.accounts.users()) == 3
        for row in first:
            assert store.accounts.authenticate(row["email"], row["password"], client="t")


def test_publish_accepted_only_covers_the_accepted_returns(loaded: Cli) -> None:
    loaded.ok("review", "AC003", "--year", "2009/10", "--version", "1", "--status", "accepted")
    out = loaded.ok("publish", "--accepted-only").stdout
    assert "Published the figures up to load 1 (publication 1)." in out
    assert "It covers 1 return of 1 organisation (accepted returns only)." in out
    with _store(loaded) as store:
        (pub,) = store.publications.all()
        assert (pub.scope, pub.returns) == ("accepted", 1)
        assert [(c.org_code, c.year, c.version) for c in store.publications.covered(1)] == [
            ("AC003", "2009/10", 1)
        ]
