"""User management by the national role in the app: adding users (within the register) and
disabling them, each recorded in the audit log."""

from __future__ import annotations

from web.conftest import NATIONAL, Web, page_csrf


def _add(web: Web, client: object, **fields: str) -> object:
    data = {"csrf_token": page_csrf(client, "/users"), "password": "a long password!", **fields}  # type: ignore[arg-type]
    return client.post("/users", data=data)  # type: ignore[attr-defined]


def test_a_national_user_adds_and_disables_a_user(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = _add(web, client, email="New@NHS.test", role="organisation", org_code="AC003")
    assert r.status_code == 303  # type: ignore[attr-defined]
    user = web.store.accounts.user("new@nhs.test")
    assert user is not None
    assert (user.role, user.org_code, user.created_by) == ("organisation", "AC003", NATIONAL)
    assert (
        web.signed_in("new@nhs.test", "a long password!").get("/organisations/AC003").status_code
        == 200
    )
    r = client.post(
        "/users/new@nhs.test/active",
        data={"csrf_token": page_csrf(client, "/users"), "active": "false"},
    )
    assert r.status_code == 303
    assert web.store.accounts.user("new@nhs.test").active is False  # type: ignore[union-attr]
    actions = [(e.action, e.target) for e in web.store.audit.entries()]
    assert [a for a in actions if a[0].startswith("user_")] == [
        ("user_change", "new@nhs.test"),
        ("user_add", "new@nhs.test"),
    ]
    assert ("signin", "new@nhs.test") in actions


def test_users_must_be_in_the_register_and_have_a_valid_scope(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = _add(web, client, email="x@nhs.test", role="organisation", org_code="ZZ999")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "organisation ZZ999 is not in the register" in r.text  # type: ignore[attr-defined]
    r = _add(web, client, email="x@nhs.test", role="footprint")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "a footprint user needs --footprint NAME" in r.text  # type: ignore[attr-defined]
    assert web.store.accounts.user("x@nhs.test") is None
