"""The bootstrap of docs uncertainty.md ("Uncertainty of savings") in plain Python, per draw.

Independent of the project's engine: Python's ``random`` draws the organisations one at a time,
each draw's targets are computed from the drawn values by the reference statistics, and each
figure's values over the draws are kept whole, so that a test can ask where the engine's
interval ends fall in the reference distribution (the two use different random streams, so
they agree only within sampling error). Money is in floats from the exact KPIs.
"""

from __future__ import annotations

import random
from collections import defaultdict
from fractions import Fraction

from .bundle_dir import RefBundle
from .model import ALL, exact_kpis, exact_savings, totals
from .statistics import iqm, quantile7

#: (level, key, year) of a figure of the method page.
Figure = tuple[str, str, str]


def _statistic(values: list[Fraction], method: str) -> Fraction:
    if method == "iqm":
        return iqm(values)
    return quantile7(values, Fraction(1, 2) if method == "median" else Fraction(1, 4))


def _saving(cost: float, turnover: float, target: float) -> float:
    return max(0.0, cost - target / 100 * turnover)


def ref_bootstrap(b: RefBundle, method: str, draws: int, seed: int) -> dict[Figure, list[float]]:
    """Every figure's B values: ``all``, each type and function with respondents, each
    responding organisation, for every year of the bundle's finance."""
    rng = random.Random(seed)
    kpis = exact_kpis(b)
    tots = totals(b)
    out: dict[Figure, list[float]] = defaultdict(list)
    years = sorted({y for (_o, y) in b.finance})
    for y in years:
        functions = sorted({f for (_o, yy, f) in tots if yy == y and f != ALL})
        types = sorted({org.org_type for org in b.organisations.values()})
        respondents = {
            t: sorted(
                o for o, org in b.organisations.items() if org.org_type == t and (o, y, ALL) in tots
            )
            for t in types
        }
        respondents = {t: rs for t, rs in respondents.items() if rs}
        # per organisation and function with pct_turnover defined: (pct, cost, turnover)
        rows: dict[tuple[str, str], tuple[Fraction, float, float]] = {}
        for (o, yy, f), k in kpis.items():
            if yy == y and f != ALL and "pct_turnover" in k:
                rows[(o, f)] = (
                    k["pct_turnover"],
                    float(tots[(o, y, f)].cost),
                    float(b.finance[(o, y)].turnover),
                )
        for _ in range(draws):
            national = 0.0
            by_function = dict.fromkeys(functions, 0.0)
            for t, resp in respondents.items():
                eligible = sum(1 for org in b.organisations.values() if org.org_type == t)
                factor = eligible / len(resp)
                drawn = [rng.choice(resp) for _ in resp]
                type_total = 0.0
                org_total = dict.fromkeys(resp, 0.0)
                for f in functions:
                    values = [rows[(o, f)][0] for o in drawn if (o, f) in rows]
                    if not values:
                        continue
                    target = float(_statistic(values, method))
                    for o in resp:
                        if (o, f) in rows:
                            org_total[o] += _saving(*rows[(o, f)][1:], target)
                    in_f = sum(_saving(*rows[(o, f)][1:], target) for o in drawn if (o, f) in rows)
                    by_function[f] += in_f * factor
                    type_total += in_f * factor
                national += type_total
                out[("org_type", t, y)].append(type_total)
                for o in resp:
                    out[("organisation", o, y)].append(org_total[o])
            out[("all", "all", y)].append(national)
            for f in functions:
                out[("function", f, y)].append(by_function[f])
    return out


def ref_estimates(b: RefBundle, method: str) -> dict[Figure, float]:
    """The ordinary figures the intervals go with (uncertainty.md "Machine output"): the
    national and each type's extrapolated saving (types with respondents), each function's
    national extrapolated saving (functions with rows), each organisation's total saving."""
    tots = totals(b)
    out: dict[Figure, Fraction] = defaultdict(Fraction)
    years = sorted({y for (_o, y) in b.finance})
    respondents: dict[tuple[str, str], int] = defaultdict(int)
    for o, y, f in tots:
        if f == ALL:
            respondents[(b.organisations[o].org_type, y)] += 1
    eligible: dict[str, int] = defaultdict(int)
    for org in b.organisations.values():
        eligible[org.org_type] += 1
    for y in years:
        out[("all", "all", y)] += 0
        for t, yy in respondents:
            if yy == y:
                out[("org_type", t, y)] += 0
        for _o, yy, f in tots:
            if yy == y and f != ALL:
                out[("function", f, y)] += 0
    for (o, y, f), (_pct, _target, saving) in exact_savings(b, method).items():
        if f == ALL:
            continue
        t = b.organisations[o].org_type
        factor = Fraction(eligible[t], respondents[(t, y)])
        out[("organisation", o, y)] += saving
        out[("org_type", t, y)] += saving * factor
        out[("function", f, y)] += saving * factor
        out[("all", "all", y)] += saving * factor
    return {k: float(v) for k, v in out.items()}
