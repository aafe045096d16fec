"""Who takes an action, and the one error an action raises when it refuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corpbench.access import Principal, runs_the_round

#: What kind of refusal an :class:`ActionError` is: bad input, not allowed, or about something
#: that does not exist (a door may answer each differently: HTTP 400, 403, 404).
Refusal = Literal["invalid", "forbidden", "not_found"]


class ActionError(Exception):
    """An action refused: ``message`` is one sentence for people (no trailing full stop),
    ``kind`` says why."""

    def __init__(self, message: str, kind: Refusal = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


@dataclass(frozen=True)
class Actor:
    """The person an action acts for: a principal (whose role the rules check and whose name
    the audit log records) and the client it came from (the web's address; empty on the
    command line)."""

    principal: Principal
    client: str = ""

    @classmethod
    def command_line(cls, name: str) -> Actor:
        """The command line's operator, named ``name`` (``--by``): it runs the store, so it acts
        with the national role."""
        return cls(Principal(user_id=0, email=name, role="national"))

    @property
    def name(self) -> str:
        """The name the audit log and the store record."""
        return self.principal.email

    def must_run_the_round(self, what: str) -> None:
        """Refuse unless the actor has the national role; ``what`` names the action."""
        if not runs_the_round(self.principal):
            raise ActionError(f"{what} needs the national role", "forbidden")
