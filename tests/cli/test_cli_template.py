"""``corpbench template --out FILE.xlsx``: the blank workbook is written, and filling it in as a
user would (numbers typed as numbers) and loading it works, with the expected KPIs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli.conftest import Cli

TURNOVER = 250_000_000
# function -> (process, pay, non_pay, fte, shared, delivery model)
COSTS: list[tuple[str, str | None, int, int, float, int | None, str | None]] = [
    ("finance", "accounts_payable", 600_000, 150_000, 15, None, None),
    ("finance", "Management Accounting", 300_000, 50_000, 6.5, None, "in_house"),
    ("hr", None, 500_000, 125_000, 12.5, None, None),
    ("imt", "service_desk", 1_000_000, 2_000_000, 20, 500_000, "mixed"),
]


def fill(path: Path) -> None:
    """Fill in the template's sheets under their header row, by column name."""
    wb = openpyxl.load_workbook(path)
    rows: dict[str, list[dict[str, Any]]] = {
        "organisations": [
            {
                "org_code": "TPL01",
                "org_name": "Template Test NHS Foundation Trust",
                "org_type": "acute_ft",
                "region": "Midlands",
                "teaching": "false",
            }
        ],
        "finance": [
            {
                "org_code": "TPL01",
                "year": "2009/10",
                "turnover": TURNOVER,
                "total_pay": 150_000_000,
                "total_fte": 4_000,
            }
        ],
        "function_costs": [
            {
                "org_code": "TPL01",
                "year": "2009/10",
                "function": f,
                "process": process,
                "pay_cost": pay,
                "non_pay_cost": non_pay,
                "fte": fte,
                "shared_cost": shared,
                "delivery_model": model,
            }
            for f, process, pay, non_pay, fte, shared, model in COSTS
        ],
    }
    for sheet, records in rows.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for record in records:
            assert set(record) <= set(header), (sheet, header)
            ws.append([record.get(name) for name in header])
    wb.save(path)


def test_template_writes_a_workbook_with_one_sheet_per_file_and_instructions(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "return.xlsx"
    result = cli.ok("template", "--out", path)
    assert "Wrote the blank return workbook" in result.stdout
    wb = openpyxl.load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["instructions", "organisations", "finance", "function_costs", "indicators"]
    assert [c.value for c in wb["finance"][1]] == [
        "org_code",
        "year",
        "turnover",
        "total_pay",
        "total_fte",
        "running_costs",
        "non_pay",
        "employees",
    ]
    assert wb["function_costs"].max_row == 1  # blank: the header only
    # drop-down lists for the function and delivery model columns
    formulas = {dv.formula1 for dv in wb["function_costs"].data_validations.dataValidation}
    assert any("function" in (f or "") for f in formulas), formulas


def test_a_filled_in_template_loads_and_gives_the_hand_computed_kpis(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "return.xlsx"
    cli.ok("template", "--out", path)
    fill(path)

    result = cli.load(path, "--by", "filler")
    assert "Stored as load 1: 1 new return version(s), 0 unchanged; 1 register change(s)." in (
        result.stdout
    )
    rows = cli.csv("export", "kpis")
    got = {(r[2], r[3]): r[4] for r in rows[1:] if r[0] == "TPL01" and r[1] == "2009/10"}
    finance = 600_000 + 150_000 + 300_000 + 50_000  # two processes of one function
    total = finance + 625_000 + 3_000_000
    # (equal to the last bit or one ulp away: see test_cli_export's single-organisation case)
    expected = {
        ("finance", "pct_turnover"): 0.44,  # 100 x 1,100,000 / 250m
        ("hr", "pct_turnover"): 0.25,
        ("imt", "pct_turnover"): 1.2,
        ("all", "pct_turnover"): 1.89,  # 100 x 4,725,000 / 250m
        ("finance", "cost_per_fte"): finance / 21.5,
        ("imt", "shared_pct"): 100 * 500_000 / 3_000_000,
        ("all", "pct_pay"): 100 * total / 150_000_000,
    }
    assert {k: float(got[k]) for k in expected} == pytest.approx(expected, rel=1e-15)
    assert all(got[k] == repr(float(got[k])) for k in expected)
    assert ("finance", "pct_running_costs") not in got  # left blank: undefined, no row
    assert [r["by"] for r in cli.history("TPL01")] == ["filler", "filler"]
