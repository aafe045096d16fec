"""Browser tests: the app served by uvicorn on loopback over an SQLite store holding the demo
round (published, one user per role), driven by Playwright in Debian's chromium
(/usr/bin/chromium; never a downloaded browser).

Screenshots for the user guides are written when ``CORPBENCH_SCREENSHOTS`` names a folder
(``make screenshots`` sets it to docs/images).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    expect,
    sync_playwright,
)

from corpbench import actions
from corpbench.actions import Actor
from corpbench.config import Settings
from corpbench.demo import write_demo
from corpbench.loading import load_path
from corpbench.store import Store
from corpbench.web import create_app

CHROMIUM = os.environ.get("CORPBENCH_CHROMIUM", "/usr/bin/chromium")
#: Flags for a headless chromium on a machine with no network (see the environment notes).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "browser test password"
DEMO_ORG = "ZF00001"
USERS = {
    "national": ("national@nhs.test", None, None),
    "footprint": ("footprint@nhs.test", None, "FOOTPRINT"),
    "organisation": ("org@nhs.test", DEMO_ORG, None),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``CORPBENCH_BROWSER_REPEAT=N`` runs each browser test N times over one server, to show
    that a test passes every time (say with the machine's cores kept busy)."""
    repeat = int(os.environ.get("CORPBENCH_BROWSER_REPEAT", "1"))
    if repeat > 1:
        metafunc.fixturenames.append("repeat_run")
        metafunc.parametrize("repeat_run", range(1, repeat + 1), ids=lambda n: f"run{n}")


@dataclass(frozen=True)
class Server:
    url: str
    store: Store
    settings: Settings
    footprint: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings(db=f"sqlite:///{tmp / 'browser.db'}", max_upload_bytes=5 * 1024 * 1024)
    store = Store.open(settings.db)
    demo = tmp / "demo"
    write_demo(demo)
    assert load_path(store, demo, by="demo", settings=settings).stored
    orgs = store.current().organisations
    footprint = str(orgs.filter(orgs["org_code"] == DEMO_ORG)["footprint"][0])
    for role, (email, org, fp) in USERS.items():
        store.accounts.add_user(
            email,
            role,
            password=PASSWORD,
            org_code=org,
            footprint=footprint if fp else None,
            by="tests",
        )
    store.publications.publish(by="tests", note="browser tests")
    # two business cases of the footprint (its baselines of the two years), so that the
    # workbench's pages have a case to show and two to compare
    for year in ("2010/11", "2009/10"):
        actions.new_case(store, Actor.command_line("tests"), year=year, footprint=footprint)
    with serving(store, settings) as url:
        yield Server(url, store, settings, footprint)


@contextmanager
def serving(store: Store, settings: Settings) -> Iterator[str]:
    """The app over ``store`` served by uvicorn on a free loopback port, in a thread: its URL.
    The store is closed when the server stops."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM}: run `make browser`")
    # assertions wait for their condition; on a machine whose cores are busy that can take
    # longer than Playwright's default of 5 s
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def context(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    # axe is injected as a script, which the app's Content-Security-Policy rightly forbids:
    # this context alone bypasses it
    ctx = browser.new_context(bypass_csp=True)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    p = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # a page answered 4xx on purpose logs "Failed to load resource"; assets are checked below
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            errors.append(f"{response.status} for {response.url}")

    p.on("console", on_console)
    p.on("response", on_response)
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.console_errors = errors  # type: ignore[attr-defined]
    yield p
    assert errors == [], f"the page logged errors: {errors}"


def sign_in(
    page: Page,
    server: Server,
    role: str,
    path: str = "/",
    *,
    email: str | None = None,
    password: str = PASSWORD,
) -> None:
    """Sign in through the form with the keyboard only: the test user of ``role``, or the one
    of ``email`` and ``password``."""
    email = email or USERS[role][0]
    page.goto(server.url + path)
    page.wait_for_url("**/signin**")
    screenshot(page, "signin")
    page.keyboard.press("Tab")  # skip link
    page.focus("#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/signin" not in url)


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("CORPBENCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
