"""Loading a bundle: read and validate it, warn about anomalies, store it — the one procedure
every door (the command line's `load` and the web app's upload) uses.

The anomaly warnings are judged against the store as it will be after the load; they never stop
a load. A rejected bundle stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from corpbench.checks.anomalies import anomaly_issues
from corpbench.config import Settings
from corpbench.ingest import Report, read_and_validate
from corpbench.standard import Vocabulary
from corpbench.store import LoadResult, Store


@dataclass(frozen=True)
class LoadOutcome:
    """The validation report (errors, then anomaly warnings) and, when the bundle was stored,
    what the load added."""

    report: Report
    result: LoadResult | None

    @property
    def stored(self) -> bool:
        return self.result is not None


def _no_step(name: str) -> None:
    """The default ``step`` callback: say nothing."""


def load_path(
    store: Store,
    path: Path,
    *,
    by: str,
    settings: Settings,
    vocab: Vocabulary | None = None,
    step: Callable[[str], None] = _no_step,
    known_org_codes: Collection[str] | None = None,
    allowed_org_codes: Collection[str] | None = None,
    source: str | None = None,
) -> LoadOutcome:
    """Validate the bundle at ``path`` and, when it has no error, store it as new versions
    recorded as loaded by ``by``. A rejected bundle stores nothing. ``step`` is told the name of
    each step as it starts (for progress bars). Raises ``StoreError`` when the store refuses the
    bundle (nothing is stored then either). ``allowed_org_codes`` limits whose rows the bundle
    may hold (an organisation submitting its own return); ``source`` is recorded as the load's
    file name instead of ``path`` (an upload's original name).

    Each row is checked against the round of its year (the store's rounds: a round naming the
    year, else the default round); a ``vocab`` given instead checks every row against it."""
    step("Reading and checking the bundle")
    if known_org_codes is None:
        known_org_codes = store.known_org_codes()
    rounds = store.rounds.by_year() if vocab is None else None
    register = store.register() if rounds is not None and rounds.judges_register else None
    report, bundle, raw = read_and_validate(
        path,
        settings=settings,
        vocab=vocab or Vocabulary(),
        known_org_codes=known_org_codes,
        allowed_org_codes=allowed_org_codes,
        rounds=rounds,
        register=register,
    )
    if not report.ok or bundle is None:
        return LoadOutcome(report, None)
    step("Checking for anomalies")
    report.extend(anomaly_issues(store.current(), bundle))
    step("Storing")
    result = store.load(bundle, by=by, source=source or str(path), sha256=raw.sha256)
    return LoadOutcome(report, result)
