"""The evaluation of a case as a whole and its machine output (planning methods §8)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from corpbench.plan.appraisal import Appraisal, appraise
from corpbench.plan.case import Case
from corpbench.plan.engine import Flows, evaluate_case
from corpbench.plan.gains import GainShare, gain_share
from corpbench.plan.risk import MonteCarlo, TornadoBar, monte_carlo, tornado


@dataclass(frozen=True)
class Evaluation:
    """Every figure of a case: its yearly flows (one row), tornado, Monte Carlo, appraisal and
    gain share."""

    case: Case
    flows: Flows
    tornado: list[TornadoBar]
    monte_carlo: MonteCarlo | None
    appraisal: Appraisal | None
    gain_share: GainShare | None

    def year(self, name: str) -> list[float]:
        row: list[float] = getattr(self.flows, name)[0].tolist()
        return row

    def scalar(self, name: str) -> float | None:
        v = float(getattr(self.flows, name)[0])
        return None if math.isnan(v) else v

    def whole(self, name: str) -> int | None:
        v = self.scalar(name)
        return None if v is None else int(v)


def evaluate_plan(case: Case) -> Evaluation:
    """Evaluate a validated case: the engine, tornado, Monte Carlo, appraisal and gains."""
    flows = evaluate_case(case)
    return Evaluation(
        case=case,
        flows=flows,
        tornado=tornado(case),
        monte_carlo=monte_carlo(case),
        appraisal=appraise(case),
        gain_share=gain_share(
            case,
            float(flows.npv[0]),
            float(flows.one_off[0].sum()),
            flows.net[0].tolist(),
        ),
    )


def machine_output(ev: Evaluation) -> dict[str, Any]:
    """Exactly §8's object: money in £ at full precision, null where §8 says so."""
    years = [
        {
            "t": t,
            "benefit": ev.year("benefit")[t],
            "one_off": ev.year("one_off")[t],
            "recurring": ev.year("recurring")[t],
            "fee": ev.year("fee")[t],
            "net": ev.year("net")[t],
            "cumulative": ev.year("cumulative")[t],
        }
        for t in range(ev.case.horizon + 1)
    ]
    mc = ev.monte_carlo
    ap = ev.appraisal
    gs = ev.gain_share
    return {
        "years": years,
        "npv": ev.scalar("npv"),
        "payback_year": ev.whole("payback_year"),
        "discounted_payback_year": ev.whole("discounted_payback_year"),
        "roi": ev.scalar("roi"),
        "run_rate_saving": ev.scalar("run_rate_saving"),
        "tornado": [
            {"parameter": b.parameter, "npv_low": b.npv_low, "npv_high": b.npv_high}
            for b in ev.tornado
        ],
        "monte_carlo": None
        if mc is None
        else {
            "mean": mc.mean,
            "p10": mc.p10,
            "p50": mc.p50,
            "p90": mc.p90,
            "p_npv_positive": mc.p_npv_positive,
            "p_payback_within_3": mc.p_payback_within_3,
        },
        "appraisal": None
        if ap is None
        else {
            "weights": ap.weights,
            "scores": ap.scores,
            "ranks": ap.ranks,
            "top": ap.top,
            "not_discriminating": ap.not_discriminating,
            "weight_intervals": {c: list(v) for c, v in ap.weight_intervals.items()},
        },
        "gain_share": None
        if gs is None
        else {
            "partners": [
                {"org_code": p.org_code, "key": p.key, "npv": p.npv, "one_off": p.one_off}
                for p in gs.partners
            ],
            "scenarios": {
                "join": [
                    {"org_code": j.org_code, "charge_change": j.charge_change} for j in gs.join
                ],
                "leave": [
                    {
                        "org_code": x.org_code,
                        "charge_change": x.charge_change,
                        "exit_charge": x.exit_charge,
                    }
                    for x in gs.leave
                ],
            },
        },
    }
