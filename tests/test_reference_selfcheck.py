"""The reference implementation (tests/reference) against hand-computed figures on tiny bundles,
so that it can be trusted on its own as the judge of the project's machine outputs."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from reference import (
    RefBundle,
    read_bundle_dir,
    ref_kpis,
    ref_savings,
    ref_stats,
    ref_summary,
)
from reference.model import Row
from reference.random_bundles import BundleRows, write_bundle_dir
from reference.statistics import iqm, quantile7

Y1, Y2 = "2009/10", "2010/11"


def org(
    code: str,
    org_type: str = "acute",
    region: str = "London",
    footprint: str = "",
    teaching: str = "",
) -> dict[str, str]:
    return {
        "org_code": code,
        "org_name": f"{code} Trust",
        "org_type": org_type,
        "region": region,
        "footprint": footprint,
        "teaching": teaching,
    }


def fin(
    code: str,
    year: str = Y1,
    turnover: str = "1000",
    total_pay: str = "500",
    total_fte: str = "10",
    running_costs: str = "",
) -> dict[str, str]:
    return {
        "org_code": code,
        "year": year,
        "turnover": turnover,
        "total_pay": total_pay,
        "total_fte": total_fte,
        "running_costs": running_costs,
    }


def line(
    code: str,
    function: str,
    pay: str,
    non_pay: str = "0",
    fte: str = "1",
    shared: str = "",
    process: str = "",
    year: str = Y1,
) -> dict[str, str]:
    return {
        "org_code": code,
        "year": year,
        "function": function,
        "process": process,
        "pay_cost": pay,
        "non_pay_cost": non_pay,
        "fte": fte,
        "shared_cost": shared,
    }


def load(
    tmp_path: Path,
    orgs: list[dict[str, str]],
    fins: list[dict[str, str]],
    lines: list[dict[str, str]],
) -> RefBundle:
    bundle: BundleRows = {"organisations": orgs, "finance": fins, "function_costs": lines}
    return read_bundle_dir(write_bundle_dir(bundle, tmp_path / "bundle"))


def kpi_map(rows: list[Row]) -> dict[tuple[str, str, str], float]:
    return {
        (str(r["org_code"]), str(r["function"]), str(r["kpi"])): float(r["value"])  # type: ignore[arg-type]
        for r in rows
    }


def close(actual: object, expected: object) -> bool:
    """Equal, numbers within 1e-12 (relative or absolute), through tuples and dicts."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(
            close(actual[k], expected[k]) for k in expected
        )
    if isinstance(expected, (tuple, list)) and isinstance(actual, (tuple, list)):
        return len(actual) == len(expected) and all(map(close, actual, expected))
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)
    return actual == expected


def by_key(rows: list[Row], *keys: str) -> dict[tuple[str, ...], Row]:
    return {tuple(str(r[k]) for k in keys): r for r in rows}


# --- KPIs -------------------------------------------------------------------------------------


def test_kpis_follow_each_formula_summing_processes_and_functions(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA")],
        [fin("AAA", turnover="1000", total_pay="500", total_fte="10", running_costs="800")],
        [
            line("AAA", "finance", "30", "10", fte="2", shared="10", process="accounts_payable"),
            line("AAA", "finance", "10", "0", fte="0", shared="", process="Costing"),
            line("AAA", "hr", "25.50", "24.50", fte="3", shared="5"),
        ],
    )
    got = kpi_map(ref_kpis(b))
    assert got == pytest.approx(
        {
            ("AAA", "finance", "pct_turnover"): 5.0,
            ("AAA", "finance", "pct_pay"): 10.0,
            ("AAA", "finance", "pct_running_costs"): 6.25,
            ("AAA", "finance", "cost_per_fte"): 25.0,
            ("AAA", "finance", "cost_per_org_fte"): 5.0,
            ("AAA", "finance", "shared_pct"): 20.0,
            ("AAA", "hr", "pct_turnover"): 5.0,
            ("AAA", "hr", "pct_pay"): 10.0,
            ("AAA", "hr", "pct_running_costs"): 6.25,
            ("AAA", "hr", "cost_per_fte"): 50 / 3,
            ("AAA", "hr", "cost_per_org_fte"): 5.0,
            ("AAA", "hr", "shared_pct"): 10.0,
            ("AAA", "all", "pct_turnover"): 10.0,
            ("AAA", "all", "pct_pay"): 20.0,
            ("AAA", "all", "pct_running_costs"): 12.5,
            ("AAA", "all", "cost_per_fte"): 20.0,
            ("AAA", "all", "cost_per_org_fte"): 10.0,
            ("AAA", "all", "shared_pct"): 15.0,
        }
    )


def test_undefined_kpis_have_no_row_and_zero_numerators_give_zero(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA"), org("BBB")],
        [fin("AAA", total_pay="0", total_fte="0", running_costs=""), fin("BBB")],
        [
            line("AAA", "finance", "40", fte="0"),  # every shared_cost missing
            line("BBB", "hr", "0", "0", fte="2", shared="0"),  # a function costing 0
        ],
    )
    got = kpi_map(ref_kpis(b))
    assert got == {
        ("AAA", "finance", "pct_turnover"): 4.0,
        ("AAA", "all", "pct_turnover"): 4.0,
        ("BBB", "hr", "pct_turnover"): 0.0,
        ("BBB", "hr", "pct_pay"): 0.0,
        ("BBB", "hr", "cost_per_fte"): 0.0,
        ("BBB", "hr", "cost_per_org_fte"): 0.0,
        ("BBB", "all", "pct_turnover"): 0.0,
        ("BBB", "all", "pct_pay"): 0.0,
        ("BBB", "all", "cost_per_fte"): 0.0,
        ("BBB", "all", "cost_per_org_fte"): 0.0,
    }


def test_shared_sums_present_cells_only_and_all_shares_them(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA")],
        [fin("AAA")],
        [
            line("AAA", "finance", "50", shared="", process="a"),
            line("AAA", "finance", "50", shared="20", process="b"),
            line("AAA", "hr", "100"),
        ],
    )
    got = kpi_map(ref_kpis(b))
    assert got[("AAA", "finance", "shared_pct")] == 20.0
    assert ("AAA", "hr", "shared_pct") not in got
    assert got[("AAA", "all", "shared_pct")] == 10.0


def test_kpis_only_for_respondents_and_the_functions_they_have(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA"), org("BBB"), org("CCC")],
        [fin("AAA"), fin("BBB"), fin("AAA", year=Y2)],
        [line("AAA", "hr", "10")],
    )
    rows = ref_kpis(b)
    assert {(r["org_code"], r["year"], r["function"]) for r in rows} == {
        ("AAA", Y1, "hr"),
        ("AAA", Y1, "all"),
    }
    assert [r["kpi"] for r in rows if r["function"] == "all"] == sorted(
        ["pct_turnover", "pct_pay", "cost_per_fte", "cost_per_org_fte"]
    )


def test_kpi_rows_are_sorted_by_plain_string_order(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("B10"), org("A20"), org("AB1")],
        [fin("B10"), fin("A20"), fin("AB1"), fin("A20", year=Y2)],
        [
            line(c, f, "10", year=y)
            for c, y in [("B10", Y1), ("A20", Y2), ("AB1", Y1), ("A20", Y1)]
            for f in ("imt", "estates")
        ],
    )
    keys = [(r["org_code"], r["year"], r["function"], r["kpi"]) for r in ref_kpis(b)]
    triples = list(dict.fromkeys(k[:3] for k in keys))
    assert triples == [
        (c, y, f)
        for c, y in (("A20", Y1), ("A20", Y2), ("AB1", Y1), ("B10", Y1))
        for f in ("all", "estates", "imt")
    ]
    assert [k[3] for k in keys[:4]] == [
        "cost_per_fte",
        "cost_per_org_fte",
        "pct_pay",
        "pct_turnover",
    ]


# --- statistics -------------------------------------------------------------------------------

GROUP_CASES = [
    # values of pct_turnover in a peer group -> n, mean, median, q1, q3, iqm, min, max
    ([4], (1, 4, 4, 4, 4, 4, 4, 4)),
    ([3, 1], (2, 2, 2, 1.5, 2.5, 2, 1, 3)),
    ([4, 1, 2], (3, 7 / 3, 2, 1.5, 3, 7 / 3, 1, 4)),
    ([10, 3, 1, 2], (4, 4, 2.5, 1.75, 4.75, 2.5, 1, 10)),
    ([100, 4, 1, 3, 2], (5, 22, 3, 2, 4, 3, 1, 100)),
    ([50, 7, 1, 6, 2, 5, 3, 4], (8, 9.75, 4.5, 2.75, 6.25, 4.5, 1, 50)),
    ([2, 5, 2, 2], (4, 2.75, 2, 2, 2.75, 2, 2, 5)),  # ties
    ([3, 3, 3], (3, 3, 3, 3, 3, 3, 3, 3)),  # all tied
]


@pytest.mark.parametrize(
    ("values", "expected"),
    GROUP_CASES,
    ids=[f"n{len(v)}-{i}" for i, (v, _e) in enumerate(GROUP_CASES)],
)
def test_stats_of_a_peer_group_by_hand(
    tmp_path: Path, values: list[int], expected: tuple[float, ...]
) -> None:
    codes = [f"ORG{i}" for i in range(len(values))]
    b = load(
        tmp_path,
        [org(c) for c in codes],
        [fin(c, turnover="1000") for c in codes],
        [line(c, "finance", str(10 * v)) for c, v in zip(codes, values, strict=True)],
    )
    rows = by_key(ref_stats(b), "group", "year", "function", "kpi")
    row = rows[("acute", Y1, "finance", "pct_turnover")]
    names = ("n", "mean", "median", "q1", "q3", "iqm", "min", "max")
    assert tuple(row[n] for n in names) == pytest.approx(expected)
    assert isinstance(row["n"], int)


def test_stats_count_only_organisations_with_the_kpi_defined(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA"), org("BBB"), org("CCC"), org("DDD", "community")],
        [fin("AAA", total_pay="0"), fin("BBB"), fin("CCC"), fin("DDD")],
        [
            line("AAA", "finance", "10"),
            line("BBB", "finance", "20"),
            line("CCC", "hr", "30"),
            line("DDD", "finance", "40"),
        ],
    )
    rows = by_key(ref_stats(b), "group", "function", "kpi")
    assert rows[("acute", "finance", "pct_turnover")]["n"] == 2
    assert rows[("acute", "finance", "pct_pay")]["n"] == 1  # AAA has total_pay 0
    assert rows[("acute", "all", "pct_turnover")]["n"] == 3
    assert rows[("acute", "hr", "pct_turnover")]["mean"] == 3.0
    assert rows[("community", "finance", "pct_turnover")]["n"] == 1
    assert ("acute", "finance", "pct_running_costs") not in rows


def test_groupings_leave_out_empty_columns_and_name_groups_as_the_standard_says(
    tmp_path: Path,
) -> None:
    b = load(
        tmp_path,
        [
            org("AAA", "acute", "London", "ICS A", "Yes"),
            org("BBB", "community", "London", "", "0"),
            org("CCC", "acute", "North, East", "ICS A", ""),
            org("DDD", "acute", "London", "ICS B", "TRUE"),
        ],
        [fin(c) for c in ("AAA", "BBB", "CCC", "DDD")],
        [line(c, "hr", str(v)) for c, v in (("AAA", 10), ("BBB", 20), ("CCC", 30), ("DDD", 50))],
    )

    def groups(grouping: str) -> dict[str, float]:
        return {
            str(r["group"]): float(r["mean"])  # type: ignore[arg-type]
            for r in ref_stats(b, grouping)
            if r["function"] == "hr" and r["kpi"] == "pct_turnover"
        }

    assert groups("org_type") == {"acute": 3.0, "community": 2.0}
    assert groups("region") == {"London": 8 / 3, "North, East": 3.0}
    assert groups("footprint") == {"ICS A": 2.0, "ICS B": 5.0}
    assert groups("teaching") == {"true": 3.0, "false": 2.0}
    assert groups("region_type") == {
        "London|acute": 3.0,
        "London|community": 2.0,
        "North, East|acute": 3.0,
    }
    assert [r["group"] for r in ref_stats(b, "teaching")][:1] == ["false"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=30),
    st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)]),
)
def test_quantile_and_iqm_agree_with_numpy_and_scipy(values: list[int], p: Fraction) -> None:
    xs = [Fraction(v, 7) for v in values]
    assert float(quantile7(xs, p)) == pytest.approx(
        float(np.quantile(np.array(xs, dtype=float), float(p))), rel=1e-12, abs=1e-12
    )
    assert float(iqm(xs)) == pytest.approx(
        float(sps.trim_mean(np.array(xs, dtype=float), 0.25)), rel=1e-12, abs=1e-12
    )


# --- savings ----------------------------------------------------------------------------------


def _four_acute(tmp_path: Path) -> RefBundle:
    """pct_turnover of finance 1, 2, 3, 10 (iqm 2.5, median 2.5, q1 1.75) on turnover 1000."""
    codes = ["AAA", "BBB", "CCC", "DDD"]
    return load(
        tmp_path,
        [org(c) for c in codes],
        [fin(c) for c in codes],
        [line(c, "finance", str(v)) for c, v in zip(codes, (10, 20, 30, 100), strict=True)],
    )


@pytest.mark.parametrize(
    ("method", "target", "savings"),
    [
        ("iqm", 2.5, (0, 0, 5, 75)),
        ("median", 2.5, (0, 0, 5, 75)),
        ("q1", 1.75, (0, 2.5, 12.5, 82.5)),
        ("threshold:2", 2.0, (0, 0, 10, 80)),
    ],
)
def test_savings_under_peer_and_threshold_methods_by_hand(
    tmp_path: Path, method: str, target: float, savings: tuple[float, ...]
) -> None:
    rows = ref_savings(_four_acute(tmp_path), method)
    assert [(r["org_code"], r["function"]) for r in rows] == [
        (c, f) for c in ("AAA", "BBB", "CCC", "DDD") for f in ("all", "finance")
    ]
    for r in rows:
        assert r["target"] == pytest.approx(target)
    finance = [r for r in rows if r["function"] == "finance"]
    assert [r["saving"] for r in finance] == pytest.approx(list(savings))
    assert [r["kpi_value"] for r in finance] == pytest.approx([1, 2, 3, 10])


def test_external_method_skips_functions_and_all_without_a_comparator(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA")],
        [fin("AAA")],
        [line("AAA", "finance", "20"), line("AAA", "estates", "30"), line("AAA", "imt", "10")],
    )
    median = ref_savings(b, "external:hackett_median")
    assert close(
        [(r["function"], r["target"], r["saving"]) for r in median],
        [("finance", 1.157, 20 - 11.57), ("imt", 2.252, 0.0)],
    )
    best = ref_savings(b, "external:hackett_best_in_class")
    assert close(
        [(r["function"], r["saving"]) for r in best],
        [("finance", 20 - 6.09), ("imt", 0.0)],  # imt: 10 < 1.496% of 1000
    )


def test_savings_follow_the_grouping_and_drop_organisations_outside_it(tmp_path: Path) -> None:
    b = load(
        tmp_path,
        [org("AAA", footprint="F1"), org("BBB", footprint="F1"), org("CCC")],
        [fin(c) for c in ("AAA", "BBB", "CCC")],
        [line("AAA", "hr", "10"), line("BBB", "hr", "30"), line("CCC", "hr", "50")],
    )
    rows = ref_savings(b, "median", grouping="footprint")
    assert {(r["org_code"], r["function"]): (r["target"], r["saving"]) for r in rows} == {
        ("AAA", "all"): (2.0, 0.0),
        ("AAA", "hr"): (2.0, 0.0),
        ("BBB", "all"): (2.0, 10.0),
        ("BBB", "hr"): (2.0, 10.0),
    }


# --- summary ----------------------------------------------------------------------------------


def _summary_bundle(tmp_path: Path) -> RefBundle:
    """acute: AAA, BBB respond in 2009/10, AAA alone in 2010/11; CCC has a finance row only and
    DDD nothing. community: EEE with a finance row only. ambulance: FFF with nothing at all."""
    return load(
        tmp_path,
        [
            org("AAA"),
            org("BBB"),
            org("CCC"),
            org("DDD"),
            org("EEE", "community"),
            org("FFF", "ambulance"),
        ],
        [fin("AAA"), fin("BBB", turnover="2000"), fin("CCC"), fin("EEE"), fin("AAA", year=Y2)],
        [
            line("AAA", "finance", "30"),
            line("AAA", "hr", "40"),
            line("BBB", "finance", "100"),
            line("AAA", "finance", "80", year=Y2),
        ],
    )


def _summary_map(rows: list[Row]) -> dict[tuple[str, str], tuple[object, ...]]:
    cols = (
        "eligible",
        "respondents",
        "response_rate",
        "spend",
        "spend_extrapolated",
        "saving",
        "saving_extrapolated",
    )
    return {(str(r["org_type"]), str(r["year"])): tuple(r[c] for c in cols) for r in rows}


def test_summary_threshold_uses_the_all_saving_and_extrapolates_by_type(tmp_path: Path) -> None:
    rows = ref_summary(_summary_bundle(tmp_path), "threshold:5")
    assert [(r["org_type"], r["year"]) for r in rows] == [
        (t, y) for t in ("acute", "all", "ambulance", "community") for y in (Y1, Y2)
    ]
    assert close(
        _summary_map(rows),
        {
            # AAA: all cost 70 on turnover 1000 -> saving 20 (its function savings would be 0);
            # BBB: 100 on 2000 -> 0.
            ("acute", Y1): (4, 2, 0.5, 170, 340, 20, 40),
            ("acute", Y2): (4, 1, 0.25, 80, 320, 30, 120),
            ("community", Y1): (1, 0, 0, 0, None, 0, None),
            ("community", Y2): (1, 0, 0, 0, None, 0, None),
            ("ambulance", Y1): (1, 0, 0, 0, None, 0, None),
            ("ambulance", Y2): (1, 0, 0, 0, None, 0, None),
            ("all", Y1): (6, 2, 1 / 3, 170, 340, 20, 40),
            ("all", Y2): (6, 1, 1 / 6, 80, 320, 30, 120),
        },
    )


def test_summary_peer_method_sums_function_savings_not_the_all_saving(tmp_path: Path) -> None:
    rows = _summary_map(ref_summary(_summary_bundle(tmp_path), "iqm"))
    # 2009/10 acute: finance 3% and 5% (iqm 4): BBB saves 100 - 80 = 20; hr AAA alone: 0.
    # (On `all`, 7% and 5%, iqm 6: AAA would save 10 — not used.)
    assert close(rows[("acute", Y1)], (4, 2, 0.5, 170, 340, 20, 40))
    assert close(rows[("acute", Y2)], (4, 1, 0.25, 80, 320, 0, 0))
    assert close(rows[("all", Y1)], (6, 2, 1 / 3, 170, 340, 20, 40))


def test_summary_external_method_counts_only_functions_with_a_comparator(tmp_path: Path) -> None:
    rows = _summary_map(ref_summary(_summary_bundle(tmp_path), "external:hackett_median"))
    # finance 1.157%: AAA 30 - 11.57, BBB 100 - 23.14; hr 0.777%: AAA 40 - 7.77.
    saving = (30 - 11.57) + (100 - 23.14) + (40 - 7.77)
    assert close(rows[("acute", Y1)], (4, 2, 0.5, 170, 340, saving, saving * 2))


def test_summary_all_row_adds_nothing_when_no_type_responded(tmp_path: Path) -> None:
    # The standard is silent on a year where no type has respondents; the reference reads
    # "Σ of the types' extrapolated figures, types with no respondents adding nothing" as 0.
    b = load(
        tmp_path,
        [org("AAA"), org("BBB", "community")],
        [fin("AAA"), fin("BBB", year=Y2)],
        [line("AAA", "hr", "10")],
    )
    rows = _summary_map(ref_summary(b, "median"))
    assert rows[("all", Y2)] == (2, 0, 0, 0, 0, 0, 0)
    assert rows[("acute", Y2)] == (1, 0, 0, 0, None, 0, None)


# --- reading ----------------------------------------------------------------------------------


def test_reader_ignores_header_case_and_column_order(tmp_path: Path) -> None:
    bundle: BundleRows = {
        "organisations": [org("AAA", teaching="no"), org("BBB", teaching="YES")],
        "finance": [fin("AAA"), fin("BBB")],
        "function_costs": [line("AAA", "hr", "10.25"), line("BBB", "hr", "1e1")],
    }
    plain = read_bundle_dir(write_bundle_dir(bundle, tmp_path / "plain"))
    shuffled = read_bundle_dir(
        write_bundle_dir(bundle, tmp_path / "shuffled", rng=random.Random(3))
    )
    assert plain == shuffled
    assert [o.teaching for o in plain.organisations.values()] == [False, True]
    assert plain.cost_lines[0].pay_cost == Fraction(1025, 100)


def test_reader_rejects_duplicate_processes_that_differ_only_in_case_or_separator(
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        load(
            tmp_path,
            [org("AAA")],
            [fin("AAA")],
            [
                line("AAA", "hr", "1", process="HR advice"),
                line("AAA", "hr", "1", process="hr_Advice"),
            ],
        )
