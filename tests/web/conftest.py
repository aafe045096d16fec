"""The web app over a store holding the tiny round of ``tests/cli/bundles.py``, with one user
per role (and an organisation and a footprint outside their scope to try)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli.bundles import round_tables
from corpbench.config import Settings
from corpbench.loading import load_path
from corpbench.store import Store, accounts
from corpbench.web import create_app
from ingest.bundles import write_folder

PASSWORD = "correct horse battery"
NATIONAL = "nat@nhs.test"
ORG = "ash@nhs.test"  # organisation AC001 (London, footprint NCL)
OTHER_ORG = "elm@nhs.test"  # organisation AC005 (North, no footprint)
FOOTPRINT = "ncl@nhs.test"  # footprint NCL: AC001, AC002, MH001
USERS = {
    NATIONAL: ("national", None, None),
    ORG: ("organisation", "AC001", None),
    OTHER_ORG: ("organisation", "AC005", None),
    FOOTPRINT: ("footprint", None, "NCL"),
}
ROLE_USERS = {"national": NATIONAL, "organisation": ORG, "footprint": FOOTPRINT}

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@dataclass
class Web:
    """A store with the round and users, and the app over it."""

    store: Store
    settings: Settings
    tmp: Path

    def client(self) -> TestClient:
        return TestClient(create_app(self.settings, store=self.store), follow_redirects=False)

    def signed_in(self, email: str, password: str = PASSWORD) -> TestClient:
        client = self.client()
        signin(client, email, password)
        return client

    def token(self, email: str) -> str:
        return self.store.accounts.create_token(email, "tests")


def signin(client: TestClient, email: str, password: str = PASSWORD) -> None:
    page = client.get("/signin")
    r = client.post(
        "/signin",
        data={"csrf_token": csrf_of(page.text), "email": email, "password": password, "next": ""},
    )
    assert r.status_code == 303, r.text


def page_csrf(client: TestClient, path: str = "/signout") -> str:
    return csrf_of(client.get(path).text)


_real_hash = accounts.hash_password


@cache
def _hash_once(password: str) -> str:
    """A real argon2 hash, computed once per password per test process (each takes ~0.2 s)."""
    return _real_hash(password)


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "hash_password", _hash_once)


@pytest.fixture
def web(db_url: str, tmp_path: Path) -> Iterator[Web]:
    # cache_seconds 0: the tests change the store behind the app's back and look at once
    settings = Settings(db=db_url, max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    store = Store.open(db_url)
    folder = write_folder(tmp_path / "round", round_tables())
    outcome = load_path(store, folder, by="tester", settings=settings)
    assert outcome.stored
    for email, (role, org, fp) in USERS.items():
        store.accounts.add_user(email, role, password=PASSWORD, org_code=org, footprint=fp, by="t")
    store.publications.publish(by="tester", note="first")
    try:
        yield Web(store, settings, tmp_path)
    finally:
        store.close()
