"""The consortium baseline (planning methods §1, §2) against the hand-worked figures of
``consortium_tables``."""

from __future__ import annotations

import polars as pl
import pytest

from bench.consortium_tables import engine
from bench.tables import Y1
from corpbench.bench.consortium import (
    SCALE_TARGET,
    SCALE_VIABLE,
    consortium_baseline,
    default_class_shares,
    footprint_codes,
    region_codes,
    scale_status,
)
from corpbench.standard.vocab import PROCESS_CLASSES

K = 1000.0


def _row(frame, function):  # type: ignore[no-untyped-def]
    rows = [r for r in frame.iter_rows(named=True) if r["function"] == function]
    assert len(rows) == 1
    return rows[0]


def test_footprint_and_region_members() -> None:
    e = engine()
    assert footprint_codes(e.organisations, "F1") == ["P01", "P02", "P03", "P07"]
    assert region_codes(e.organisations, "North") == [
        "P01",
        "P02",
        "P03",
        "P04",
        "P05",
        "P06",
        "P07",
    ]
    assert footprint_codes(e.organisations, "nowhere") == []


def test_f1_baseline_by_function_worked_by_hand() -> None:
    e = engine()
    b = consortium_baseline(e, footprint_codes(e.organisations, "F1"), Y1)
    assert b.partner_codes == ("P01", "P02", "P03")
    assert b.not_responding == ("P07",)
    assert b.functions["function"].to_list() == ["finance", "hr", "payroll", "all"]
    fin = _row(b.functions, "finance")
    assert fin["organisations"] == 3
    assert fin["cost"] == pytest.approx(2900 * K)
    assert fin["pay"] == pytest.approx(2250 * K)
    assert fin["fte"] == pytest.approx(5.0)
    assert fin["shared"] == pytest.approx(100 * K)
    assert fin["classified"] == pytest.approx(1500 * K)
    assert fin["transactional"] == pytest.approx(1325 * K)
    assert fin["operational"] == pytest.approx(1025 * K)
    assert fin["strategic"] == pytest.approx(550 * K)
    assert fin["transactional_share"] == pytest.approx(1325 / 2900)
    hr = _row(b.functions, "hr")
    assert (hr["cost"], hr["transactional"], hr["operational"], hr["strategic"]) == pytest.approx(
        (600 * K, 480 * K, 80 * K, 40 * K)
    )
    assert hr["shared"] is None  # no partner returned a shared cost for hr
    assert hr["classified"] == pytest.approx(400 * K)  # "Employee Records" is employee_records
    pay = _row(b.functions, "payroll")
    assert (pay["transactional_share"], pay["operational_share"]) == (1.0, 0.0)
    whole = _row(b.functions, "all")
    assert whole["cost"] == pytest.approx(3600 * K)
    assert whole["transactional"] == pytest.approx((1325 + 480 + 100) * K)
    assert whole["organisations"] == 3


def test_employees_scale_carter_and_volumes() -> None:
    e = engine()
    b = consortium_baseline(e, ["P01", "P02", "P03"], Y1)
    assert b.employees == 21000.0
    assert b.employees_from_fte == ("P02",)
    assert b.scale == "viable"
    carter = {r["org_code"]: r for r in b.partners.iter_rows(named=True)}
    assert carter["P01"]["pct_turnover"] == pytest.approx(2.5)
    assert (carter["P01"]["within_7"], carter["P01"]["within_6"]) == (True, True)
    assert carter["P02"]["pct_turnover"] == pytest.approx(7.0)
    assert (carter["P02"]["within_7"], carter["P02"]["within_6"]) == (True, False)
    assert (carter["P03"]["within_7"], carter["P03"]["within_6"]) == (False, False)
    assert carter["P01"]["cost"] == pytest.approx(2500 * K)
    vols = {(r["function"], r["indicator"]): r for r in b.volumes.iter_rows(named=True)}
    assert set(vols) == {("finance", "invoices_paid"), ("hr", "employees_served")}  # no debtor_days
    assert vols["finance", "invoices_paid"]["value"] == 1500.0
    assert vols["finance", "invoices_paid"]["organisations"] == 2


def test_named_list_errors() -> None:
    e = engine()
    with pytest.raises(ValueError, match="Not in the register: ZZ9"):
        consortium_baseline(e, ["P01", "ZZ9"], Y1)
    with pytest.raises(ValueError, match="has cost data"):
        consortium_baseline(e, ["P07"], Y1)


@pytest.mark.parametrize(
    ("employees", "status"),
    [
        (None, None),
        (0.0, "below_minimum"),
        (SCALE_VIABLE - 0.5, "below_minimum"),
        (SCALE_VIABLE, "viable"),
        (SCALE_TARGET - 1, "viable"),
        (SCALE_TARGET, "target"),
    ],
)
def test_scale_test_edges(employees: float | None, status: str | None) -> None:
    assert scale_status(employees) == status


def test_default_shares_count_the_table_14_processes() -> None:
    assert default_class_shares("finance") == (3 / 8, 3 / 8, 2 / 8)
    assert default_class_shares("payroll") == (1.0, 0.0, 0.0)
    for f in PROCESS_CLASSES:
        assert sum(default_class_shares(f)) == pytest.approx(1.0)
    # a round's own mapping decides; a function in no mapping is all strategic
    assert default_class_shares("finance", {"finance": {"a": "T", "b": "S"}}) == (0.5, 0.0, 0.5)
    assert default_class_shares("fleet", {}) == (0.0, 0.0, 1.0)


def test_a_rounds_mapping_classifies_process_rows() -> None:
    e = engine()
    classes = {"finance": {"treasury": "T"}, "hr": {}}
    b = consortium_baseline(e, ["P02"], Y1, classes)
    fin = _row(b.functions, "finance")
    assert fin["transactional"] == pytest.approx(500 * K)  # treasury is T in this round
    hr = _row(b.functions, "hr")  # no hr process in the round: the standard's default shares
    assert hr["transactional"] == pytest.approx(0.4 * 200 * K)


def test_the_demo_footprints_against_a_plain_python_baseline() -> None:
    """Every footprint of a small demo round: the baseline's sums and class split against a
    row-by-row computation in plain Python."""
    from collections import defaultdict

    from corpbench.bench import Benchmark
    from corpbench.demo import generate

    e = Benchmark.from_bundle(generate(scale=0.3, years=("2009/10",)))
    year = "2009/10"
    rows = e.function_costs.filter(pl.col("year") == year).to_dicts()
    finance_rows = {r["org_code"]: r for r in e.finance.filter(pl.col("year") == year).to_dicts()}
    names = sorted({(f or "").strip() for f in e.organisations["footprint"].to_list()} - {""})
    assert names
    for name in names[:6]:
        codes = footprint_codes(e.organisations, name)
        responded = sorted({r["org_code"] for r in rows if r["org_code"] in codes})
        if not responded:
            continue
        b = consortium_baseline(e, codes, year)
        assert b.partner_codes == tuple(responded)
        want: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for r in rows:
            if r["org_code"] not in responded:
                continue
            f, cost = r["function"], r["pay_cost"] + r["non_pay_cost"]
            key = (r["process"] or "").strip().lower().replace(" ", "_")
            klass = PROCESS_CLASSES.get(f, {}).get(key)
            if klass is None:
                processes = list(PROCESS_CLASSES[f].values())
                shares = {k: processes.count(k) / len(processes) for k in "TOS"}
            else:
                shares = {k: float(k == klass) for k in "TOS"}
            for target in (f, "all"):
                want[target]["cost"] += cost
                want[target]["pay"] += r["pay_cost"]
                for k, col in zip(
                    "TOS", ("transactional", "operational", "strategic"), strict=True
                ):
                    want[target][col] += cost * shares[k]
        for row in b.functions.iter_rows(named=True):
            for col in ("cost", "pay", "transactional", "operational", "strategic"):
                assert row[col] == pytest.approx(want[row["function"]][col], rel=1e-9), (
                    name,
                    row["function"],
                    col,
                )
        assert set(b.functions["function"]) == set(want)
        emp = [
            finance_rows[c]["employees"]
            if finance_rows[c]["employees"] is not None
            else finance_rows[c]["total_fte"]
            for c in responded
        ]
        assert b.employees == pytest.approx(sum(emp))
