"""The random bundles are valid under data standard v1 §1 and, over the seeds the cross-check
uses, contain every edge case they promise."""

from __future__ import annotations

import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from reference import read_bundle_dir, ref_kpis
from reference.bundle_dir import parse_bool, process_key
from reference.random_bundles import (
    CROSS_CHECK_SEEDS,
    FUNCTIONS,
    INDICATORS,
    ORG_TYPES,
    BundleRows,
    bundles,
    earlier_version,
    random_bundle,
    write_bundle_dir,
)

SEEDS = range(CROSS_CHECK_SEEDS)
CODE = re.compile(r"[A-Z0-9]{3,10}")
YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")
PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


def _amount(row: dict[str, str], column: str) -> Decimal | None:
    text = row.get(column, "")
    if text == "":
        return None
    assert PLAIN_NUMBER.fullmatch(text), (column, text)
    return Decimal(text)


def validation_errors(bundle: BundleRows) -> list[str]:
    """Every violated rule of §1 that a generated bundle could break (empty when valid)."""
    errors: list[str] = []
    orgs = bundle["organisations"]
    codes = [o["org_code"] for o in orgs]
    errors += [f"duplicate org {c}" for c, n in Counter(codes).items() if n > 1]
    for o in orgs:
        if not CODE.fullmatch(o["org_code"]):
            errors.append(f"bad code {o['org_code']}")
        if o["org_type"] not in ORG_TYPES or not o["org_name"] or not o["region"]:
            errors.append(f"bad register row {o}")
        if o.get("teaching"):
            parse_bool(o["teaching"])
    fin_keys = Counter((f["org_code"], f["year"]) for f in bundle["finance"])
    errors += [f"duplicate finance {k}" for k, n in fin_keys.items() if n > 1]
    for f in bundle["finance"]:
        m = YEAR.fullmatch(f["year"])
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            errors.append(f"bad year {f['year']}")
        if f["org_code"] not in codes:
            errors.append(f"finance for unknown {f['org_code']}")
        turnover, running = _amount(f, "turnover"), _amount(f, "running_costs")
        if turnover is None or turnover <= 0 or (running is not None and running <= 0):
            errors.append(f"bad turnover or running costs {f}")
        for col in ("total_pay", "total_fte"):
            if _amount(f, col) is None:
                errors.append(f"missing {col} {f}")
        for col in ("non_pay", "employees"):
            _amount(f, col)
    keys = Counter(
        (r["org_code"], r["year"], r["function"], process_key(r["process"]))
        for r in bundle["function_costs"]
    )
    errors += [f"duplicate cost line {k}" for k, n in keys.items() if n > 1]
    for r in bundle["function_costs"]:
        pay, non_pay, fte = (_amount(r, c) for c in ("pay_cost", "non_pay_cost", "fte"))
        shared = _amount(r, "shared_cost")
        if pay is None or non_pay is None or fte is None:
            errors.append(f"missing amount {r}")
        elif shared is not None and shared > pay + non_pay:
            errors.append(f"shared above cost {r}")
        if (r["org_code"], r["year"]) not in fin_keys or r["function"] not in FUNCTIONS:
            errors.append(f"cost line without finance row or function {r}")
        if r["delivery_model"] not in ("", "in_house", "shared", "outsourced", "mixed"):
            errors.append(f"bad delivery model {r}")
    ind_keys = Counter(
        (r["org_code"], r["year"], r["function"], r["indicator"])
        for r in bundle.get("indicators", [])
    )
    errors += [f"duplicate indicator {k}" for k, n in ind_keys.items() if n > 1]
    for r in bundle.get("indicators", []):
        if (r["org_code"], r["year"]) not in fin_keys or r["indicator"] not in INDICATORS:
            errors.append(f"bad indicator row {r}")
        _amount(r, "value")
    return errors


@pytest.mark.parametrize("seed", SEEDS)
def test_random_bundle_and_its_earlier_version_are_valid(seed: int) -> None:
    rng = random.Random(seed)
    bundle = random_bundle(rng)
    assert validation_errors(bundle) == []
    assert validation_errors(earlier_version(rng, bundle)) == []


@pytest.mark.parametrize("n_orgs", [1, 7, 60])
def test_random_bundle_has_the_asked_number_of_organisations(n_orgs: int) -> None:
    bundle = random_bundle(random.Random(n_orgs), n_orgs=n_orgs)
    assert len(bundle["organisations"]) == n_orgs
    assert validation_errors(bundle) == []


@settings(max_examples=30, deadline=None)
@given(bundles())
def test_hypothesis_bundles_are_valid(bundle: BundleRows) -> None:
    assert validation_errors(bundle) == []


def test_written_bundle_reads_back_the_same_whatever_the_header_case_and_order(
    tmp_path: Path,
) -> None:
    bundle = random_bundle(random.Random(5))
    plain = read_bundle_dir(write_bundle_dir(bundle, tmp_path / "a"))
    shuffled = read_bundle_dir(write_bundle_dir(bundle, tmp_path / "b", rng=random.Random(1)))
    assert plain == shuffled


def _features(bundle: BundleRows) -> set[str]:
    """The edge cases present in one bundle."""
    found: set[str] = set()
    orgs = {o["org_code"]: o for o in bundle["organisations"]}
    fin = {(f["org_code"], f["year"]): f for f in bundle["finance"]}
    lines = bundle["function_costs"]
    responded = {(r["org_code"], r["year"]) for r in lines}
    years = {f["year"] for f in bundle["finance"]}
    found.add(f"years={len(years)}")
    per_type_year = Counter((orgs[o]["org_type"], y) for o, y in responded)
    found |= {f"group={min(n, 6)}" for n in per_type_year.values()}
    if {o["org_type"] for o in orgs.values()} - {orgs[o]["org_type"] for o, _ in responded}:
        found.add("type without respondents")
    for key, f in fin.items():
        if key in responded:
            found |= {"total_pay 0"} if f["total_pay"] in ("0", "0.00") else set()
            found |= {"total_fte 0"} if f["total_fte"] == "0" else set()
            found |= {"running_costs missing"} if f.get("running_costs", "") == "" else set()
        else:
            found.add("non-respondent with finance row")
    if any((o, y) not in fin for o in orgs for y in years):
        found.add("non-respondent without finance row")
    by_oyf: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for r in lines:
        by_oyf.setdefault((r["org_code"], r["year"], r["function"]), []).append(r)
    for rows in by_oyf.values():
        if all(r["fte"] == "0" for r in rows):
            found.add("function fte 0")
        if all(Decimal(r["pay_cost"]) + Decimal(r["non_pay_cost"]) == 0 for r in rows):
            found.add("function cost 0")
        if len(rows) > 1:
            found.add("several processes")
            if any(r["process"] == "" for r in rows):
                found.add("blank and named processes")
    for r in lines:
        if Decimal(r["pay_cost"]) + Decimal(r["non_pay_cost"]) == 0:
            found.add("cost line 0")
        if "." in r["pay_cost"] and not r["pay_cost"].endswith(".00"):
            found.add("pence")
    for o, y in responded:
        shared = [r["shared_cost"] for r in lines if (r["org_code"], r["year"]) == (o, y)]
        found.add("shared " + ("none" if not any(shared) else "all" if all(shared) else "some"))
        functions = {r["function"] for r in lines if (r["org_code"], r["year"]) == (o, y)}
        if len(functions) < len(FUNCTIONS):
            found.add("only some functions")
        if Decimal(fin[(o, y)]["turnover"]) >= 10**9:
            found.add("turnover in billions")
    for entry in orgs.values():
        found.add(f"footprint {'empty' if not entry.get('footprint') else 'set'}")
        found.add(f"teaching {parse_bool(entry.get('teaching') or None)}")
    return found


def _has_tie(bundle: BundleRows, tmp_path: Path) -> bool:
    """Two organisations of one type with identical KPIs in a year."""
    b = read_bundle_dir(write_bundle_dir(bundle, tmp_path))
    kpis: dict[tuple[str, str], list[tuple[object, ...]]] = {}
    for r in ref_kpis(b):
        kpis.setdefault((str(r["org_code"]), str(r["year"])), []).append(
            (r["function"], r["kpi"], r["value"])
        )
    seen = Counter((b.organisations[o].org_type, y, tuple(v)) for (o, y), v in kpis.items())
    return any(n > 1 for n in seen.values())


def test_the_cross_check_seeds_cover_every_edge_case(tmp_path: Path) -> None:
    found: set[str] = set()
    ties = 0
    for seed in SEEDS:
        bundle = random_bundle(random.Random(seed))
        found |= _features(bundle)
        ties += _has_tie(bundle, tmp_path / str(seed))
    wanted = {
        *(f"group={n}" for n in range(1, 7)),
        "years=1",
        "years=2",
        "type without respondents",
        "total_pay 0",
        "total_fte 0",
        "running_costs missing",
        "non-respondent with finance row",
        "non-respondent without finance row",
        "function fte 0",
        "function cost 0",
        "cost line 0",
        "several processes",
        "blank and named processes",
        "pence",
        "shared none",
        "shared some",
        "shared all",
        "only some functions",
        "turnover in billions",
        "footprint empty",
        "footprint set",
        "teaching True",
        "teaching False",
        "teaching None",
    }
    assert wanted - found == set()
    assert ties >= 3
