"""Both demo rounds reproduce the published figures when the project computes them from a store
holding the demo, through ``corpbench export summary`` and ``corpbench export savings``:

- QIPP 2010 on QIPP's seven functions (IQM, 2009/10): Table 5 spend by type within 10%, Table 6
  savings by type within 15%, the £616m national saving within 5%;
- NHS Improvement 2016/17 (median method): total spend £3.3-3.5bn, saving £480-510m, IM&T
  30-36% and governance and risk 22-28% of it.

The figures equal an independent computation (the calibration's own small summary) and are the
ones docs/demo.md shows: ``CORPBENCH_WRITE_DEMO_DOC=1`` rewrites its figures section.

The store holds the nhsi-2017 round definition and the whole demo bundle, loaded checked
against one vocabulary holding both rounds' types (so that this runs whether or not returns are
checked against the round of their year). The rounds keep each register to its own years: a QIPP
trust is not eligible in 2016/17, nor an NHS Improvement trust in 2009/10."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.conftest import Cli
from corpbench.config import Settings
from corpbench.demo import NHSI_ROUND, QIPP_ROUND, DemoRound, generate
from corpbench.demo.calibrate import PeerMethod, reference_summary
from corpbench.loading import load_path
from corpbench.standard import DEFAULT_ORG_TYPES, Vocabulary
from corpbench.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "demo.md"
QIPP_YEAR, NHSI_YEAR = "2009/10", "2016/17"
PCT_TYPES = ("pct_commissioner", "pct_provider", "pct_undifferentiated")
#: QIPP 2010 Tables 5 and 6 (£m, extrapolated to 100%), in the report's column order.
TABLE5 = {
    "acute": 738.2,
    "acute_ft": 700.0,
    "pct": 958.6,
    "mental_health": 113.6,
    "mental_health_ft": 222.0,
    "community": 9.9,
    "ambulance": 74.4,
}
TABLE6 = {
    "acute": 110.1,
    "acute_ft": 118.7,
    "pct": 312.6,
    "mental_health": 24.0,
    "mental_health_ft": 39.4,
    "ambulance": 11.4,
}
QIPP_SEVEN = {"finance", "hr", "imt", "procurement", "estates", "payroll", "governance_risk"}
NHSI_SIX = {"finance", "governance_risk", "hr", "imt", "legal", "procurement"}
COLUMN_WORDS = {
    "acute": "Acute",
    "acute_ft": "Acute FT",
    "pct": "PCT (three types)",
    "mental_health": "Mental health",
    "mental_health_ft": "Mental health FT",
    "community": "Community",
    "ambulance": "Ambulance",
    "acute_teaching": "Acute teaching",
    "specialist": "Specialist",
}
NHSI_TYPES = ("acute", "acute_teaching", "specialist", "mental_health", "community", "ambulance")


@pytest.fixture(scope="module")
def demo_cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    tmp = tmp_path_factory.mktemp("demo_figures")
    cli = Cli(f"sqlite:///{tmp / 'demo.db'}", CliRunner())
    folder, defs = tmp / "demo", tmp / "rounds"
    cli.ok("demo", "--out", folder, "--rounds-out", defs)
    cli.ok("round", "add", defs / "nhsi-2017.toml")
    both = Vocabulary(org_types=(*DEFAULT_ORG_TYPES, "acute_teaching", "specialist"))
    with Store.open(cli.db_url) as store:
        outcome = load_path(store, folder, by="demo", settings=Settings(db=cli.db_url), vocab=both)
    assert outcome.result is not None, outcome.report.errors[:3]
    return cli


def summary(cli: Cli, method: str, year: str) -> dict[str, dict[str, float]]:
    """``export summary`` rows keyed by org_type, numbers as floats."""
    header, *rows = cli.csv("export", "summary", "--method", method, "--year", year)
    out = {}
    for row in rows:
        record = dict(zip(header, row, strict=True))
        assert record["year"] == year
        out[record["org_type"]] = {  # an empty cell is undefined: no entry
            k: float(v) for k, v in record.items() if k not in ("org_type", "year") and v
        }
    return out


def savings_by_function(cli: Cli, method: str, year: str) -> dict[str, float]:
    """``export savings`` summed per function (the whole-organisation line left out)."""
    header, *rows = cli.csv("export", "savings", "--method", method, "--year", year)
    i, s = header.index("function"), header.index("saving")
    total: dict[str, float] = {}
    for row in rows:
        if row[i] != "all":
            total[row[i]] = total.get(row[i], 0.0) + float(row[s])
    return total


def qipp_columns(rows: Mapping[str, Mapping[str, float]]) -> dict[str, tuple[float, float]]:
    """(spend £m, saving £m) extrapolated, per Table 5/6 column (the PCT types summed)."""
    out: dict[str, tuple[float, float]] = {}
    for org_type, r in rows.items():
        if org_type == "all":
            continue
        column = "pct" if org_type in PCT_TYPES else org_type
        spend, saving = out.get(column, (0.0, 0.0))
        out[column] = (
            spend + r["spend_extrapolated"] / 1e6,
            saving + r["saving_extrapolated"] / 1e6,
        )
    return out


@pytest.fixture(scope="module")
def qipp(demo_cli: Cli) -> dict[str, dict[str, float]]:
    return summary(demo_cli, "iqm", QIPP_YEAR)


@pytest.fixture(scope="module")
def nhsi(demo_cli: Cli) -> dict[str, dict[str, float]]:
    return summary(demo_cli, "median", NHSI_YEAR)


@pytest.fixture(scope="module")
def nhsi_functions(demo_cli: Cli) -> dict[str, float]:
    return savings_by_function(demo_cli, "median", NHSI_YEAR)


def test_qipp_tables_5_and_6_on_the_seven_functions(
    demo_cli: Cli, qipp: dict[str, dict[str, float]]
) -> None:
    assert set(savings_by_function(demo_cli, "iqm", QIPP_YEAR)) == QIPP_SEVEN
    columns = qipp_columns(qipp)
    for column, target in TABLE5.items():
        assert columns[column][0] == pytest.approx(target, rel=0.10), column
    for column, target in TABLE6.items():
        assert columns[column][1] == pytest.approx(target, rel=0.15), column
    national = qipp["all"]
    assert national["saving_extrapolated"] / 1e6 == pytest.approx(616.0, rel=0.05)
    assert national["spend_extrapolated"] / 1e9 == pytest.approx(2.82, rel=0.10)
    assert (national["eligible"], national["respondents"]) == (404, 315)


def test_nhsi_spend_3_3_to_3_5bn_and_median_saving_480_to_510m(
    nhsi: dict[str, dict[str, float]],
) -> None:
    national = nhsi["all"]
    assert national["eligible"] == national["respondents"] == 232  # every trust responds
    assert national["spend"] == national["spend_extrapolated"]
    assert 3.3e9 <= national["spend"] <= 3.5e9
    assert 480e6 <= national["saving"] <= 510e6
    assert set(nhsi) == {*NHSI_TYPES, "all"}


def test_nhsi_imt_and_governance_shares_of_the_median_saving(
    nhsi: dict[str, dict[str, float]], nhsi_functions: dict[str, float]
) -> None:
    assert set(nhsi_functions) == NHSI_SIX
    total = sum(nhsi_functions.values())
    assert total == pytest.approx(nhsi["all"]["saving"], rel=1e-9)
    assert 0.30 <= nhsi_functions["imt"] / total <= 0.36
    assert 0.22 <= nhsi_functions["governance_risk"] / total <= 0.28


@pytest.mark.parametrize(
    ("year", "method", "demo_round"),
    [(QIPP_YEAR, "iqm", QIPP_ROUND), (NHSI_YEAR, "median", NHSI_ROUND)],
    ids=["qipp", "nhsi"],
)
def test_the_exports_equal_an_independent_computation(
    demo_cli: Cli, year: str, method: PeerMethod, demo_round: DemoRound
) -> None:
    ours = reference_summary(generate(round=demo_round), year, method)
    exported = summary(demo_cli, method, year)
    for row in ours.iter_rows(named=True):
        got = exported[row["org_type"]]
        assert got["respondents"] == row["respondents"]
        for c in ("spend_extrapolated", "saving_extrapolated"):
            assert got[c] == pytest.approx(row[c], rel=1e-9), (row["org_type"], c)


def _m(value: float) -> str:
    return f"{value / 1e6:,.1f}"


def figures_markdown(
    qipp: Mapping[str, Mapping[str, float]],
    nhsi: Mapping[str, Mapping[str, float]],
    nhsi_functions: Mapping[str, float],
) -> str:
    """The figures section of docs/demo.md, from the exported figures."""
    columns = qipp_columns(qipp)
    lines = [
        "**QIPP 2009/10** (seed 2010; `corpbench export summary --method iqm --year 2009/10`, "
        "£m extrapolated to 100%):",
        "",
        "| type | spend | QIPP Table 5 | IQM saving | QIPP Table 6 |",
        "|---|---:|---:|---:|---:|",
    ]
    for column, target in TABLE5.items():
        spend, saving = columns[column]
        published = f"{TABLE6[column]:.1f}" if column in TABLE6 else "—"
        lines.append(
            f"| {COLUMN_WORDS[column]} | {spend:,.1f} | {target:.1f} | {saving:,.1f} "
            f"| {published} |"
        )
    national = qipp["all"]
    lines += [
        f"| **All** ({national['respondents']:.0f} of {national['eligible']:.0f} responding) "
        f"| {_m(national['spend_extrapolated'])} | £2.82bn "
        f"| {_m(national['saving_extrapolated'])} | £616m |",
        "",
        "**NHS Improvement 2016/17** (seed 2017; `corpbench export summary --method median "
        "--year 2016/17` and `export savings`, £m; every trust responds):",
        "",
        "| type | trusts | spend | median saving |",
        "|---|---:|---:|---:|",
    ]
    for org_type in NHSI_TYPES:
        r = nhsi[org_type]
        lines.append(
            f"| {COLUMN_WORDS[org_type]} | {r['eligible']:.0f} | {_m(r['spend'])} "
            f"| {_m(r['saving'])} |"
        )
    total = sum(nhsi_functions.values())
    national = nhsi["all"]
    lines += [
        f"| **All** | {national['eligible']:.0f} | {_m(national['spend'])} "
        f"| {_m(national['saving'])} |",
        "",
        "| what | the demo | NHS Improvement |",
        "|---|---:|---:|",
        f"| spend on the six functions | £{national['spend'] / 1e9:.2f}bn | over £3.3bn |",
        f"| median-method saving | £{_m(national['saving'])}m | over £480m |",
        f"| of which IM&T | {100 * nhsi_functions['imt'] / total:.1f}% | 33% |",
        f"| of which governance and risk | {100 * nhsi_functions['governance_risk'] / total:.1f}% "
        "| 25% |",
    ]
    return "\n".join(lines) + "\n"


_SECTION = re.compile(
    r"<!-- figures: computed by tests/cli/test_cli_demo_figures.py -->\n(.*?)<!-- figures: end -->",
    re.S,
)


def test_docs_demo_md_shows_the_figures_the_project_computes(
    qipp: dict[str, dict[str, float]],
    nhsi: dict[str, dict[str, float]],
    nhsi_functions: dict[str, float],
) -> None:
    page = DOC.read_text(encoding="utf-8")
    found = _SECTION.search(page)
    assert found is not None, "docs/demo.md lost its figures section markers"
    expected = figures_markdown(qipp, nhsi, nhsi_functions)
    if os.environ.get("CORPBENCH_WRITE_DEMO_DOC"):
        DOC.write_text(page[: found.start(1)] + expected + page[found.end(1) :], encoding="utf-8")
        return
    assert found.group(1) == expected, "CORPBENCH_WRITE_DEMO_DOC=1 rewrites the section"
