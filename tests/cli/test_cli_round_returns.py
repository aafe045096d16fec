"""Done when, through the command line: a round written by hand (the documented example, and a
smaller one written here) loads returns of a new year with organisation types and functions the
code has never seen (``round add``, then ``load``); its template (``template --year``) offers the
round's lists and, filled in, loads; ``export stats --group size_band`` groups by its bands."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from cli.conftest import Cli
from ingest.bundles import write_folder

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"
YEAR = "2021/22"

HAND_WRITTEN = """\
format = 1
name = "hand-2031"
title = "A round written by hand for 2030/31"
years = ["2030/31"]
kpis = ["pct_turnover"]
indicators = ["payslips"]

[[size_bands]]
code = "any_size"
label = "Any size"
min_turnover = 0

[[org_types]]
code = "hospice_trust"
label = "Hospice trust"

[[org_types]]
code = "dental_trust"
label = "Dental trust"

[[functions]]
code = "digital"
label = "Digital services"
[functions.processes]
cloud_hosting = "T"
data_science = "S"

[[functions]]
code = "people"
label = "People services"
[functions.processes]
rostering = "T"
"""

FIN = ["org_code", "year", "turnover", "total_pay", "total_fte"]
COSTS = ["org_code", "year", "function", "process", "pay_cost", "non_pay_cost", "fte"]


def _lists(path: Path) -> dict[str, list[str]]:
    ws = openpyxl.load_workbook(path)["lists"]
    return {
        str(col[0].value): [str(c.value) for c in col[1:] if c.value is not None]
        for col in ws.iter_cols()
    }


def test_the_template_of_a_year_offers_its_rounds_lists_and_loads_filled_in(
    cli: Cli, tmp_path: Path
) -> None:
    definition = tmp_path / "hand.toml"
    definition.write_text(HAND_WRITTEN, encoding="utf-8")
    cli.ok("round", "add", definition, "--by", "ann")
    path = tmp_path / "return-2030.xlsx"
    result = cli.ok("template", "--out", path, "--year", "2030/31")
    assert "for 2030/31 (round hand-2031)" in result.stdout
    lists = _lists(path)
    assert lists["list_org_type"] == ["hospice_trust", "dental_trust"]
    assert lists["list_function"] == ["digital", "people"]
    assert lists["list_indicator"] == ["payslips"]
    assert lists["list_process"] == ["cloud_hosting", "data_science", "rostering"]
    assert lists["list_process_digital"] == ["cloud_hosting", "data_science"]
    assert lists["list_process_people"] == ["rostering"]
    wb = openpyxl.load_workbook(path)
    instructions = [
        [c.value for c in row] for row in wb["instructions"].iter_rows() if row[0].value
    ]
    assert instructions[1][0].startswith("Round hand-2031: A round written by hand for 2030/31")
    assert next(
        r[:2] for r in instructions if r[0] == "org_type" and r[1] and "(" in str(r[1])
    ) == ["org_type", "hospice_trust (Hospice trust), dental_trust (Dental trust)"]
    assert ["digital", "cloud_hosting T, data_science S"] in [r[:2] for r in instructions]
    # the standard's template is as before
    plain = tmp_path / "plain.xlsx"
    cli.ok("template", "--out", plain)
    assert _lists(plain)["list_function"][-1] == "communications"

    rows = {
        "organisations": [
            {
                "org_code": "HT001",
                "org_name": "Hill Hospice",
                "org_type": "hospice_trust",
                "region": "Anywhere",
            },
        ],
        "finance": [
            {
                "org_code": "HT001",
                "year": "2030/31",
                "turnover": 50_000_000,
                "total_pay": 30_000_000,
                "total_fte": 800,
            },
        ],
        "function_costs": [
            {
                "org_code": "HT001",
                "year": "2030/31",
                "function": "digital",
                "process": "cloud_hosting",
                "pay_cost": 200_000,
                "non_pay_cost": 300_000,
                "fte": 4,
            },
            {
                "org_code": "HT001",
                "year": "2030/31",
                "function": "people",
                "process": None,
                "pay_cost": 250_000,
                "non_pay_cost": 0,
                "fte": 5,
            },
        ],
        "indicators": [
            {
                "org_code": "HT001",
                "year": "2030/31",
                "function": "people",
                "indicator": "payslips",
                "value": 9600,
            },
        ],
    }
    for sheet, records in rows.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for record in records:
            ws.append([record.get(name) for name in header])
    wb.save(path)
    loaded = cli.load(path, "--by", "filler")
    assert "Stored as load 1: 1 new return version(s), 0 unchanged; 1 register change(s)." in (
        loaded.stdout
    )
    kpis = cli.csv("export", "kpis", "--year", "2030/31")
    got = {(r[2], r[3]): float(r[4]) for r in kpis[1:] if r[0] == "HT001"}
    assert got[("digital", "pct_turnover")] == 1.0  # 100 x 500,000 / 50m
    assert got[("all", "pct_turnover")] == 1.5  # 100 x 750,000 / 50m
    stats = cli.csv("export", "stats", "--group", "size_band", "--year", "2030/31")
    assert stats[0][:5] == ["group", "year", "function", "kpi", "n"]
    assert {(r[0], r[1], r[2], r[4]) for r in stats[1:] if r[3] == "pct_turnover"} == {
        ("any_size", "2030/31", "digital", "1"),
        ("any_size", "2030/31", "people", "1"),
        ("any_size", "2030/31", "all", "1"),
    }


def test_the_documented_round_loads_a_new_year_and_refuses_a_function_outside_it(
    cli: Cli, tmp_path: Path
) -> None:
    bundle = {
        "organisations": [
            ["org_code", "org_name", "org_type", "region", "footprint", "teaching"],
            ["RY001", "Northdale Teaching", "acute_teaching", "North", "Northdale", "true"],
            ["RY002", "Riverside Heart", "specialist", "Midlands", "Riverside", "false"],
        ],
        "finance": [
            FIN,
            ["RY001", YEAR, "400000000", "250000000", "7000"],
            ["RY002", YEAR, "399999999", "200000000", "3000"],
        ],
        "function_costs": [
            COSTS,
            ["RY001", YEAR, "legal_services", "litigation", "800000", "400000", "10"],
            ["RY002", YEAR, "legal_services", "", "600000", "200000", "6"],
        ],
    }
    folder = write_folder(tmp_path / "r2122", bundle)
    refused = cli("load", folder)
    assert refused.exit_code == 1  # the default round knows none of it
    cli.ok("round", "add", EXAMPLE, "--by", "ann")
    loaded = cli.load(folder, "--by", "analyst")
    assert "Stored as load 1: 2 new return version(s), 0 unchanged; 2 register change(s)." in (
        loaded.stdout
    )
    stats = cli.csv("export", "stats", "--group", "size_band", "--year", YEAR)
    groups = {r[0] for r in stats[1:]}
    assert groups == {"large", "medium"}  # 400m exactly is large; 399,999,999 is medium

    bad = {
        **bundle,
        "function_costs": [COSTS, ["RY001", YEAR, "communications", "", "1", "1", "1"]],
    }
    result = cli("load", write_folder(tmp_path / "bad", bad), "--json")
    assert result.exit_code == 1
    assert (
        "function 'communications' is not a function of round example-2022 (2021/22): "
        "expected one of finance, imt, legal_services."
    ) in result.stdout
    no_bands = cli("export", "stats", "--group", "size_band", "--year", "2009/10")
    assert no_bands.exit_code != 0
    assert "The round of 2009/10 (qipp-2010) has no size bands" in no_bands.stderr
