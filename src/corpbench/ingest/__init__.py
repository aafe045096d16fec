"""Reading and validating return bundles.

``read_and_validate(path)`` is the door: it reads a folder of CSV files, a ``.csv``, a ``.zip``
or an ``.xlsx`` workbook (:func:`read_bundle`) and checks it against data standard v1
(:func:`validate_bundle`), returning the report, the typed bundle when it has no error, and the
raw bundle (its source and SHA-256 for the store; its cells released).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from corpbench.config import Settings, get_settings
from corpbench.ingest.issues import Issue, Report, Severity
from corpbench.ingest.raw import RawBundle, RawFile
from corpbench.ingest.readers import read_bundle
from corpbench.ingest.validate import MAX_ISSUES, validate_bundle
from corpbench.standard import Vocabulary
from corpbench.standard.bundle import Bundle
from corpbench.standard.rounds import RoundsByYear

__all__ = [
    "MAX_ISSUES",
    "Issue",
    "RawBundle",
    "RawFile",
    "Report",
    "Severity",
    "read_and_validate",
    "read_bundle",
    "validate_bundle",
]


def read_and_validate(
    path: Path,
    *,
    settings: Settings | None = None,
    vocab: Vocabulary = Vocabulary(),
    known_org_codes: Collection[str] = (),
    allowed_org_codes: Collection[str] | None = None,
    rounds: RoundsByYear | None = None,
    register: pl.DataFrame | None = None,
) -> tuple[Report, Bundle | None, RawBundle]:
    """Read the bundle at ``path`` within the size limits of ``settings`` (default: from the
    environment) and validate it; the bundle is ``None`` when the report has an error.

    The raw bundle returned has its cells released (:meth:`RawBundle.released`): it keeps the
    source, SHA-256, reading issues and each file's name, display name and header, so that
    only the typed bundle holds the data. Call :func:`read_bundle` and :func:`validate_bundle`
    to keep the cells as read. ``allowed_org_codes`` limits the organisations whose rows the
    bundle may hold; ``rounds`` judges each row by the round of its year, with ``register``
    (the stored register) for organisations the bundle does not list (see
    :func:`validate_bundle`)."""
    s = settings if settings is not None else get_settings()
    raw = read_bundle(
        path,
        max_file_bytes=s.max_file_bytes,
        max_zip_members=s.max_zip_members,
        max_rows_per_file=s.max_rows_per_file,
        max_workbook_rows=s.max_workbook_rows,
    )
    report, bundle = validate_bundle(
        raw,
        vocab=vocab,
        known_org_codes=known_org_codes,
        allowed_org_codes=allowed_org_codes,
        rounds=rounds,
        register=register,
    )
    return report, bundle, raw.released()
