"""Sign-in, sessions, CSRF, throttling, tokens and the security headers."""

from __future__ import annotations

from corpbench.store.accounts import THROTTLE_FAILURES
from web.conftest import NATIONAL, ORG, PASSWORD, Web, csrf_of, page_csrf, signin


def test_healthz_answers_without_sign_in(web: Web) -> None:
    r = web.client().get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "store": "ok"}


def test_pages_redirect_to_sign_in_and_back(web: Web) -> None:
    client = web.client()
    r = client.get("/national?year=2009/10")
    assert r.status_code == 303
    assert r.headers["location"] == "/signin?next=%2Fnational%3Fyear%3D2009%2F10"
    page = client.get("/signin?next=/national")
    r = client.post(
        "/signin",
        data={
            "csrf_token": csrf_of(page.text),
            "email": NATIONAL.upper(),
            "password": PASSWORD,
            "next": "/national",
        },
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/national"
    cookie = r.headers["set-cookie"]
    assert "corpbench_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert client.get("/national").status_code == 200


def test_sign_in_never_redirects_off_site(web: Web) -> None:
    client = web.client()
    page = client.get("/signin")
    r = client.post(
        "/signin",
        data={
            "csrf_token": csrf_of(page.text),
            "email": ORG,
            "password": PASSWORD,
            "next": "//evil.example/x",
        },
    )
    assert r.headers["location"] == "/organisations/AC001"


def test_wrong_password_is_refused_and_audited(web: Web) -> None:
    client = web.client()
    page = client.get("/signin")
    r = client.post(
        "/signin",
        data={"csrf_token": csrf_of(page.text), "email": ORG, "password": "wrong password!"},
    )
    assert r.status_code == 401
    assert "not right" in r.text
    assert "corpbench_session" not in r.headers.get("set-cookie", "")
    assert web.store.audit.count("signin_failed") == 1


def test_sign_in_without_csrf_token_is_refused(web: Web) -> None:
    client = web.client()
    client.get("/signin")
    r = client.post("/signin", data={"email": ORG, "password": PASSWORD})
    assert r.status_code == 400
    assert "security token" in r.text
    # a token that is not the cookie's
    r = client.post("/signin", data={"email": ORG, "password": PASSWORD, "csrf_token": "x" * 43})
    assert r.status_code == 400


def test_repeated_failures_throttle_even_the_right_password(web: Web) -> None:
    client = web.client()
    for _ in range(THROTTLE_FAILURES):
        page = client.get("/signin")
        r = client.post(
            "/signin",
            data={"csrf_token": csrf_of(page.text), "email": ORG, "password": "nope nope nope"},
        )
        assert r.status_code == 401
    page = client.get("/signin")
    r = client.post(
        "/signin", data={"csrf_token": csrf_of(page.text), "email": ORG, "password": PASSWORD}
    )
    assert r.status_code == 429
    # another address is not affected
    signin(web.client(), NATIONAL)


def test_signed_in_forms_need_the_session_token(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.post("/national/publish", data={"note": "x"})
    assert r.status_code == 400
    pre_session = csrf_of(web.client().get("/signin").text)
    r = client.post("/national/publish", data={"note": "x", "csrf_token": pre_session})
    assert r.status_code == 400
    assert len(web.store.publications.all()) == 1
    r = client.post("/national/publish", data={"note": "x", "csrf_token": page_csrf(client)})
    assert r.status_code == 303
    assert len(web.store.publications.all()) == 2


def test_sign_out_ends_the_session(web: Web) -> None:
    client = web.signed_in(ORG)
    cookie = client.cookies.get("corpbench_session")
    assert client.get("/organisations/AC001").status_code == 200
    r = client.post("/signout", data={"csrf_token": page_csrf(client)})
    assert r.status_code == 303
    # the old cookie no longer works even if replayed
    replay = web.client()
    replay.cookies.set("corpbench_session", cookie or "")
    assert replay.get("/organisations/AC001").status_code == 303


def test_disabled_user_loses_session_and_tokens(web: Web) -> None:
    client = web.signed_in(ORG)
    token = web.token(ORG)
    api = web.client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    web.store.accounts.set_active(ORG, False)
    assert client.get("/organisations/AC001").status_code == 303
    r = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_signed_in"


def test_bearer_tokens_work_until_revoked(web: Web) -> None:
    token = web.token(ORG)
    client = web.client()
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.json() == {
        "email": ORG,
        "role": "organisation",
        "org_code": "AC001",
        "footprint": None,
    }
    web.store.accounts.revoke_token(token)
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401


def test_tokens_are_stored_only_as_hashes(web: Web) -> None:
    token = web.token(ORG)
    with web.store.engine.connect() as conn:
        stored = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM api_tokens")]
        users = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM users")]
    assert all(token not in str(row) for row in stored)
    assert all(PASSWORD not in str(row) for row in users)
    assert all("$argon2id$" in str(row) for row in users)


def test_every_response_has_a_strict_content_security_policy(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    for path in ("/signin", "/national", "/healthz", "/api/v1/me", "/nowhere"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "script-src 'self' 'nonce-" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_elsewhere(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    for path in ("/signin", "/national", "/organisations/AC001", "/submit", "/api/v1/docs"):
        html = client.get(path).text
        assert "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html.replace("https://www.w3.org", "")


def test_the_inline_script_carries_the_nonce_of_its_response(web: Web) -> None:
    r = web.client().get("/signin")
    nonce = r.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in r.text
