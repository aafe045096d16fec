"""Hostile requests refused quickly and in bounded memory: bodies counted as they arrive and
stopped at the route's limit, forged and cookieless forms refused before their body is read,
page numbers out of range, sessions ended for good when a user is disabled, sign-in throttling
that no one can turn against another user, sizes said in MiB, footprint names with "/".

Streaming bodies are fed to the app through ASGI directly (the test client reads a body whole
before the app sees it), chunk by chunk from a bounded generator, counting what was taken."""

from __future__ import annotations

import asyncio
import contextlib
import io
import select
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cli.bundles import round_tables
from corpbench.loading import load_path
from corpbench.store.accounts import THROTTLE_CLIENT_FAILURES, THROTTLE_FAILURES
from corpbench.web import create_app
from corpbench.web.security import FORM_LIMIT_BYTES, MULTIPART_ALLOWANCE, mebibytes
from ingest.bundles import write_folder
from web.conftest import FOOTPRINT, NATIONAL, ORG, PASSWORD, Web, csrf_of, page_csrf, signin

MiB = 1024 * 1024
BOUNDARY = "hostileboundary"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    taken: int  # body bytes the app took from the stream


def asgi_post(
    app: FastAPI,
    path: str,
    *,
    cookies: dict[str, str],
    chunks: int,
    chunk_size: int = MiB,
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> Answer:
    """POST a multipart body of ``chunks`` chunks (made one at a time as the app asks) to the
    app, chunked unless ``content_length`` is given; what the app answered and took."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    raw_headers = [
        (b"host", b"testserver"),
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()),
    ]
    if content_length is None:
        raw_headers.append((b"transfer-encoding", b"chunked"))
    else:
        raw_headers.append((b"content-length", str(content_length).encode()))
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent = 0
    taken = 0
    answer: dict[str, object] = {"body": b""}
    filler = b"a,b,c\n" * (chunk_size // 6)

    async def receive() -> dict[str, object]:
        nonlocal sent, taken
        if sent >= chunks:
            await asyncio.sleep(3600)  # the client is gone quiet; never reached when refused
        sent += 1
        body = head + filler if sent == 1 else filler
        taken += len(body)
        return {"type": "http.request", "body": body, "more_body": sent < chunks}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {
                k.decode(): v.decode()
                for k, v in message["headers"]  # type: ignore[attr-defined]
            }
        elif message["type"] == "http.response.body":
            answer["body"] = answer["body"] + message.get("body", b"")  # type: ignore[operator]

    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=60))
    return Answer(
        int(answer["status"]),  # type: ignore[call-overload]
        answer["headers"],  # type: ignore[arg-type]
        answer["body"],  # type: ignore[arg-type]
        taken,
    )


def _session_cookies(client: TestClient) -> dict[str, str]:
    return {k: v for k, v in client.cookies.items()}


# -- bodies capped as they arrive ---------------------------------------------------------


def test_a_2_gib_chunked_sign_in_body_stops_at_the_form_limit(web: Web) -> None:
    client = web.client()
    client.get("/signin")  # the pre-session cookie, so that the CSRF check needs the body
    started = time.monotonic()
    answer = asgi_post(
        client.app,  # type: ignore[arg-type]
        "/signin",
        cookies=_session_cookies(client),
        chunks=2048,
        chunk_size=MiB,
    )
    assert answer.status == 413
    assert b"64 KiB" in answer.body
    assert answer.taken <= MiB + 1024  # the first chunk, never the 2 GiB
    assert time.monotonic() - started < 5


def test_a_declared_over_limit_length_is_refused_before_any_body_is_read(web: Web) -> None:
    client = web.client()
    client.get("/signin")
    answer = asgi_post(
        client.app,  # type: ignore[arg-type]
        "/signin",
        cookies=_session_cookies(client),
        chunks=2048,
        content_length=2048 * MiB,
    )
    assert answer.status == 413
    assert answer.taken == 0


def test_a_signed_in_60_mib_chunked_upload_stops_at_the_upload_limit(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    limit = web.settings.max_upload_bytes + MULTIPART_ALLOWANCE
    answer = asgi_post(
        client.app,  # type: ignore[arg-type]
        "/submit",
        cookies=_session_cookies(client),
        chunks=60,
    )
    assert answer.status == 413
    assert f"limit of {mebibytes(web.settings.max_upload_bytes)}".encode() in answer.body
    assert limit < answer.taken <= limit + MiB + 1024  # one chunk past the limit, no more
    assert answer.headers["x-frame-options"] == "DENY"  # the refusal is a page of the app
    assert web.store.audit.count("upload") == 0


def test_a_small_form_is_not_affected_by_the_cap(web: Web) -> None:
    client = web.client()
    page = client.get("/signin")
    r = client.post(
        "/signin",
        data={"csrf_token": csrf_of(page.text), "email": ORG, "password": PASSWORD},
    )
    assert r.status_code == 303
    assert FORM_LIMIT_BYTES >= 16 * 1024


def test_an_uploaded_zip_bomb_is_refused_quickly_and_nothing_is_stored(web: Web) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("finance.csv", "w") as f:
        block = b"AC001,2009/10,1,2,3,4\n" * 50_000
        for _ in range(64 * MiB // len(block)):
            f.write(block)
    assert len(bomb.getvalue()) < web.settings.max_upload_bytes
    client = web.signed_in(NATIONAL)
    loads = len(web.store.loads())
    started = time.monotonic()
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client, "/submit")},
        files={"files": ("bomb.zip", bomb.getvalue(), "application/zip")},
    )
    assert r.status_code == 422
    assert time.monotonic() - started < 5
    assert len(web.store.loads()) == loads
    assert web.store.audit.count("upload_rejected") == 1


# -- forms refused before their body ------------------------------------------------------


def test_an_upload_without_a_session_is_redirected_before_its_body_is_read(web: Web) -> None:
    answer = asgi_post(create_app(web.settings, store=web.store), "/submit", cookies={}, chunks=60)
    assert answer.status == 303
    assert answer.headers["location"].startswith("/signin")
    assert answer.taken == 0


def test_a_sign_in_without_its_pre_session_cookie_is_refused_before_its_body(web: Web) -> None:
    answer = asgi_post(create_app(web.settings, store=web.store), "/signin", cookies={}, chunks=60)
    assert answer.status == 400
    assert b"security token" in answer.body
    assert answer.taken == 0


def test_a_cross_site_upload_is_refused_before_its_body_is_read(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    answer = asgi_post(
        client.app,  # type: ignore[arg-type]
        "/submit",
        cookies=_session_cookies(client),
        chunks=60,
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert answer.status == 403
    assert answer.taken == 0


def test_a_wrong_csrf_header_is_refused_before_the_body_is_read(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    answer = asgi_post(
        client.app,  # type: ignore[arg-type]
        "/submit",
        cookies=_session_cookies(client),
        chunks=60,
        headers={"X-CSRF-Token": "x" * 43},
    )
    assert answer.status == 400
    assert answer.taken == 0


# -- a real server: the connection is answered, not drained -------------------------------


@pytest.fixture
def server(web: Web) -> Iterator[int]:
    """The app served by uvicorn on a free loopback port (stopped after the test)."""
    config = uvicorn.Config(
        create_app(web.settings, store=web.store), host="127.0.0.1", port=0, log_level="error"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_uvicorn_answers_a_2_gib_chunked_sign_in_after_the_form_limit(server: int) -> None:
    """Send chunks of one form field until the server answers; it answers 413 long before
    2 GiB have gone."""
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
        first = b""
        while b"</html>" not in first:
            part = sock.recv(65536)
            assert part, "the server closed the connection"
            first += part
        cookie = first.split(b"corpbench_csrf=", 1)[1].split(b";", 1)[0].decode()
    started = time.monotonic()
    sent = 0
    chunk = b"a" * MiB
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(
            (
                "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Cookie: corpbench_csrf={cookie}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )
        # a well-formed start, so that what refuses the body is its size and not its form
        # (uvicorn may hand the body on in small pieces: the form parser would see garbage first)
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="email"\r\n\r\n'.encode()
        sock.sendall(f"{len(head):x}\r\n".encode() + head + b"\r\n")
        reply = b""
        while sent < 2048 * MiB and not reply:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                reply = sock.recv(65536)
                break
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break  # the server stopped reading: its answer is waiting
            sent += len(chunk)
            assert time.monotonic() - started < 20, f"no answer after {sent} bytes"
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n\r\n" not in reply and (part := sock.recv(65536)):
                reply += part
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert sent < 64 * MiB


# -- page numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["9223372036854775807", "0", "-1", "1000001"])
def test_an_out_of_range_api_page_is_a_422_in_the_envelope(web: Web, page: str) -> None:
    client = web.client()
    auth = {"Authorization": f"Bearer {web.token(NATIONAL)}"}
    for path in ("/api/v1/audit", "/api/v1/organisations"):
        r = client.get(f"{path}?page={page}", headers=auth)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"]["code"] == "invalid_request"
        assert "page" in r.json()["error"]["message"]
    # the connection's next request is answered as usual
    assert client.get("/api/v1/audit?page=1", headers=auth).status_code == 200


def test_an_out_of_range_audit_page_is_a_422_page(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    r = client.get("/audit?page=9223372036854775807")
    assert r.status_code == 422
    assert "text/html" in r.headers["content-type"]
    assert "page" in r.text
    assert client.get("/audit?page=1000000").status_code == 200  # far past the end: empty


# -- sessions end for good ----------------------------------------------------------------


def test_a_disabled_user_stays_signed_out_when_enabled_again(web: Web) -> None:
    client = web.signed_in(ORG)
    token = web.token(ORG)
    web.store.accounts.set_active(ORG, False)
    web.store.accounts.set_active(ORG, True)
    assert client.get("/organisations/AC001").status_code == 303
    r = web.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert all(t.revoked_at is not None for t in web.store.accounts.tokens(ORG))
    signin(web.client(), ORG)  # the user signs in anew


def test_disabling_through_the_web_ends_the_sessions_for_good(web: Web) -> None:
    victim = web.signed_in(ORG)
    admin = web.signed_in(NATIONAL)
    for active in ("false", "true"):
        r = admin.post(
            f"/users/{ORG}/active",
            data={"csrf_token": page_csrf(admin, "/users"), "active": active},
        )
        assert r.status_code == 303
    assert victim.get("/organisations/AC001").status_code == 303


def test_a_new_password_ends_the_users_sessions(web: Web) -> None:
    client = web.signed_in(ORG)
    web.store.accounts.set_password(ORG, "another long password")
    assert client.get("/organisations/AC001").status_code == 303
    signin(web.client(), ORG, "another long password")


# -- throttling ---------------------------------------------------------------------------


def _fail(web: Web, email: str, client_host: str) -> int:
    client = TestClient(
        create_app(web.settings, store=web.store),
        follow_redirects=False,
        client=(client_host, 50000),
    )
    page = client.get("/signin")
    r = client.post(
        "/signin",
        data={"csrf_token": csrf_of(page.text), "email": email, "password": "wrong password!"},
    )
    return r.status_code


def test_no_one_can_lock_the_national_user_out_from_elsewhere(web: Web) -> None:
    for _ in range(THROTTLE_FAILURES + 2):
        _fail(web, NATIONAL, "127.0.0.66")
    assert _fail(web, NATIONAL, "127.0.0.66") == 429  # the guesser is stopped
    owner = TestClient(
        create_app(web.settings, store=web.store),
        follow_redirects=False,
        client=("127.0.0.10", 50000),
    )
    signin(owner, NATIONAL)  # the owner, from their own address, is not


def test_one_address_guessing_across_accounts_is_stopped(web: Web) -> None:
    emails = [f"guess{i}@nhs.test" for i in range(THROTTLE_CLIENT_FAILURES)]
    with web.store.engine.begin() as conn:
        from datetime import UTC, datetime

        from sqlalchemy import insert

        from corpbench.store.models import SIGNIN_FAILURES

        conn.execute(
            insert(SIGNIN_FAILURES),
            [{"email": e, "at": datetime.now(UTC), "client": "127.0.0.77"} for e in emails],
        )
    assert _fail(web, FOOTPRINT, "127.0.0.77") == 429
    assert _fail(web, FOOTPRINT, "127.0.0.78") == 401


# -- sizes in MiB, footprints named with "/" ----------------------------------------------


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (50 * MiB, "50 MiB"),
        (50 * MiB + 1, "50.1 MiB"),
        (int(50.5 * MiB), "50.5 MiB"),
        (51 * MiB, "51 MiB"),
        (2 * MiB, "2 MiB"),
    ],
)
def test_sizes_are_said_in_mib_never_rounded_down_to_the_limit(size: int, said: str) -> None:
    assert mebibytes(size) == said


def test_the_upload_form_says_its_limit_in_mib(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    assert "Up to 2 MiB in all" in client.get("/submit").text


def test_an_upload_just_over_the_limit_says_the_limit_in_mib(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    body = b"a" * (web.settings.max_upload_bytes + 1)
    r = client.post(
        "/submit",
        data={"csrf_token": page_csrf(client, "/submit")},
        files={"files": ("finance.csv", body, "text/csv")},
    )
    assert r.status_code == 413
    assert "limit of 2 MiB" in r.text
    assert " MB" not in r.text


def test_a_footprint_named_with_a_slash_opens(web: Web) -> None:
    name = "North / Central"
    tables = round_tables()
    tables["organisations"] = [
        [name if cell == "NCL" else cell for cell in row] for row in tables["organisations"]
    ]
    outcome = load_path(
        web.store, write_folder(web.tmp / "slash", tables), by="t", settings=web.settings
    )
    assert outcome.stored
    web.store.accounts.add_user(
        "slash@nhs.test", "footprint", password=PASSWORD, footprint=name, by="t"
    )
    client = web.signed_in("slash@nhs.test")
    start = client.get("/")
    assert start.headers["location"] == "/footprints/North%20%2F%20Central"
    r = web.signed_in(NATIONAL).get(start.headers["location"] + "?view=live")
    assert r.status_code == 200, r.text
    assert "North / Central" in r.text
    assert "Ash Hospital" in r.text  # one of its organisations
    spelled_out = web.signed_in(NATIONAL).get("/footprints/North / Central?view=live")
    assert spelled_out.status_code == 200
