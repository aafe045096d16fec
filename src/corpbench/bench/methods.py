"""Savings methods (data standard v1 §2 "Savings") and their spellings.

=================  ====================================================================
``iqm``            the interquartile mean of the peer group (QIPP 2010)
``median``         the median of the peer group (NHS Improvement 2017)
``q1``             the 25th percentile of the peer group (top quartile, the cheapest quarter)
``external:NAME``  the value for the function in the external comparator table NAME
``threshold:P``    the fixed percentage of turnover P, 0 < P ≤ 100 (Carter: 7, then 6)
=================  ====================================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from corpbench.standard import EXTERNAL_TABLES

MethodKind = Literal["iqm", "median", "q1", "external", "threshold"]

#: Methods whose target is a statistic of the organisation's peer group.
PEER_KINDS: tuple[MethodKind, ...] = ("iqm", "median", "q1")

#: The methods shown side by side by default (``corpbench report``, the web app's method menu):
#: the peer statistics, the shipped external tables and Carter's ceilings.
DEFAULT_REPORT_METHODS: tuple[str, ...] = (
    "iqm",
    "median",
    "q1",
    "external:hackett_median",
    "external:hackett_best_in_class",
    "threshold:7",
    "threshold:6",
)

_SPELLINGS = "iqm, median, q1, external:NAME or threshold:P"


@dataclass(frozen=True)
class Method:
    """A savings method: ``kind``, plus ``name`` of the table for ``external`` and ``percent``
    of turnover for ``threshold``. ``str(method)`` is its spelling, e.g. ``threshold:6``."""

    kind: MethodKind
    name: str | None = None
    percent: float | None = None

    def __post_init__(self) -> None:
        if self.kind == "external" and not self.name:
            raise ValueError("An external method needs the name of a comparator table.")
        if self.kind == "threshold" and not _valid_percent(self.percent):
            raise ValueError("A threshold method needs a percentage above 0 and at most 100.")

    @property
    def is_peer(self) -> bool:
        """True when the target is a statistic of the peer group."""
        return self.kind in PEER_KINDS

    @property
    def saves_on_total(self) -> bool:
        """True when the method's saving is the one on the whole organisation (threshold:P,
        a ceiling on total cost): an organisation's total saving is then its saving on ``all``,
        and the method has no breakdown by function (data standard §2)."""
        return self.kind == "threshold"

    @property
    def column_name(self) -> str:
        """A column name for this method's saving, e.g. ``saving_threshold_7``."""
        return "saving_" + re.sub(r"[^0-9A-Za-z_]", "_", str(self))

    def __str__(self) -> str:
        if self.kind == "external":
            return f"external:{self.name}"
        if self.kind == "threshold":
            assert self.percent is not None
            p = self.percent
            return f"threshold:{int(p)}" if p.is_integer() else f"threshold:{p!r}"
        return self.kind


def _valid_percent(percent: float | None) -> bool:
    return percent is not None and math.isfinite(percent) and 0.0 < percent <= 100.0


def parse_method(
    text: str, *, extra_tables: Mapping[str, Mapping[str, float]] | None = None
) -> Method:
    """The method spelled ``text``: ``iqm``, ``median``, ``q1``, ``external:NAME`` (NAME one of
    the shipped comparator tables or of ``extra_tables``) or ``threshold:P`` (0 < P ≤ 100).

    Raises ``ValueError`` with one sentence saying what is expected.
    """
    spelling = text.strip()
    kind, sep, arg = spelling.partition(":")
    kind = kind.strip().lower()
    arg = arg.strip()
    if kind in PEER_KINDS and not sep:
        return Method(kind)
    if kind == "external" and sep:
        tables = {**EXTERNAL_TABLES, **(extra_tables or {})}
        if arg not in tables:
            known = ", ".join(sorted(tables))
            raise ValueError(
                f"Unknown external comparator table '{arg}' in method '{text}'; "
                f"the tables are: {known}."
            )
        return Method("external", name=arg)
    if kind == "threshold" and sep:
        try:
            percent = float(arg)
        except ValueError:
            percent = math.nan
        if not _valid_percent(percent):
            raise ValueError(
                f"The threshold in method '{text}' must be a percentage of turnover above 0 "
                "and at most 100, such as threshold:6."
            )
        return Method("threshold", percent=percent)
    raise ValueError(f"Unknown savings method '{text}'; methods are spelled {_SPELLINGS}.")
