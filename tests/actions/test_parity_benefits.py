"""Benefits through both doors: adding a line and uploading values by the command line
(``--by NAME``) and by the web app (signed in as NAME) store the same line, values and audit
entries; a refused upload stores nothing through either."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.conftest import Twins, last_entry
from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from corpbench.store import Store
from web.conftest import NATIONAL, page_csrf

CSV = b"line,month,actual,planned\n1,2017-04,99000,98000\n1,2017-05,97000,\n"


def _stored(store: Store) -> tuple[object, ...]:
    (line,) = store.benefits.lines(1)
    values = [
        (v.month, v.kind, v.version, v.value, v.source, v.saved_by)
        for v in store.benefits.value_versions(line.line_id)
    ]
    return (line.number, line.version, line.function, line.baseline, line.saved_by, values)


def test_a_line_and_an_upload_store_the_same_through_both_doors(
    twins: Twins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for store in (twins.web.store, twins.cli_store):
        actions.new_programme(store, Actor.command_line("t"), name="P", footprint="NCL", year=Y1)
    upload = tmp_path / "actuals.csv"
    upload.write_bytes(CSV)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"line,month,actual\n1,2017-4,1\n")
    monkeypatch.chdir(tmp_path)
    twins.cli.ok(
        "benefits", "add", "--programme", "1", "Finance cost", "--function", "finance",
        "--owner", "FD", "--baseline", "100000", "--target", "90000",
        "--improvement", "decrease", "--by", NATIONAL,
    )  # fmt: skip
    assert (
        twins.cli("benefits", "upload", "--programme", "1", "bad.csv", "--by", NATIONAL).exit_code
        == 1
    )
    twins.cli.ok("benefits", "upload", "--programme", "1", "actuals.csv", "--by", NATIONAL)
    client = twins.web.signed_in(NATIONAL)
    csrf = page_csrf(client)
    line = {
        "csrf_token": csrf, "function": "finance", "description": "Finance cost", "owner": "FD",
        "cashable": "yes", "baseline": "100000", "target": "90000", "improvement": "decrease",
    }  # fmt: skip
    assert client.post("/programmes/1/benefits/lines", data=line).status_code == 303
    for name, data, status in (("bad.csv", bad.read_bytes(), 400), ("actuals.csv", CSV, 303)):
        r = client.post(
            "/programmes/1/benefits/upload",
            data={"csrf_token": csrf},
            files={"file": (name, data, "text/csv")},
        )
        assert r.status_code == status
    stored = _stored(twins.web.store)
    assert stored == _stored(twins.cli_store)
    assert stored[5] == [
        ("2017-04", "actual", 1, 99000.0, "actuals.csv", NATIONAL),
        ("2017-04", "planned", 1, 98000.0, "actuals.csv", NATIONAL),
        ("2017-05", "actual", 1, 97000.0, "actuals.csv", NATIONAL),
    ]
    for action in ("benefit_save", "benefit_upload"):
        assert last_entry(twins.cli_store, action) == last_entry(twins.web.store, action)
    assert len(twins.web.store.audit.entries(action="benefit_upload", limit=10)) == 1
