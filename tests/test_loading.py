"""The load procedure every door uses: validate, warn, store — or reject and store nothing."""

from __future__ import annotations

from pathlib import Path

from cli.bundles import COST_HEADER, Y1, planted_errors, round_tables
from corpbench.config import Settings
from corpbench.ingest import Severity
from corpbench.loading import load_path
from corpbench.store import Store
from ingest.bundles import write_folder


def test_a_valid_bundle_is_stored_with_its_anomaly_warnings(db_url: str, tmp_path: Path) -> None:
    tables = round_tables()
    # shared cost without a delivery model: a warning, not an error
    costs = tables["function_costs"]
    row = next(r for r in costs[1:] if r[0] == "AC003" and r[3] == "accounts_payable")
    row[COST_HEADER.index("shared_cost")] = "1000"
    folder = write_folder(tmp_path / "round", tables)
    seen: list[str] = []
    with Store.open(db_url) as store:
        outcome = load_path(
            store, folder, by="tester", settings=Settings(db=db_url), step=seen.append
        )
        assert outcome.stored
        assert outcome.result is not None
        assert outcome.result.changed
        assert seen == [
            "Reading and checking the bundle",
            "Checking for anomalies",
            "Storing",
        ]
        shared = [w for w in outcome.report.warnings if w.code == "shared_without_model"]
        assert len(shared) == 1
        assert shared[0].severity is Severity.WARNING
        assert shared[0].message.startswith(f"AC003 {Y1} finance (accounts_payable)")
        assert {v.loaded_by for v in store.history("AC003")} == {"tester"}


def test_a_rejected_bundle_stores_nothing_and_computes_no_warnings(
    db_url: str, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "bad", planted_errors().tables)
    seen: list[str] = []
    with Store.open(db_url) as store:
        outcome = load_path(
            store, folder, by="tester", settings=Settings(db=db_url), step=seen.append
        )
        assert not outcome.stored
        assert not outcome.report.ok
        assert outcome.report.warnings == []
        assert seen == ["Reading and checking the bundle"]
        assert store.loads() == []
        assert store.known_org_codes() == set()
