"""The funnel page's view (docs/funnels.md, docs/web.md): a funnel's points with the words and
names people read, and its limit lines, from a :class:`corpbench.bench.funnel.FunnelResult`
whose labels are organisation codes. Nothing is computed here.

Names follow the peer views' rule (:mod:`corpbench.views.peers`): a point is named when
``reveal`` is True or holds its code, and the viewer's own organisation always is; any other
point is "Peer k", numbered by ascending value (equal values in code order, which the page
does not show).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from corpbench.bench.funnel import FunnelResult, FunnelUnit, machine_output

#: Most points of each limit line drawn (the lookup's 1,000 and more, thinned evenly).
CURVE_POINTS = 250


@dataclass(frozen=True)
class FunnelPoint:
    """One organisation's point: ``code`` and ``name`` are None when not named."""

    label: str
    code: str | None
    name: str | None
    own: bool
    numerator: float
    denominator: float
    value: float
    ll95: float
    ul95: float
    ll998: float
    ul998: float
    outlier: str  # "", "Above the 95% limit", "Below the 99.8% limit", …
    labelled: bool  # an outlier at the funnel's level, or the viewer's own point


@dataclass(frozen=True)
class CurvePoint:
    x: float
    ll95: float
    ul95: float
    ll998: float
    ul998: float


@dataclass(frozen=True)
class FunnelView:
    title: str
    year: str
    target: float
    phi: float
    tau2: float
    adjusted: bool
    level: str  # "95%" or "99.8%": whose outliers are labelled
    points: tuple[FunnelPoint, ...]
    curve: tuple[CurvePoint, ...]

    @property
    def n_outliers(self) -> int:
        return sum(1 for p in self.points if p.labelled and p.outlier)


def outlier_words(unit: FunnelUnit, target: float) -> str:
    """Where a point lies: outside the 99.8% limits, else the 95% ones, else ''."""
    if not (unit.outlier95 or unit.outlier998):
        return ""
    side = "Above" if unit.rr > target else "Below"
    return f"{side} the {'99.8%' if unit.outlier998 else '95%'} limit"


def funnel_view(
    result: FunnelResult,
    *,
    title: str,
    year: str,
    names: Mapping[str, str],
    reveal: bool | AbstractSet[str],
    own: str | None = None,
) -> FunnelView:
    """The view of ``result`` (its labels organisation codes, ``names`` their names)."""
    peer_no = peer_numbers(result, reveal, own)
    points = []
    for u in result.units:
        named = u.label not in peer_no
        words = outlier_words(u, result.target)
        at_level = u.outlier95 if result.limit == 95 else u.outlier998
        points.append(
            FunnelPoint(
                label=names.get(u.label, u.label) if named else f"Peer {peer_no[u.label]}",
                code=u.label if named else None,
                name=names.get(u.label, u.label) if named else None,
                own=u.label == own,
                numerator=u.numerator,
                denominator=u.denominator,
                value=u.rr,
                ll95=u.limits.ll95,
                ul95=u.limits.ul95,
                ll998=u.limits.ll998,
                ul998=u.limits.ul998,
                outlier=words,
                labelled=at_level or u.label == own,
            )
        )
    points.sort(key=lambda p: (p.denominator, p.label))
    return FunnelView(
        title=title,
        year=year,
        target=result.target,
        phi=result.phi,
        tau2=result.tau2,
        adjusted=result.draw_adjusted,
        level="95%" if result.limit == 95 else "99.8%",
        points=tuple(points),
        curve=_curve(result),
    )


def peer_numbers(
    result: FunnelResult, reveal: bool | AbstractSet[str], own: str | None = None
) -> dict[str, int]:
    """The number k of each point not named ("Peer k"), by its code: by ascending value, equal
    values in code order."""
    peer_no: dict[str, int] = {}
    for u in sorted(result.units, key=lambda u: (u.rr, u.label)):
        if not _named(u.label, reveal, own):
            peer_no[u.label] = len(peer_no) + 1
    return peer_no


def scoped_machine_output(
    result: FunnelResult,
    *,
    names: Mapping[str, str],
    reveal: bool | AbstractSet[str],
    own: str | None = None,
) -> dict[str, Any]:
    """``corpbench funnel --json``'s object (:func:`corpbench.bench.funnel.machine_output`) as
    a viewer may see it: a named unit keeps its code as ``label`` and gains its ``name``; any
    other is labelled "Peer k" (as on the page) with ``name`` null. When every unit is named
    the units keep the machine output's order (code order); otherwise they are listed by value
    (the peers' numbering), so that their order does not give their codes away."""
    out = machine_output(result)
    peer_no = peer_numbers(result, reveal, own)
    found = out["units"]
    if peer_no:  # the peers' numbering's order: by value, equal values in code order
        found = sorted(found, key=lambda u: (u["rr"], u["label"]))
    units = []
    for u in found:
        code = u["label"]
        if code in peer_no:
            units.append({**u, "label": f"Peer {peer_no[code]}", "name": None})
        else:
            units.append({**u, "name": names.get(code, code)})
    return {**out, "units": units}


def _named(code: str, reveal: bool | AbstractSet[str], own: str | None) -> bool:
    if code == own or reveal is True:
        return True
    return reveal is not False and code in reveal


def _curve(result: FunnelResult) -> tuple[CurvePoint, ...]:
    """The drawn limits along the lookup, thinned evenly to about :data:`CURVE_POINTS` (the
    last point kept)."""
    limits = result.curve.adjusted if result.draw_adjusted else result.curve.unadjusted
    x = result.curve.x
    step = max(1, math.ceil(len(x) / CURVE_POINTS))
    keep = [*range(0, len(x), step)]
    if keep[-1] != len(x) - 1:
        keep.append(len(x) - 1)
    return tuple(
        CurvePoint(
            x=x[i],
            ll95=float(limits.ll95[i]),
            ul95=float(limits.ul95[i]),
            ll998=float(limits.ll998[i]),
            ul998=float(limits.ul998[i]),
        )
        for i in keep
    )
