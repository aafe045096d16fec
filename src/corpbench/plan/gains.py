"""Gains, risks, joining and leaving (planning methods §6): share keys, each partner's share of
the consortium's figures, service charges and the join and leave scenarios.

A ``charge_change`` is the new charge minus the old, £ a year: negative when a partner joins
(the others' charges fall), positive when one leaves (they rise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corpbench.plan.case import Candidate, Case, Partner


@dataclass(frozen=True)
class PartnerShare:
    org_code: str
    key: float
    npv: float
    one_off: float
    #: k_i × the consortium's net of each year t = 0 … horizon.
    net: tuple[float, ...]


@dataclass(frozen=True)
class JoinScenario:
    org_code: str
    charge_change: dict[str, float]


@dataclass(frozen=True)
class LeaveScenario:
    org_code: str
    charge_change: dict[str, float]
    exit_charge: float


@dataclass(frozen=True)
class GainShare:
    partners: list[PartnerShare]
    join: list[JoinScenario]
    leave: list[LeaveScenario]


def share_keys(partners: Sequence[Partner], key: str) -> dict[str, float]:
    """k_i of every partner: baseline b_i / Σb, volume v_i / Σv, equal 1/n or custom k_i / Σk."""
    if key == "equal":
        return {p.org_code: 1 / len(partners) for p in partners}
    raw = {
        p.org_code: {"baseline": p.baseline, "volume": p.volume, "custom": p.key or 0.0}[key]
        for p in partners
    }
    total = sum(raw.values())
    return {code: v / total for code, v in raw.items()}


def charges(
    partners: Sequence[Partner], fixed: float, per_unit: float, fee: float
) -> dict[str, float]:
    """Each partner's charge at total volume V: (F + u·V) · v_i / V · (1 + m)."""
    v = sum(p.volume for p in partners)
    if v <= 0:
        return {p.org_code: 0.0 for p in partners}
    return {p.org_code: (fixed + per_unit * v) * p.volume / v * (1 + fee) for p in partners}


def join_change(
    partners: Sequence[Partner], joiner: Candidate, fixed: float, fee: float
) -> dict[str, float]:
    """The change of each existing partner's charge when ``joiner`` joins:
    −F · v_i (1/V − 1/V') · (1 + m), V' = V + v_j."""
    v = sum(p.volume for p in partners)
    v_new = v + joiner.volume
    if v <= 0:
        return {p.org_code: 0.0 for p in partners}
    return {p.org_code: -fixed * p.volume * (1 / v - 1 / v_new) * (1 + fee) for p in partners}


def leave_change(
    partners: Sequence[Partner], leaver: Partner, fixed: float, fee: float
) -> dict[str, float]:
    """The rise of each remaining partner's charge, £ a year, when ``leaver`` leaves:
    F · v_i (1/(V − v_x) − 1/V) · (1 + m). When no volume remains the others (all of volume 0)
    carry no charge and their change is 0."""
    v = sum(p.volume for p in partners)
    rest = v - leaver.volume
    others = [p for p in partners if p.org_code != leaver.org_code]
    if rest <= 0:
        return {p.org_code: 0.0 for p in others}
    return {p.org_code: fixed * p.volume * (1 / rest - 1 / v) * (1 + fee) for p in others}


def exit_charge(rise: dict[str, float], notice_years: float, redundancy_cost: float) -> float:
    """n × Σ_{i≠x} of the others' yearly rise + the leaver's redundancy cost."""
    return notice_years * sum(rise.values()) + redundancy_cost


def gain_share(
    case: Case, npv: float, one_off_total: float, net: Sequence[float]
) -> GainShare | None:
    """Each partner's key and share of the consortium's NPV, one-off costs and yearly net, and
    the join (one per candidate) and leave (one per partner) scenarios; None without partners."""
    if not case.partners:
        return None
    keys = share_keys(case.partners, case.share_key)
    f = case.service_cost.fixed
    m = case.option.management_fee
    shares = [
        PartnerShare(p.org_code, k, k * npv, k * one_off_total, tuple(k * x for x in net))
        for p in case.partners
        for k in [keys[p.org_code]]
    ]
    join = [JoinScenario(c.org_code, join_change(case.partners, c, f, m)) for c in case.candidates]
    leave = []
    for x in case.partners:
        rise = leave_change(case.partners, x, f, m)
        leave.append(
            LeaveScenario(x.org_code, rise, exit_charge(rise, case.notice_years, x.redundancy_cost))
        )
    return GainShare(shares, join, leave)
