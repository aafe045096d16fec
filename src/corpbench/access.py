"""Who may see what: the scope rules of the web app and API, as pure functions.

- ``national`` sees everything and runs the round;
- ``footprint`` sees its footprint's organisations in full;
- ``organisation`` sees its own organisation in full.
Everyone signed in sees peer figures, anonymised unless the peer is in their full scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Role = Literal["national", "footprint", "organisation"]
ROLES: tuple[Role, ...] = ("national", "footprint", "organisation")


@dataclass(frozen=True)
class Principal:
    """The signed-in user a request acts for."""

    user_id: int
    email: str
    role: Role
    org_code: str | None = None
    footprint: str | None = None

    @property
    def is_national(self) -> bool:
        return self.role == "national"


def sees_org_in_full(principal: Principal, org_code: str, org_footprint: str | None) -> bool:
    """Whether ``principal`` may see organisation ``org_code`` (in footprint ``org_footprint``)
    by name with all its figures."""
    if principal.role == "national":
        return True
    if principal.role == "footprint":
        return principal.footprint is not None and org_footprint == principal.footprint
    return principal.org_code is not None and principal.org_code == org_code


def sees_footprint(principal: Principal, footprint: str) -> bool:
    """Whether ``principal`` may open the view of ``footprint``."""
    return principal.role == "national" or (
        principal.role == "footprint" and principal.footprint == footprint
    )


def role_problem(role: str, org_code: str | None, footprint: str | None) -> str | None:
    """Why a user with this role and scope is not valid, or None when it is."""
    if role not in ROLES:
        return f"role must be one of {', '.join(ROLES)}, not {role!r}"
    if role == "organisation" and not org_code:
        return "an organisation user needs --org CODE"
    if role == "footprint" and not footprint:
        return "a footprint user needs --footprint NAME"
    if role != "organisation" and org_code:
        return f"only organisation users have an organisation (--org), not {role} users"
    if role != "footprint" and footprint:
        return f"only footprint users have a footprint (--footprint), not {role} users"
    return None


@dataclass(frozen=True)
class Owner:
    """The organisation (``kind`` ``organisation``, ``name`` its code) or footprint
    (``footprint``, its name) a "My peers" list belongs to."""

    kind: Literal["organisation", "footprint"]
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


def my_peers_owner(principal: Principal) -> Owner | None:
    """Whose "My peers" lists ``principal`` keeps, sees and benchmarks against: its
    organisation's or its footprint's; None for the national role, which keeps the national
    peer lists instead."""
    if principal.role == "organisation" and principal.org_code:
        return Owner("organisation", principal.org_code)
    if principal.role == "footprint" and principal.footprint:
        return Owner("footprint", principal.footprint)
    return None


def runs_the_round(principal: Principal) -> bool:
    """Whether ``principal`` runs the round: reviews returns, publishes, manages users, tokens
    and peer lists (the national role)."""
    return principal.role == "national"


def submits_returns(principal: Principal) -> bool:
    """Whether ``principal`` may submit returns (national and organisation users)."""
    return principal.role in ("national", "organisation")


def submission_scope(principal: Principal) -> frozenset[str] | None:
    """The organisations whose rows a submission by ``principal`` may hold: None (any) for the
    national role, its own organisation for an organisation user."""
    if principal.role == "national":
        return None
    return frozenset({principal.org_code or ""})


def sees_returns_of(principal: Principal, org_code: str) -> bool:
    """Whether ``principal`` may see the returns (status, versions, decisions) of ``org_code``:
    the national role sees all, an organisation user its own."""
    return principal.role == "national" or principal.org_code == org_code


def converses_on(principal: Principal, org_code: str) -> bool:
    """Whether ``principal`` may write on the returns of ``org_code`` (reply to its queries,
    add and change notes on them): the national role, and the organisation's own users."""
    return principal.role == "national" or (
        principal.role == "organisation" and principal.org_code == org_code
    )


def returns_listed(principal: Principal) -> str | None:
    """Whose returns ``principal``'s lists of returns hold: None (everyone's) for the national
    role, its own organisation's otherwise."""
    return None if principal.role == "national" else principal.org_code


def sees_live_figures(principal: Principal, view: str | None = None) -> bool:
    """Whether ``principal`` is shown the live figures (everything stored now) rather than the
    newest publication: national users are, unless they ask for ``view`` = ``published``."""
    return principal.role == "national" and view != "published"


def sees_draft_figures(principal: Principal, view: str | None = None) -> bool:
    """Whether ``principal`` is shown its organisation's draft figures (its own current
    returns against the newest publication's peers): an organisation user who asks for
    ``view`` = ``draft``."""
    return principal.role == "organisation" and principal.org_code is not None and view == "draft"


def plans_cases(principal: Principal) -> bool:
    """Whether ``principal`` builds and edits shared-service business cases: the national role
    (any case) and footprint users (their footprint's)."""
    return principal.role == "national" or (
        principal.role == "footprint" and principal.footprint is not None
    )


def edits_case(principal: Principal, footprint: str | None) -> bool:
    """Whether ``principal`` may change (save a version of, retire) a case planned for
    ``footprint`` (None: a named list of organisations): the national role any, a footprint
    user its footprint's, an organisation user none."""
    if principal.role == "national":
        return True
    return (
        principal.role == "footprint"
        and footprint is not None
        and (footprint == principal.footprint)
    )


def sees_case(principal: Principal, footprint: str | None, partners: Iterable[str]) -> bool:
    """Whether ``principal`` may see a case planned for ``footprint`` with ``partners``: whoever
    may edit it, and (read-only) an organisation user whose organisation is a partner."""
    if edits_case(principal, footprint):
        return True
    return principal.role == "organisation" and principal.org_code in set(partners)


def runs_programmes(principal: Principal) -> bool:
    """Whether ``principal`` starts programmes and records their readiness: the national role
    (any programme) and footprint users (their footprint's), as for business cases."""
    return plans_cases(principal)


def edits_programme(principal: Principal, footprint: str | None) -> bool:
    """Whether ``principal`` may change (record readiness of, add lessons to) a programme for
    ``footprint`` (None: a programme of a named list of organisations): the national role any,
    a footprint user its footprint's, an organisation user none."""
    return edits_case(principal, footprint)


def sees_programme(principal: Principal, footprint: str | None, partners: Iterable[str]) -> bool:
    """Whether ``principal`` may see a programme for ``footprint`` whose partners are
    ``partners`` (its footprint's organisations, or its case's partners): whoever may edit it,
    and (read-only) an organisation user whose organisation is a partner."""
    return sees_case(principal, footprint, partners)
