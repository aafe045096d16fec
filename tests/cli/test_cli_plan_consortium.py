"""``corpbench plan baseline``, ``plan new`` and ``plan optimise`` through the command line, on
SQLite and PostgreSQL, over the hand-worked region of ``bench/consortium_tables.py`` loaded into
the store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from bench.consortium_tables import tables
from cli.conftest import Cli, parse_csv, rich_tables
from corpbench.plan import read_case
from corpbench.standard.schema import BUNDLE_FILES
from ingest.bundles import write_folder

Y1 = "2009/10"


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@pytest.fixture
def region(cli: Cli, tmp_path: Path) -> Cli:
    frames = dict(
        zip(("organisations", "finance", "function_costs", "indicators"), tables(), strict=True)
    )
    data = {}
    for name, frame in frames.items():
        cols = [c.name for c in BUNDLE_FILES[name].columns if c.name in frame.columns]
        data[name] = [cols] + [[_text(v) for v in row] for row in frame.select(cols).iter_rows()]
    cli.load(write_folder(tmp_path / "region", data), "--by", "tester")
    return cli


def _measures(rows: list[list[str]]) -> dict[tuple[str, str, str, str, str], str]:
    header, *body = rows
    assert header == ["part", "org_code", "function", "indicator", "measure", "value"]
    return {tuple(r[:5]): r[5] for r in body}  # type: ignore[misc]


def test_baseline_csv_of_a_footprint(region: Cli, tmp_path: Path) -> None:
    result = region.ok("plan", "baseline", "--footprint", "F1", "--year", Y1)
    m = _measures(parse_csv(result.stdout))
    assert m["consortium", "", "", "", "partners"] == "3"
    assert m["consortium", "", "", "", "employees"] == "21000.0"
    assert m["consortium", "", "", "", "scale"] == "viable"
    assert m["consortium", "P02", "", "", "employees_from_fte"] == "true"
    assert m["consortium", "P07", "", "", "not_responding"] == "true"
    assert float(m["function", "", "finance", "", "cost"]) == 2_900_000
    assert float(m["function", "", "finance", "", "transactional"]) == 1_325_000
    assert float(m["function", "", "finance", "", "strategic"]) == 550_000
    assert ("function", "", "hr", "", "shared") not in m  # undefined: no row
    assert float(m["volume", "", "finance", "invoices_paid", "value"]) == 1500
    assert m["partner", "P02", "", "", "within_7"] == "true"
    assert m["partner", "P02", "", "", "within_6"] == "false"
    assert float(m["partner", "P03", "", "", "pct_turnover"]) == pytest.approx(8.0)
    assert int(m["function", "", "finance", "", "scale_n"]) == 7
    assert ("function", "", "payroll", "", "scale_beta") not in m  # one organisation: no fit
    assert float(m["function", "", "finance", "", "scale_saving"]) != 0
    assert "total_fte for P02" in result.stderr or "P02" in result.stderr
    out = tmp_path / "b.csv"
    region.ok("plan", "baseline", "--orgs", "P01,P02,P03", "--year", Y1, "--out", out)
    assert _measures(parse_csv(out.read_text())) == {
        k: v for k, v in m.items() if k != ("consortium", "P07", "", "", "not_responding")
    }


def test_baseline_table_for_people(region: Cli) -> None:
    result = region.ok("plan", "baseline", "--footprint", "F1", "--year", Y1, "--table")
    first, partners = rich_tables(result.stdout)
    assert [r["function"] for r in first] == ["Finance", "HR", "Payroll", "Whole organisation"]
    assert first[0]["cost"] == "2,900,000"
    assert [r["within 6%"] for r in partners] == ["yes", "no", "no"]
    assert "viable" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--footprint", "Nowhere", "--year", Y1], "footprint 'Nowhere'"),
        (["--orgs", "P01,ZZ9", "--year", Y1], "Not in the register: ZZ9"),
        (["--footprint", "F1", "--year", "1999/00"], "No figures for 1999/00"),
        (["--orgs", "P07", "--year", Y1], "has cost data"),
        (["--footprint", "F1", "--orgs", "P01", "--year", Y1], "either --footprint or --orgs"),
    ],
)
def test_baseline_errors(region: Cli, args: list[str], message: str) -> None:
    result = region("plan", "baseline", *args)
    assert result.exit_code != 0
    assert message in " ".join(result.stderr.split())


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_new_writes_a_case_evaluate_accepts(region: Cli, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"case{suffix}"
    region.ok("plan", "new", "--footprint", "F1", "--year", Y1, "--out", out)
    case = read_case(out)
    assert [f.code for f in case.functions] == ["finance", "hr", "payroll"]
    assert [p.org_code for p in case.partners] == ["P01", "P02", "P03"]
    code, obj = region.json("plan", "evaluate", out, "--json")
    assert code == 0
    assert obj["run_rate_saving"] > 0
    bad = region("plan", "new", "--footprint", "F1", "--year", Y1, "--out", tmp_path / "c.txt")
    assert bad.exit_code == 2


def test_optimise_json_and_table(region: Cli) -> None:
    code, obj = region.json("plan", "optimise", "--region", "North", "--year", Y1, "--json")
    assert code == 0
    assert obj["floor"] == 20000
    assert obj["candidates"] == 6
    assert obj["unassigned"] == []
    assert sorted(c for g in obj["groups"] for c in g["org_codes"]) == [
        "P01",
        "P02",
        "P03",
        "P04",
        "P05",
        "P06",
    ]
    assert obj["run_rate_saving"] == pytest.approx(sum(g["run_rate_saving"] for g in obj["groups"]))
    assert all(g["margin"] == g["employees"] - 20000 for g in obj["groups"])
    people = region.ok("plan", "optimise", "--region", "North", "--year", Y1)
    assert "in North, 2009/10: run-rate saving" in people.stdout
    bad = region("plan", "optimise", "--region", "Atlantis", "--year", Y1)
    assert bad.exit_code == 1
    assert "region 'Atlantis'" in bad.stderr
    assert json.dumps(obj)  # plain JSON


def test_new_writes_the_case_planning_md_shows(region: Cli, tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "docs" / "planning.md").read_text(encoding="utf-8")
    m = re.search(r"^```toml\n(# A case made by corpbench plan new.*?)^```", text, re.S | re.M)
    assert m, "docs/planning.md shows no case made by plan new"
    out = tmp_path / "f1.toml"
    region.ok("plan", "new", "--footprint", "F1", "--year", Y1, "--out", out)
    assert out.read_text(encoding="utf-8") == m.group(1)


def test_evaluate_shows_the_scale_saving_of_the_partners(region: Cli, tmp_path: Path) -> None:
    out = tmp_path / "f1.toml"
    region.ok("plan", "new", "--footprint", "F1", "--year", Y1, "--out", out)
    csv_rows = _measures(region.csv("plan", "baseline", "--footprint", "F1", "--year", Y1))
    shown = region.ok("plan", "evaluate", out, "--scale", Y1)
    scale = {r["function"]: r for r in rich_tables(shown.stdout)[-1]}
    saving = float(csv_rows["function", "", "finance", "", "scale_saving"])
    assert scale["Finance"]["scale saving"] == f"£{saving:,.0f}"
    assert scale["Finance"]["organisations"] == "7"
    assert scale["Payroll"]["β"] == "no fit"  # P01 alone returned payroll
    assert region("plan", "evaluate", out, "--scale", Y1, "--json").exit_code == 2
    assert region("plan", "evaluate", out, "--scale", "1999/00").exit_code == 1


def test_baseline_size_adjusted_ratios(region: Cli) -> None:
    m = _measures(region.csv("plan", "baseline", "--footprint", "F1", "--year", Y1))
    # finance over the seven respondents: least squares of ln cost on ln turnover
    t = np.log([100e6, 10e6, 5e6, 200e6, 80e6, 40e6, 60e6])
    c = np.log([2_000e3, 500e3, 400e3, 1_000e3, 500e3, 300e3, 100e3])
    (log_a, beta), *_ = np.linalg.lstsq(np.column_stack([np.ones(7), t]), c, rcond=None)
    want = 2_000e3 / (np.exp(log_a) * 100e6**beta)
    got = float(m["partner", "P01", "finance", "", "size_adjusted_ratio"])
    assert got == pytest.approx(want, rel=1e-9)
    # hr: two organisations on an exact line, each exactly as expected
    assert float(m["partner", "P02", "hr", "", "size_adjusted_ratio"]) == pytest.approx(1.0)
    assert ("partner", "P03", "hr", "", "size_adjusted_ratio") not in m  # P03 has no hr


def test_evaluate_out_carries_the_scale_table_into_the_workbook(
    region: Cli, tmp_path: Path
) -> None:
    case, book_path = tmp_path / "f1.toml", tmp_path / "f1.xlsx"
    region.ok("plan", "new", "--footprint", "F1", "--year", Y1, "--out", case)
    region.ok("plan", "evaluate", case, "--scale", Y1, "--out", book_path)
    rows = list(openpyxl.load_workbook(book_path)["Economies of scale"].values)
    body = {
        r[0]: r[1:] for r in rows[rows.index(next(r for r in rows if r[0] == "Function")) + 1 :]
    }
    # finance over the seven respondents, by lstsq here; F1's partners P01, P02, P03
    t = [100e6, 10e6, 5e6, 200e6, 80e6, 40e6, 60e6]
    c = [2_000e3, 500e3, 400e3, 1_000e3, 500e3, 300e3, 100e3]
    x = np.column_stack([np.ones(7), np.log(t)])
    (log_a, beta), *_ = np.linalg.lstsq(x, np.log(c), rcond=None)
    a = float(np.exp(log_a))
    saving = sum(a * v**beta for v in t[:3]) - a * sum(t[:3]) ** beta
    finance = body["Finance"]
    assert finance[0] == pytest.approx(beta, rel=1e-9)
    assert finance[4] == 7
    assert finance[5] == pytest.approx(saving, rel=1e-9)
    assert body["Payroll"] == (None,) * 6  # no fit: P01 alone returned payroll
    # without --scale the workbook says it has none
    plain = tmp_path / "plain.xlsx"
    region.ok("plan", "evaluate", case, "--out", plain)
    sheet = list(openpyxl.load_workbook(plain)["Economies of scale"].values)
    assert sheet[0][0].startswith("No economies of scale")
