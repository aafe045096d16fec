"""An independent implementation of planning methods §4–§6 for the tests: plain Python loops
over the raw case document (the dict read from JSON or TOML), written from the methods text
with no code shared with ``corpbench.plan``."""

from __future__ import annotations

import math
import random
from typing import Any

Doc = dict[str, Any]


def _get(d: Doc, *keys: str, default: Any = None) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def figure(doc: Doc, path: str) -> float:
    """The value of a dot-separated path of the case, with the methods' defaults."""
    defaults = {
        "discount_rate": 0.035,
        "option.location_factor": 1.0,
        "option.management_fee": 0.0,
    }
    parts = path.split(".")
    node: Any = doc
    for p in parts:
        if isinstance(node, list):
            node = node[int(p)]
        elif isinstance(node, dict) and p in node:
            node = node[p]
        else:
            node = None
            break
    if node is not None:
        return float(node)
    if path in defaults:
        return defaults[path]
    if parts[0] == "functions" and parts[-1] == "pay_share":
        return 0.75
    if parts[:2] == ["option", "phases"]:
        return 1.0
    return 0.0  # option rates, optimism bias


def set_figure(doc: Doc, path: str, value: float) -> Doc:
    """A deep copy of ``doc`` with ``path`` set to ``value``."""
    import copy

    out = copy.deepcopy(doc)
    parts = path.split(".")
    node: Any = out
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value
    return out


def cash_flows(doc: Doc, full_ramp: bool = False) -> dict[str, list[float]]:
    n = int(doc.get("horizon", 10))
    delay = figure(doc, "optimism_bias.delay_years")
    lam = figure(doc, "option.location_factor")
    m = figure(doc, "option.management_fee")
    model = doc["option"]["model"]
    rows: dict[str, list[float]] = {
        k: [] for k in ("benefit", "one_off", "recurring", "fee", "net", "cumulative")
    }
    cum = 0.0
    for t in range(n + 1):
        rho = {}
        for ph in ("simplify", "standardise", "share"):
            start = figure(doc, f"option.phases.{ph}.start")
            ramp = figure(doc, f"option.phases.{ph}.ramp")
            r = (t - start - delay + 1) / ramp
            rho[ph] = 1.0 if full_ramp else min(1.0, max(0.0, r))
        saving = 0.0
        charge = 0.0
        lam_t = 1 - (1 - lam) * rho["share"]
        for f in doc["functions"]:
            b = figure(doc, f"functions.{f}.cost")
            tau = figure(doc, f"functions.{f}.transactional")
            omega = figure(doc, f"functions.{f}.operational")
            pi = figure(doc, f"functions.{f}.pay_share")
            s = figure(doc, f"option.simplify.{f}")
            d = figure(doc, f"option.standardise.{f}")
            h = figure(doc, f"option.share.{f}")
            p = tau if model in ("in_house_centralised", "cooperative") else tau + omega
            left = b * (1 - s * rho["simplify"]) * (1 - d * rho["standardise"])
            c = left * ((1 - p) + p * (1 - h * rho["share"]) * (pi * lam_t + 1 - pi))
            saving += b - c
            charge += rho["share"] * p * left * (1 - h) * (pi * lam + 1 - pi)
        benefit = (1 - figure(doc, "optimism_bias.benefits")) * saving
        one_off = 0.0
        for i, item in enumerate(_get(doc, "option", "one_off", default=[])):
            if item["year"] == t:
                one_off += figure(doc, f"option.one_off.{i}.amount")
        one_off *= 1 + figure(doc, "optimism_bias.capex")
        recurring = 0.0
        for i, item in enumerate(_get(doc, "option", "recurring", default=[])):
            if item["from_year"] <= t:
                recurring += figure(doc, f"option.recurring.{i}.amount")
        recurring *= 1 + figure(doc, "optimism_bias.opex")
        fee = m * charge
        net = benefit - one_off - recurring - fee
        cum += net
        for k, v in zip(rows, (benefit, one_off, recurring, fee, net, cum), strict=True):
            rows[k].append(v)
    return rows


def payback_of(values: list[float]) -> int | None:
    cum = 0.0
    seen_negative = False
    for t, v in enumerate(values):
        cum += v
        if seen_negative and cum >= 0:
            return t
        if cum < 0:
            seen_negative = True
    return None if seen_negative else 0


def summary(doc: Doc) -> dict[str, Any]:
    rows = cash_flows(doc)
    r = figure(doc, "discount_rate")
    disc = [v / (1 + r) ** t for t, v in enumerate(rows["net"])]
    spent = sum(rows["one_off"])
    return {
        "years": [{"t": t, **{k: rows[k][t] for k in rows}} for t in range(len(rows["net"]))],
        "npv": sum(disc),
        "payback_year": payback_of(rows["net"]),
        "discounted_payback_year": payback_of(disc),
        "roi": None if spent == 0 else sum(rows["net"]) / spent,
        "run_rate_saving": cash_flows(doc, full_ramp=True)["benefit"][0],
    }


def npv(doc: Doc) -> float:
    return float(summary(doc)["npv"])


def tornado(doc: Doc) -> list[tuple[str, float, float]]:
    unc = doc.get("uncertain", {})
    at_mode = doc
    for path, spec in unc.items():
        at_mode = set_figure(at_mode, path, spec["mode"])
    bars = []
    for path, spec in unc.items():
        lo = npv(set_figure(at_mode, path, spec["low"]))
        hi = npv(set_figure(at_mode, path, spec["high"]))
        bars.append((path, lo, hi))
    bars.sort(key=lambda b: -abs(b[2] - b[1]))
    return bars


def monte_carlo_npvs(doc: Doc, draws: int, seed: int) -> list[tuple[float, int | None]]:
    """NPV and payback of ``draws`` draws with Python's own triangular generator."""
    rng = random.Random(seed)
    out = []
    for _ in range(draws):
        d = doc
        for path, spec in doc.get("uncertain", {}).items():
            d = set_figure(d, path, rng.triangular(spec["low"], spec["high"], spec["mode"]))
        s = summary(d)
        out.append((s["npv"], s["payback_year"]))
    return out


def quantile7(values: list[float], q: float) -> float:
    """Hyndman and Fan's type 7: h = (n − 1) q, interpolate between the neighbours."""
    xs = sorted(values)
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def random_case(rng: random.Random) -> Doc:
    """A random valid case document."""
    functions = ["finance", "hr", "imt", "procurement", "estates", "payroll"]
    chosen = rng.sample(functions, rng.randint(1, 4))
    n = rng.randint(1, 12)
    doc: Doc = {"horizon": n, "discount_rate": rng.choice([0.035, rng.uniform(0, 0.2)])}
    doc["functions"] = {}
    for f in chosen:
        tau = rng.uniform(0, 1)
        doc["functions"][f] = {
            "cost": rng.uniform(0, 5e6),
            "transactional": tau,
            "operational": rng.uniform(0, 1 - tau),
        }
        if rng.random() < 0.5:
            doc["functions"][f]["pay_share"] = rng.uniform(0, 1)
    option: Doc = {
        "model": rng.choice(
            ["in_house_centralised", "cooperative", "company", "joint_venture", "outsourced"]
        ),
        "simplify": {f: rng.uniform(0, 0.2) for f in chosen if rng.random() < 0.8},
        "standardise": {f: rng.uniform(0, 0.15) for f in chosen if rng.random() < 0.8},
        "share": {f: rng.uniform(0, 0.6) for f in chosen if rng.random() < 0.8},
        "phases": {
            ph: {"start": rng.randint(1, 4), "ramp": rng.choice([1, 2, 3, 1.5])}
            for ph in ("simplify", "standardise", "share")
            if rng.random() < 0.9
        },
        "one_off": [
            {"year": rng.randint(0, n), "amount": rng.uniform(0, 3e6)}
            for _ in range(rng.randint(0, 3))
        ],
        "recurring": [
            {"from_year": rng.randint(0, n), "amount": rng.uniform(0, 3e5)}
            for _ in range(rng.randint(0, 2))
        ],
    }
    if rng.random() < 0.7:
        option["location_factor"] = rng.uniform(0.6, 1.2)
    if rng.random() < 0.7:
        option["management_fee"] = rng.uniform(0, 0.1)
    doc["option"] = option
    if rng.random() < 0.7:
        doc["optimism_bias"] = {
            "capex": rng.uniform(0, 2),
            "opex": rng.uniform(0, 0.4),
            "benefits": rng.uniform(0, 0.3),
            "delay_years": rng.choice([0, 1, 0.5, 2]),
        }
    unc: Doc = {}
    f0 = chosen[0]
    h = figure(doc, f"option.share.{f0}")
    unc[f"option.share.{f0}"] = {"low": h * 0.5, "mode": h, "high": min(0.99, h * 1.5 + 0.01)}
    if rng.random() < 0.7:
        unc["optimism_bias.capex"] = {"low": 0.0, "mode": 0.2, "high": rng.uniform(0.3, 2)}
    if rng.random() < 0.5:
        unc["optimism_bias.delay_years"] = {"low": 0.0, "mode": 0.5, "high": 2.0}
    if rng.random() < 0.5:
        c = figure(doc, f"functions.{f0}.cost")
        unc[f"functions.{f0}.cost"] = {"low": 0.8 * c, "mode": c, "high": 1.2 * c}
    if rng.random() < 0.4 and option["one_off"]:
        a = option["one_off"][0]["amount"]
        unc["option.one_off.0.amount"] = {"low": a, "mode": a * 1.1, "high": a * 1.5}
    doc["uncertain"] = unc
    return doc
