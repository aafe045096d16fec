"""``corpbench export kpis | stats | savings | summary | anomalies``: the machine outputs of data
standard §3 (columns, sorting, ``--year``, ``--out``, full precision, undefined = no row),
checked against hand computations on the tiny round of ``cli/bundles.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.bundles import (
    ACUTE_FINANCE_COST,
    ACUTE_PAY,
    ACUTE_TURNOVER,
    COST_HEADER,
    FIN_HEADER,
    NAMES,
    ORG_HEADER,
    Y1,
    Y2,
)
from cli.conftest import Cli
from ingest.bundles import write_folder

HEADERS = {
    "kpis": "org_code,year,function,kpi,value",
    "stats": "group,year,function,kpi,n,mean,median,q1,q3,iqm,min,max",
    "savings": "org_code,year,function,kpi_value,target,saving",
    "summary": (
        "org_type,year,eligible,respondents,response_rate,spend,spend_extrapolated,saving,"
        "saving_extrapolated"
    ),
    "anomalies": "org_code,year,function,process,rule,kpi,value,lower,upper,message",
    "trend": "function,year,round,organisations,cost,turnover,pct_turnover,segment,break_before",
}
#: How many leading columns make each output's key.
KEY_COLUMNS = {"kpis": 4, "stats": 4, "savings": 3, "summary": 2, "anomalies": 6, "trend": 2}
EXTRA = {"savings": ["--method", "iqm"], "summary": ["--method", "iqm"]}
NUMERIC = {
    "kpis": ["value"],
    "stats": ["mean", "median", "q1", "q3", "iqm", "min", "max"],
    "savings": ["kpi_value", "target", "saving"],
    "summary": ["response_rate", "spend", "spend_extrapolated", "saving", "saving_extrapolated"],
    "trend": ["cost", "turnover", "pct_turnover"],
}


def export(cli: Cli, kind: str, *more: str) -> list[list[str]]:
    return cli.csv("export", kind, *EXTRA.get(kind, []), *more)


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def one(rows: list[dict[str, str]], **where: str) -> dict[str, str]:
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, found)
    return found[0]


def test_every_export_has_the_standard_header_and_rows_sorted_by_unique_keys(
    round_cli: Cli,
) -> None:
    for kind, header in HEADERS.items():
        rows = export(round_cli, kind)
        assert ",".join(rows[0]) == header, kind
        assert len(rows) > 2, kind
        k = KEY_COLUMNS[kind]
        keys = [tuple(r[:k]) for r in rows[1:]]
        assert keys == sorted(keys), kind
        assert len(set(keys)) == len(keys), kind
        assert all(len(r) == len(rows[0]) for r in rows), kind


def test_numbers_are_written_at_full_precision_as_python_repr(round_cli: Cli) -> None:
    for kind, columns in NUMERIC.items():
        for row in as_dicts(export(round_cli, kind)):
            for col in columns:
                text = row[col]
                if text == "":
                    continue
                assert text == repr(float(text)), (kind, col, text)
    # counts are integers
    for row in as_dicts(export(round_cli, "stats")):
        assert row["n"].isdigit()


def test_year_keeps_exactly_that_years_rows(round_cli: Cli) -> None:
    for kind in (k for k in HEADERS if k != "trend"):  # a trend spans every year
        everything = export(round_cli, kind)
        year_col = everything[0].index("year")
        for year in (Y1, Y2):
            only = export(round_cli, kind, "--year", year)
            assert only[0] == everything[0], kind
            assert only[1:] == [r for r in everything[1:] if r[year_col] == year], (kind, year)
        assert export(round_cli, kind, "--year", "1999/00") == [everything[0]], kind
    # both years really are there
    kpis = export(round_cli, "kpis")
    assert 1 < len(export(round_cli, "kpis", "--year", Y2)) < len(kpis)


def test_out_writes_the_same_bytes_as_stdout_and_prints_nothing(
    round_cli: Cli, tmp_path: Path
) -> None:
    for kind in HEADERS:
        printed = round_cli.ok("export", kind, *EXTRA.get(kind, [])).stdout
        target = tmp_path / f"{kind}.csv"
        result = round_cli.ok("export", kind, *EXTRA.get(kind, []), "--out", target)
        assert result.stdout == "", kind
        assert target.read_bytes() == printed.encode("utf-8"), kind
        assert target.read_bytes().startswith(HEADERS[kind].encode() + b"\n"), kind


def test_kpis_equal_the_hand_computed_values(round_cli: Cli) -> None:
    rows = as_dicts(export(round_cli, "kpis"))
    cost = ACUTE_FINANCE_COST["AC003"]  # 1,400,000, 30 FTE
    got = {
        r["kpi"]: r["value"]
        for r in rows
        if (r["org_code"], r["year"], r["function"]) == ("AC003", Y1, "finance")
    }
    # 100 x cost / turnover etc., each written as Python's repr of the float
    assert got == {
        "pct_turnover": repr(100 * cost / ACUTE_TURNOVER),  # 1.4
        "pct_pay": repr(100 * cost / ACUTE_PAY),  # 2.3333333333333335
        "pct_running_costs": repr(100 * cost / 90_000_000),
        "cost_per_fte": repr(cost / 30),
        "cost_per_org_fte": "700.0",  # 1,400,000 / 2,000 FTE
    }
    assert got["pct_turnover"] == "1.4"
    assert got["cost_per_fte"] == "46666.666666666664"  # 17 significant figures, unrounded
    # all = finance + hr: 2,400,000 over 55 FTE
    assert one(rows, org_code="AC003", year=Y1, function="all", kpi="cost_per_fte")[
        "value"
    ] == repr(2_400_000 / 55)
    # shared_pct only where shared costs were given: MH002 shares 100,000 of 900,000
    assert one(rows, org_code="MH002", function="finance", kpi="shared_pct")["value"] == repr(
        100 * 100_000 / 900_000
    )
    # undefined = no row: no running costs in 2010/11 nor for the mental-health trusts, no hr
    # line for them, and nothing at all for the trust that did not respond
    assert not [r for r in rows if r["year"] == Y2 and r["kpi"] == "pct_running_costs"]
    assert not [r for r in rows if r["org_code"] == "MH001" and r["kpi"] == "pct_running_costs"]
    assert not [r for r in rows if r["org_code"].startswith("MH") and r["function"] == "hr"]
    assert not [r for r in rows if r["org_code"] == "CM001"]
    assert {r["org_code"] for r in rows} == set(NAMES) - {"CM001"}


def test_stats_of_the_acute_finance_group_equal_the_hand_computed_values(round_cli: Cli) -> None:
    rows = as_dicts(export(round_cli, "stats"))
    row = one(rows, group="acute", year=Y1, function="finance", kpi="pct_turnover")
    # values 1.0, 1.2, 1.4, 1.6, 3.0: k = floor(5/4) = 1 removed from each end for the IQM
    assert row["n"] == "5"
    figures = {k: float(row[k]) for k in ("mean", "median", "q1", "q3", "iqm", "min", "max")}
    assert figures == pytest.approx(
        {"mean": 1.64, "median": 1.4, "q1": 1.2, "q3": 1.6, "iqm": 1.4, "min": 1.0, "max": 3.0},
        rel=1e-12,
    )
    # a group of two (2010/11 acute) and a group with nobody in it (community): no row for it
    two = one(rows, group="acute", year=Y2, function="finance", kpi="pct_turnover")
    assert two["n"] == "2"
    assert float(two["iqm"]) == pytest.approx(1.2, rel=1e-12)  # 100 x 1,320,000 / 110m
    assert {r["group"] for r in rows} == {"acute", "mental_health"}
    mh = one(rows, group="mental_health", year=Y1, function="finance", kpi="pct_turnover")
    # 0.8 and 1.125: q1 = 0.8 + 0.25 x 0.325
    assert (float(mh["q1"]), float(mh["iqm"])) == pytest.approx((0.88125, 0.9625), rel=1e-12)


def test_savings_equal_the_hand_computed_values(round_cli: Cli) -> None:
    iqm = as_dicts(export(round_cli, "savings"))
    ac5 = one(iqm, org_code="AC005", year=Y1, function="finance")
    assert float(ac5["kpi_value"]) == 3.0
    assert float(ac5["target"]) == pytest.approx(1.4, rel=1e-12)
    # 3,000,000 - 1.4% x 100,000,000
    assert float(ac5["saving"]) == pytest.approx(1_600_000, rel=1e-12)
    # below the target: saving 0, never negative
    assert one(iqm, org_code="AC001", year=Y1, function="finance")["saving"] == "0.0"
    assert all(float(r["saving"]) >= 0 for r in iqm)

    threshold = as_dicts(round_cli.csv("export", "savings", "--method", "threshold:1.5"))
    # AC003 all: 2,400,000 - 1.5% x 100,000,000 = 900,000
    assert one(threshold, org_code="AC003", year=Y1, function="all") == {
        "org_code": "AC003",
        "year": Y1,
        "function": "all",
        "kpi_value": "2.4",
        "target": "1.5",
        "saving": "900000.0",
    }

    # an external table has figures for finance, hr, procurement and imt only: no target, no
    # row for the other functions nor for all
    hackett = as_dicts(round_cli.csv("export", "savings", "--method", "external:hackett_median"))
    assert {r["function"] for r in hackett} == {"finance", "hr"}
    assert one(hackett, org_code="AC005", year=Y1, function="finance")["target"] == "1.157"


def test_summary_equals_the_hand_computed_totals_and_extrapolation(round_cli: Cli) -> None:
    rows = {(r["org_type"], r["year"]): r for r in as_dicts(export(round_cli, "summary"))}
    assert set(rows) == {
        (t, y) for t in ("acute", "mental_health", "community", "all") for y in (Y1, Y2)
    }
    acute1 = rows[("acute", Y1)]
    # spend: finance 9.2m + hr 5 x 1m
    assert [acute1[k] for k in ("eligible", "respondents", "response_rate", "spend")] == [
        "5",
        "5",
        "1.0",
        "13200000.0",
    ]
    # saving: AC004 (1.6 - 1.4)% and AC005 (3.0 - 1.4)% of 100m
    assert float(acute1["saving"]) == pytest.approx(1_800_000, rel=1e-12)
    # 2010/11: 2 of 5 acute trusts respond, 2 x 1,320,000 scaled by 5/2
    acute2 = rows[("acute", Y2)]
    assert [acute2[k] for k in ("respondents", "response_rate", "spend", "spend_extrapolated")] == [
        "2",
        "0.4",
        "2640000.0",
        "6600000.0",
    ]
    # a type with no respondents: zeros and empty extrapolated cells
    assert [rows[("community", Y1)][k] for k in HEADERS["summary"].split(",")[2:]] == [
        "1",
        "0",
        "0.0",
        "0.0",
        "",
        "0.0",
        "",
    ]
    all2 = rows[("all", Y2)]
    assert [all2[k] for k in ("eligible", "respondents", "response_rate")] == ["8", "2", "0.25"]
    assert all2["spend_extrapolated"] == "6600000.0"  # types with no respondents add nothing
    all1 = rows[("all", Y1)]
    assert all1["response_rate"] == "0.875"  # 7 of 8
    assert all1["spend"] == "14500000.0"  # acute 13.2m + mental health 0.4m + 0.9m
    # mental health (n = 2, IQM = mean 0.9625): MH002 saves 900,000 - 0.9625% x 80m
    assert float(rows[("mental_health", Y1)]["saving"]) == pytest.approx(130_000, rel=1e-12)


def test_anomalies_flag_the_outlier_of_the_round(round_cli: Cli) -> None:
    rows = as_dicts(export(round_cli, "anomalies"))
    assert {r["org_code"] for r in rows} == {"AC005"}
    finance = one(rows, org_code="AC005", function="finance", kpi="pct_turnover")
    assert finance["rule"] == "peer_outlier"
    assert finance["value"] == "3.0"
    # above q3 + 3 x IQR = 1.6 + 3 x 0.4
    assert float(finance["upper"]) == pytest.approx(2.8, rel=1e-12)


def test_trend_of_the_nation_and_a_footprint_by_hand(round_cli: Cli) -> None:
    # finance 2009/10: the acute trusts' costs of 5 × £100m, MH001 £0.4m of £50m, MH002 £0.9m
    # of £80m; 2010/11: AC001 and AC002 £1.32m each of £110m each; one round, no break
    rows = as_dicts(export(round_cli, "trend"))
    y1 = one(rows, function="finance", year=Y1)
    acute = sum(ACUTE_FINANCE_COST.values())
    assert (y1["round"], y1["organisations"], y1["segment"], y1["break_before"]) == (
        "qipp-2010", "7", "0", "false"
    )  # fmt: skip
    assert float(y1["cost"]) == acute + 400_000 + 900_000
    assert float(y1["turnover"]) == 5 * ACUTE_TURNOVER + 50e6 + 80e6
    assert float(y1["pct_turnover"]) == pytest.approx(100 * (acute + 1.3e6) / 630e6, rel=1e-15)
    y2 = one(rows, function="finance", year=Y2)
    assert float(y2["pct_turnover"]) == pytest.approx(1.2, rel=1e-15)
    assert {r["function"] for r in rows if r["year"] == Y2} == {"finance", "all"}
    # footprint NCL: AC001, AC002, MH001
    ncl = one(as_dicts(export(round_cli, "trend", "--footprint", "NCL")), function="finance",
              year=Y1)  # fmt: skip
    assert float(ncl["cost"]) == 1_000_000 + 1_200_000 + 400_000
    assert ncl["organisations"] == "3"
    refused = round_cli("export", "trend", "--footprint", "Nowhere")
    assert refused.exit_code != 0
    assert "No organisation of the register is in footprint 'Nowhere'" in refused.stderr


def test_a_single_organisation_store_gives_correctly_rounded_kpis(cli: Cli, tmp_path: Path) -> None:
    tables = {
        "organisations": [ORG_HEADER, ["SOLO1", "Solo Trust", "acute", "North", "", ""]],
        "finance": [FIN_HEADER, ["SOLO1", Y1, "250000000", "150000000", "4000", ""]],
        "function_costs": [
            COST_HEADER,
            ["SOLO1", Y1, "finance", "", "1000000", "100000", "20", "", ""],
            ["SOLO1", Y1, "imt", "", "1000000", "2000000", "20", "", ""],
        ],
    }
    cli.load(write_folder(tmp_path / "solo", tables))
    rows = as_dicts(cli.csv("export", "kpis"))
    got = one(rows, org_code="SOLO1", function="imt", kpi="pct_turnover")["value"]
    assert got == repr(100 * 3_000_000 / 250_000_000) == "1.2"
