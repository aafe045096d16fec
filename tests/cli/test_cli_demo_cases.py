"""The demo's four pathfinder cases (docs/demo.md "Pathfinder cases"): shipped as package data,
equal to what :func:`corpbench.demo.pathfinder_cases` generates and ``corpbench demo
--cases-out`` writes, each made from its footprint's baseline as ``corpbench plan new`` makes it
from a store holding the NHS Improvement demo round, each evaluated by ``corpbench plan evaluate
--json`` without error, with four different delivery models and exactly one case (Kent and
Medway's joint venture) that never pays back.

The figures docs/demo.md quotes are made here from ``plan evaluate --json``:
``CORPBENCH_WRITE_DEMO_DOC=1`` rewrites its pathfinder section."""

from __future__ import annotations

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.conftest import Cli, table_rows
from corpbench.cli import app
from corpbench.demo import PATHFINDER_YEAR, PATHFINDERS, Pathfinder, pathfinder_cases
from corpbench.demo.cases import shipped_case
from corpbench.formatting import format_number
from corpbench.standard.labels import plan_model_label
from corpbench.standard.vocab import PLAN_MODELS
from corpbench.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "demo.md"
NEVER_PAYS_BACK = "Kent and Medway"
FOOTPRINTS = ("North West London", "Greater Manchester", "Mid and South Essex", "Kent and Medway")


@pytest.fixture(scope="module")
def demo_cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A store holding the NHS Improvement demo round (the pathfinders' year)."""
    tmp = tmp_path_factory.mktemp("demo_cases")
    cli = Cli(f"sqlite:///{tmp / 'demo.db'}", CliRunner())
    cli.ok("demo", "--load", "--round", "nhsi-2017")
    return cli


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each pathfinder's shipped case, as a file (footprint -> path)."""
    tmp = tmp_path_factory.mktemp("shipped")
    out = {}
    for p in PATHFINDERS:
        path = tmp / p.file_name
        path.write_text(shipped_case(p), encoding="utf-8")
        out[p.footprint] = path
    return out


@pytest.fixture(scope="module")
def outputs(shipped: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``corpbench plan evaluate CASE --json`` of each shipped case (footprint -> object)."""
    cli = Cli(f"sqlite:///{tmp_path_factory.mktemp('eval') / 'none.db'}", CliRunner())
    out = {}
    for footprint, path in shipped.items():
        code, obj = cli.json("plan", "evaluate", path, "--json")
        assert code == 0, (footprint, obj)
        out[footprint] = obj
    return out


def documents(shipped: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {f: tomllib.loads(p.read_text(encoding="utf-8")) for f, p in shipped.items()}


def test_the_four_pathfinders_are_the_demo_rounds_footprints() -> None:
    assert tuple(p.footprint for p in PATHFINDERS) == FOOTPRINTS
    assert PATHFINDER_YEAR == "2016/17"
    assert [p.file_name for p in PATHFINDERS] == [
        "north-west-london.toml",
        "greater-manchester.toml",
        "mid-and-south-essex.toml",
        "kent-and-medway.toml",
    ]


def test_the_shipped_cases_are_the_generated_ones(tmp_path: Path) -> None:
    generated = pathfinder_cases()
    assert [name for name, _ in generated] == [p.name for p in PATHFINDERS]
    for p, (_, text) in zip(PATHFINDERS, generated, strict=True):
        assert shipped_case(p) == text, f"{p.file_name}: run corpbench demo --cases-out"
    result = CliRunner().invoke(app, ["demo", "--cases-out", str(tmp_path / "cases")])
    assert result.exit_code == 0, result.stderr
    assert "Wrote 4 pathfinder case(s)" in result.stdout
    written = sorted(x.name for x in (tmp_path / "cases").iterdir())
    assert written == sorted(p.file_name for p in PATHFINDERS)
    for p in PATHFINDERS:
        assert (tmp_path / "cases" / p.file_name).read_text(encoding="utf-8") == shipped_case(p)


def test_each_case_starts_from_what_plan_new_makes_of_its_footprint(
    demo_cli: Cli, shipped: dict[str, Path], tmp_path: Path
) -> None:
    docs = documents(shipped)
    for footprint in FOOTPRINTS:
        out = tmp_path / "new.toml"
        demo_cli.ok("plan", "new", "--footprint", footprint, "--year", "2016/17", "--out", out)
        new = tomllib.loads(out.read_text(encoding="utf-8"))
        case = docs[footprint]
        # the baseline's figures as they are: functions and partners' costs and employees
        assert case["functions"] == new["functions"], footprint
        assert [(p["org_code"], p["baseline"], p["volume"]) for p in case["partners"]] == [
            (p["org_code"], p["baseline"], p["volume"]) for p in new["partners"]
        ]
        assert len(case["partners"]) >= 2
        # every trust of the footprint responded in the NHS Improvement round
        assert set(case["functions"]) == {
            "finance",
            "governance_risk",
            "hr",
            "imt",
            "legal",
            "procurement",
        }
        assert case["option"] != new["option"], f"{footprint}: the option is its own"
    assert new["option"]["model"] == "cooperative"


def test_four_different_models_phases_costs_risks_principles_and_keys(
    shipped: dict[str, Path],
) -> None:
    docs = documents(shipped)
    models = [docs[f]["option"]["model"] for f in FOOTPRINTS]
    assert models == ["outsourced", "cooperative", "in_house_centralised", "joint_venture"]
    assert set(models) <= set(PLAN_MODELS)
    phases = [repr(docs[f]["option"]["phases"]) for f in FOOTPRINTS]
    assert len(set(phases)) == 4
    keys = [docs[f].get("share_key", "baseline") for f in FOOTPRINTS]
    assert keys == ["volume", "baseline", "equal", "custom"]
    for f in FOOTPRINTS:
        case = docs[f]
        option = case["option"]
        for costs in ("one_off", "recurring"):
            assert option[costs], (f, costs)
            assert all(x["amount"] > 0 for x in option[costs]), (f, costs)
        assert any(v > 0 for v in case["optimism_bias"].values()), f
        assert len(case["uncertain"]) >= 2, f
        assert case["monte_carlo"]["draws"] == 10_000
        names = [p["name"] for p in case["principles"]]
        assert "status_quo" in case["options_scored"], f
        assert option["model"] in case["options_scored"], f
        for scores in case["options_scored"].values():
            assert set(scores) == set(names)
    # one share first (the other sequence): Mid and South Essex shares in year 1
    mse = docs["Mid and South Essex"]["option"]["phases"]
    assert mse["share"]["start"] < mse["simplify"]["start"] < mse["standardise"]["start"]
    assert all(p["key"] > 0 for p in docs["Kent and Medway"]["partners"])


def test_the_planning_demo_sign_ins_show_the_scope_rules_on_the_cases(
    demo_cli: Cli, shipped: dict[str, Path]
) -> None:
    docs = documents(shipped)
    partners = {f: [p["org_code"] for p in docs[f]["partners"]] for f in FOOTPRINTS}
    gm_first = min(partners["Greater Manchester"])
    first = table_rows(demo_cli.ok("user", "demo", "--org", "ZH00004").stdout)
    assert [(r["role"], r["email"], r["scope"]) for r in first] == [
        ("national", "national@corpbench.demo", "all"),
        ("footprint", "footprint@corpbench.demo", "Kent and Medway"),  # ZH00004's footprint
        ("organisation", "organisation@corpbench.demo", "ZH00004"),
        ("footprint", "pathfinder@corpbench.demo", "Kent and Medway"),
        ("organisation", "partner@corpbench.demo", gm_first),
    ]
    # the organisation user's trust is a partner in Greater Manchester's case and in no other
    assert [f for f in FOOTPRINTS if gm_first in partners[f]] == ["Greater Manchester"]
    again = table_rows(demo_cli.ok("user", "demo", "--org", "ZH00004").stdout)
    assert again == first
    with Store.open(demo_cli.db_url) as store:
        assert len(store.accounts.users()) == 5
        for row in first:
            assert store.accounts.authenticate(row["email"], row["password"], client="t")
        user = store.accounts.user("partner@corpbench.demo")
        assert user is not None
        assert (user.role, user.org_code, user.footprint) == ("organisation", gm_first, None)


def _payback(values: list[float]) -> int | None:
    """Planning methods §4's payback, worked here on the years' own figures."""
    total, was_negative = 0.0, False
    for t, v in enumerate(values):
        total += v
        if total < 0:
            was_negative = True
        elif was_negative:
            return t
    return None if was_negative else 0


def test_exactly_kent_and_medway_never_pays_back(
    outputs: dict[str, Any], shipped: dict[str, Path]
) -> None:
    docs = documents(shipped)
    never = {f for f, o in outputs.items() if o["payback_year"] is None}
    assert never == {NEVER_PAYS_BACK}
    for footprint, o in outputs.items():
        horizon = docs[footprint].get("horizon", 10)
        years = o["years"]
        assert [y["t"] for y in years] == list(range(horizon + 1))
        net = []
        for y in years:  # net = benefit − one-off − recurring − fee, every year
            assert math.isclose(
                y["net"], y["benefit"] - y["one_off"] - y["recurring"] - y["fee"], rel_tol=1e-12
            )
            net.append(y["net"])
        assert o["payback_year"] == _payback(net), footprint
        rate = docs[footprint].get("discount_rate", 0.035)
        npv = sum(v / (1 + rate) ** t for t, v in enumerate(net))
        assert math.isclose(o["npv"], npv, rel_tol=1e-9), footprint
        if footprint == NEVER_PAYS_BACK:
            assert max(y["cumulative"] for y in years) < 0
            assert o["npv"] < 0
            assert o["discounted_payback_year"] is None
        else:
            assert 1 <= o["payback_year"] <= horizon
            assert o["npv"] > 0


def test_each_case_has_a_tornado_a_monte_carlo_an_appraisal_and_shares(
    outputs: dict[str, Any], shipped: dict[str, Path]
) -> None:
    docs = documents(shipped)
    for footprint, o in outputs.items():
        case = docs[footprint]
        assert {t["parameter"] for t in o["tornado"]} == set(case["uncertain"])
        mc = o["monte_carlo"]
        assert mc["p10"] <= mc["p50"] <= mc["p90"]
        assert set(o["appraisal"]["ranks"]) == set(case["options_scored"])
        shares = o["gain_share"]["partners"]
        assert [p["org_code"] for p in shares] == [p["org_code"] for p in case["partners"]]
        assert math.isclose(sum(p["key"] for p in shares), 1.0, rel_tol=1e-12)
    # the status quo wins Kent and Medway's appraisal; each other case's own model wins its own
    for footprint, o in outputs.items():
        model = docs[footprint]["option"]["model"]
        top = "status_quo" if footprint == NEVER_PAYS_BACK else model
        assert o["appraisal"]["top"] == top, footprint
    assert outputs[NEVER_PAYS_BACK]["monte_carlo"]["p_npv_positive"] == 0.0
    not_discriminating = {f: o["appraisal"]["not_discriminating"] for f, o in outputs.items()}
    flagged = {f: ["service"] if f == "Mid and South Essex" else [] for f in FOOTPRINTS}
    assert not_discriminating == flagged


def _m(v: float) -> str:
    """£m to one place, a loss as −£1.2m."""
    return ("−" if v < 0 else "") + "£" + format_number(abs(v) / 1e6, 1) + "m"


def _ratio(v: float | None) -> str:
    return "" if v is None else ("−" if v < 0 else "") + format_number(abs(v), 2)


def _year(v: int | None) -> str:
    return "never" if v is None else f"year {v}"


def cases_markdown(outputs: dict[str, Any], shipped: dict[str, Path]) -> str:
    """The pathfinder table of docs/demo.md, from ``plan evaluate --json``."""
    docs = documents(shipped)
    lines = [
        "| footprint | file | model | partners | horizon | run-rate saving | NPV | payback "
        "| discounted payback | ROI | P(NPV > 0) | top option |",
        "|---|---|---|---:|---:|---:|---:|---|---|---:|---:|---|",
    ]
    by_footprint: dict[str, Pathfinder] = {p.footprint: p for p in PATHFINDERS}
    for footprint in FOOTPRINTS:
        o, case = outputs[footprint], docs[footprint]
        lines.append(
            f"| {footprint} | `{by_footprint[footprint].file_name}` "
            f"| {plan_model_label(case['option']['model'])} | {len(case['partners'])} "
            f"| {case.get('horizon', 10)} | {_m(o['run_rate_saving'])} | {_m(o['npv'])} "
            f"| {_year(o['payback_year'])} | {_year(o['discounted_payback_year'])} "
            f"| {_ratio(o['roi'])} "
            f"| {format_number(100 * o['monte_carlo']['p_npv_positive'], 0)}% "
            f"| {plan_model_label(o['appraisal']['top'])} |"
        )
    return "\n".join(lines) + "\n"


_SECTION = re.compile(
    r"<!-- pathfinder cases: computed by tests/cli/test_cli_demo_cases.py -->\n(.*?)"
    r"<!-- pathfinder cases: end -->",
    re.S,
)


def test_docs_demo_md_shows_the_cases_figures(
    outputs: dict[str, Any], shipped: dict[str, Path]
) -> None:
    page = DOC.read_text(encoding="utf-8")
    found = _SECTION.search(page)
    assert found is not None, "docs/demo.md lost its pathfinder cases markers"
    expected = cases_markdown(outputs, shipped)
    if os.environ.get("CORPBENCH_WRITE_DEMO_DOC"):
        DOC.write_text(page[: found.start(1)] + expected + page[found.end(1) :], encoding="utf-8")
        return
    assert found.group(1) == expected, "CORPBENCH_WRITE_DEMO_DOC=1 rewrites the section"
