"""The load action: validate a bundle and store it (or reject it whole), audited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corpbench.access import submission_scope, submits_returns
from corpbench.actions.actor import ActionError, Actor
from corpbench.config import Settings
from corpbench.ingest import Severity
from corpbench.loading import LoadOutcome, load_path
from corpbench.store import Store, StoreError


def _no_step(name: str) -> None:
    """The default ``step`` callback: say nothing."""


def load(
    store: Store,
    actor: Actor,
    path: Path,
    *,
    settings: Settings,
    source: str | None = None,
    step: Callable[[str], None] = _no_step,
) -> LoadOutcome:
    """Validate the bundle at ``path`` and store it as loaded by ``actor`` (see
    :func:`corpbench.loading.load_path`); ``source`` is the name the load records (default:
    ``path`` as given). An organisation user's bundle may hold only its own rows.

    The audit log gets ``upload`` (target the source; the load id, the new return versions and
    the number of warnings) or ``upload_rejected`` (the number of errors). A rejected bundle
    is an outcome, not an error; :class:`ActionError` when the actor may not submit or the store
    refuses the bundle (nothing is stored either way)."""
    if not submits_returns(actor.principal):
        raise ActionError("only organisation and national users submit returns", "forbidden")
    name = source or str(path)
    try:
        outcome = load_path(
            store,
            path,
            by=actor.name,
            settings=settings,
            step=step,
            allowed_org_codes=submission_scope(actor.principal),
            source=name,
        )
    except StoreError as exc:
        store.audit.record(actor.name, "upload_rejected", name, {"errors": 1}, client=actor.client)
        raise ActionError(f"the store refused the bundle, nothing was stored: {exc}") from exc
    result = outcome.result
    if result is None:
        store.audit.record(
            actor.name,
            "upload_rejected",
            name,
            {"errors": outcome.report.count(Severity.ERROR)},
            client=actor.client,
        )
        return outcome
    store.audit.record(
        actor.name,
        "upload",
        name,
        {
            "load_id": result.load_id,
            "new_return_versions": [
                f"{v.org_code} {v.year} v{v.version}" for v in result.new_return_versions
            ],
            "warnings": outcome.report.count(Severity.WARNING),
        },
        client=actor.client,
    )
    return outcome
