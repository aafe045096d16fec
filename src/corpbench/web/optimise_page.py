"""The consortium optimiser's page (``/plans/optimise``): the chosen groups of
:func:`corpbench.actions.optimise_region` laid out for people — organisations by name, their
footprints, employees, margin over the 20,000 floor and saving — with nothing computed here.

Scope: a footprint user sees by name only its own footprint's organisations
(``access.sees_org_in_full``); another footprint's members in a group are counted, not named,
so a group's saving is never tied to a named organisation outside the user's scope. A group can
become a case (``POST /plans``, a list of organisations) when the user may plan for all of it:
the national role any group, a footprint user a group wholly of its footprint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from corpbench.access import Principal, sees_org_in_full
from corpbench.plan.optimise import Optimum


@dataclass(frozen=True)
class GroupRow:
    """A chosen group for the page."""

    number: int
    #: The members the user sees by name ("Name (CODE)"), in code order.
    named: list[str]
    #: The others, counted by footprint: "3 organisations of South West London".
    counted: list[str]
    footprints: str
    employees: float
    margin: float
    saving: float
    #: The codes, comma-separated, for the "make a case" form; empty when the user may not.
    case_orgs: str


def _register(register: pl.DataFrame) -> dict[str, tuple[str, str | None]]:
    """Name and footprint (None without one) of each organisation code."""
    out: dict[str, tuple[str, str | None]] = {}
    for code, name, fp in register.select("org_code", "org_name", "footprint").iter_rows():
        clean = (fp or "").strip() or None
        out[str(code)] = (str(name or code), clean)
    return out


def _split(
    principal: Principal, codes: Iterable[str], known: dict[str, tuple[str, str | None]]
) -> tuple[list[str], list[str]]:
    named: list[str] = []
    counts: dict[str, int] = {}
    for code in codes:
        name, fp = known.get(code, (code, None))
        if sees_org_in_full(principal, code, fp):
            named.append(f"{name} ({code})")
        else:
            where = fp or "no footprint"
            counts[where] = counts.get(where, 0) + 1
    counted = [
        f"{n} organisation{'s' if n != 1 else ''} of {fp}"
        if fp != "no footprint"
        else f"{n} organisation{'s' if n != 1 else ''} without a footprint"
        for fp, n in sorted(counts.items())
    ]
    return named, counted


def _footprint_words(footprints: Iterable[str], codes: Iterable[str]) -> str:
    """The group's footprints; an organisation without one (its own "footprint" in the
    optimiser: its code) reads as "no footprint"."""
    own = set(codes)
    words = [("no footprint" if fp in own else fp) for fp in footprints]
    return ", ".join(dict.fromkeys(words))


def group_rows(result: Optimum, principal: Principal, register: pl.DataFrame) -> list[GroupRow]:
    """The chosen groups of ``result`` as the page writes them for ``principal``, in the
    optimiser's order (largest saving first)."""
    known = _register(register)
    rows = []
    for i, g in enumerate(result.groups, start=1):
        named, counted = _split(principal, g.org_codes, known)
        makes = principal.role == "national" or (
            principal.role == "footprint" and g.footprints == (principal.footprint,)
        )
        rows.append(
            GroupRow(
                number=i,
                named=named,
                counted=counted,
                footprints=_footprint_words(g.footprints, g.org_codes),
                employees=g.employees,
                margin=g.margin,
                saving=g.run_rate_saving,
                case_orgs=",".join(g.org_codes) if makes else "",
            )
        )
    return rows


def unassigned_words(result: Optimum, principal: Principal, register: pl.DataFrame) -> list[str]:
    """The region's organisations in no chosen group, named or counted as in a group."""
    named, counted = _split(principal, result.unassigned, _register(register))
    return named + counted
