"""What the store hands back: plain, immutable records (no ORM objects leave the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple


class StoreError(ValueError):
    """A bundle or request the store refuses (nothing is stored); the message says why."""


@dataclass(frozen=True)
class StoreState:
    """What the store holds, in four numbers: the newest load, peer-list version,
    publication and round version (0 when there is none)."""

    load_id: int
    peer_list_id: int
    publication_id: int
    round_id: int = 0


class VersionRef(NamedTuple):
    """One version of a register entry (``year`` None) or of a return (org, year). A named
    tuple: a national load makes some 100,000 of them, and a frozen dataclass took 0.2 s."""

    org_code: str
    year: str | None
    version: int


@dataclass(frozen=True)
class LoadResult:
    """The outcome of one load: the versions it added and the entries it found unchanged (with
    the stored version that already holds the same content)."""

    load_id: int
    loaded_at: datetime
    new_org_versions: list[VersionRef] = field(default_factory=list)
    unchanged_org_versions: list[VersionRef] = field(default_factory=list)
    new_return_versions: list[VersionRef] = field(default_factory=list)
    unchanged_return_versions: list[VersionRef] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the load added any version."""
        return bool(self.new_org_versions or self.new_return_versions)


@dataclass(frozen=True)
class VersionInfo:
    """One version in an organisation's history. ``cost_lines`` and ``indicators`` count the
    rows of a return version (both 0 for a register entry)."""

    kind: Literal["register", "return"]
    org_code: str
    year: str | None
    version: int
    loaded_at: datetime
    loaded_by: str
    source: str
    sha256: str
    load_id: int
    cost_lines: int
    indicators: int


@dataclass(frozen=True)
class LoadInfo:
    """One load: who, when, from which file (and its SHA-256), and how many versions it added."""

    load_id: int
    loaded_at: datetime
    loaded_by: str
    source: str
    sha256: str
    org_versions: int
    return_versions: int
