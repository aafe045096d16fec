"""The consortium optimiser's page (``/plans/optimise``): its scope rules on the tests' tiny
round (national any region, a footprint user its own region only, organisation users 403; bad
input a 400 on the form), and on the demo round its groups equal ``corpbench plan optimise
--json``'s, a footprint user sees other footprints' organisations counted, not named, and a
chosen group becomes a case."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.bundles import Y1
from corpbench.cli import app
from corpbench.config import Settings
from corpbench.demo import write_demo
from corpbench.loading import load_path
from corpbench.store import Store
from corpbench.web import create_app
from web.conftest import FOOTPRINT, NATIONAL, ORG, PASSWORD, Web, csrf_of, signin


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_plans_page_links_the_optimiser_for_those_who_may_use_it(web: Web) -> None:
    for email, shown in ((NATIONAL, True), (FOOTPRINT, True), (ORG, False)):
        page = web.signed_in(email).get("/plans").text
        assert ('href="/plans/optimise"' in page) is shown, email


@pytest.mark.parametrize(
    ("email", "region", "status"),
    [
        (NATIONAL, "London", 200),
        (NATIONAL, "North", 200),
        (FOOTPRINT, "London", 200),  # NCL's organisations are in London
        (FOOTPRINT, "North", 403),
        (ORG, "London", 403),
    ],
)
def test_who_may_optimise_which_region(web: Web, email: str, region: str, status: int) -> None:
    client = web.signed_in(email)
    r = client.get("/plans/optimise", params={"region": region, "year": Y1})
    assert r.status_code == status
    if status == 200:
        words = _text(r.text)
        # the tiny round's trusts are far below 20,000 employees together
        assert f"0 consortia in {region}, {Y1}" in words
        assert "No group of the region’s organisations reaches 20,000 employees." in words
    else:
        assert "Chosen groups" not in r.text


def test_the_form_offers_the_regions_each_user_may_optimise(web: Web) -> None:
    def regions(email: str) -> list[str]:
        page = web.signed_in(email).get("/plans/optimise")
        assert page.status_code == 200
        select = re.search(r'<select[^>]*id="region".*?</select>', page.text, re.S)
        assert select
        return re.findall(r'<option value="([^"]+)"', select.group(0))

    assert regions(NATIONAL) == ["London", "North"]
    assert regions(FOOTPRINT) == ["London"]
    assert web.signed_in(ORG).get("/plans/optimise").status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "Atlantis", "year": Y1}, "No organisation of the register is in region"),
        ({"region": "London", "year": "1999/00"}, "no figures for 1999/00 (years with figures"),
        ({"region": "London", "year": Y1, "max_group": "two"}, "max_group is 'two'"),
        ({"region": "London", "year": Y1, "max_footprints": "0"}, "max_footprints is 0"),
        ({"region": "", "year": Y1}, "give a region and a year"),
    ],
)
def test_bad_input_is_an_error_on_the_form(web: Web, params: dict[str, str], message: str) -> None:
    r = web.signed_in(NATIONAL).get("/plans/optimise", params=params)
    assert r.status_code == 400
    assert message in _text(r.text)
    assert "There is a problem" in r.text


# --- the demo round -----------------------------------------------------------------------

DEMO_YEAR = "2010/11"
REGION = "London"


@dataclass
class Demo:
    store: Store
    settings: Settings
    db: str
    footprint: str
    footprint_codes: set[str]

    def signed_in(self, email: str) -> TestClient:
        client = TestClient(create_app(self.settings, store=self.store), follow_redirects=False)
        signin(client, email, PASSWORD)
        return client


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo round (SQLite; the page reads, it stores nothing of its own) with a national
    user and a footprint user of one of the region's footprints, published."""
    tmp = tmp_path_factory.mktemp("optimise_demo")
    db = f"sqlite:///{tmp / 'demo.db'}"
    settings = Settings(db=db, cache_seconds=0)
    store = Store.open(db)
    write_demo(tmp / "demo")
    assert load_path(store, tmp / "demo", by="demo", settings=settings).stored
    register = store.register()
    london = register.filter((register["region"] == REGION) & register["footprint"].is_not_null())
    footprint = sorted(set(london["footprint"].to_list()))[0]
    codes = set(london.filter(london["footprint"] == footprint)["org_code"].to_list())
    store.accounts.add_user(NATIONAL, "national", password=PASSWORD, by="t")
    store.accounts.add_user(FOOTPRINT, "footprint", password=PASSWORD, footprint=footprint, by="t")
    store.publications.publish(by="tests", note="optimiser")
    try:
        yield Demo(store, settings, db, footprint, codes)
    finally:
        store.close()


def _cli(demo: Demo) -> dict[str, object]:
    result = CliRunner().invoke(
        app,
        ["plan", "optimise", "--region", REGION, "--year", DEMO_YEAR, "--json"],
        env={"CORPBENCH_DB": demo.db},
    )
    assert result.exit_code == 0, result.stderr
    out: dict[str, object] = json.loads(result.stdout)
    return out


def _rows(page: str) -> list[dict[str, object]]:
    """Each chosen group's row: the codes named in it, its counted members, footprints,
    employees and saving as the page writes them."""
    body = re.search(r'<table class="nhsuk-table" id="groups-table">.*?</table>', page, re.S)
    assert body, "no table of chosen groups"
    rows = []
    for tr in re.findall(r'<tr id="group-\d+">(.*?)</tr>', body.group(0), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        items = [html.unescape(i) for i in re.findall(r"<li>(.*?)</li>", cells[1])]
        rows.append(
            {
                "codes": [m.group(1) for i in items if (m := re.search(r"\((\w+)\)$", i))],
                "counted": [i for i in items if not re.search(r"\(\w+\)$", i)],
                "footprints": html.unescape(cells[2]),
                "employees": _text(cells[3]),
                "saving": _text(cells[5]),
                "form": 'action="/plans"' in cells[6],
                "case": _text(cells[6]),
            }
        )
    return rows


def _pounds(v: float) -> str:
    return f"{'−' if v < 0 else ''}£{abs(v):,.0f}"


def test_the_page_shows_the_groups_plan_optimise_chooses(demo: Demo) -> None:
    expected = _cli(demo)
    groups = expected["groups"]
    assert isinstance(groups, list)
    assert groups, "the demo region should have groups"
    page = demo.signed_in(NATIONAL).get(
        "/plans/optimise", params={"region": REGION, "year": DEMO_YEAR}
    )
    assert page.status_code == 200
    words = _text(page.text)
    n = len(groups)
    assert f"{n} {'consortium' if n == 1 else 'consortia'} in {REGION}, {DEMO_YEAR}" in words
    total = expected["run_rate_saving"]
    assert isinstance(total, float)
    assert f"Together they save {_pounds(total)} a year" in words
    assert f"from {expected['candidates']:,} candidate groups" in words
    rows = _rows(page.text)
    assert [r["codes"] for r in rows] == [g["org_codes"] for g in groups]
    assert [r["counted"] for r in rows] == [[] for _ in groups]  # national users see every name
    assert [r["saving"] for r in rows] == [_pounds(g["run_rate_saving"]) for g in groups]
    assert [r["employees"] for r in rows] == [f"{g['employees']:,.0f}" for g in groups]
    assert all(r["form"] for r in rows)  # a national user may make a case of any group


def test_a_footprint_user_sees_other_footprints_counted_and_makes_a_case(demo: Demo) -> None:
    expected = _cli(demo)
    groups = expected["groups"]
    assert isinstance(groups, list)
    client = demo.signed_in(FOOTPRINT)
    page = client.get("/plans/optimise", params={"region": REGION, "year": DEMO_YEAR})
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == len(groups)
    for row, group in zip(rows, groups, strict=True):
        mine = [c for c in group["org_codes"] if c in demo.footprint_codes]
        assert row["codes"] == mine  # only its own footprint's organisations by name
        others = len(group["org_codes"]) - len(mine)
        assert sum(int(str(c).split()[0]) for c in row["counted"]) == others
        assert row["form"] is (group["footprints"] == [demo.footprint])
        # a group without a form says why: one that takes in the user's own organisations
        # is not "outside" its footprint
        if not row["form"]:
            assert row["case"] == (
                "Reaches beyond your footprint: a national user can make its case"
                if mine
                else "Outside your footprint"
            )
    # the demo region exercises both: a group with its own organisations, others counted
    assert any(r["codes"] for r in rows)
    assert any(r["counted"] for r in rows)
    # another region is refused
    other = demo.store.register()
    elsewhere = sorted(set(other["region"].to_list()) - {REGION})[0]
    refused = client.get("/plans/optimise", params={"region": elsewhere, "year": DEMO_YEAR})
    assert refused.status_code == 403
    # a group of its own footprint becomes a case through POST /plans; the national user's
    # button does the same for any group
    national = demo.signed_in(NATIONAL)
    page = national.get("/plans/optimise", params={"region": REGION, "year": DEMO_YEAR}).text
    form = re.search(r'<form method="post" action="/plans">(.*?)</form>', page, re.S)
    assert form
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1)))
    fields["csrf_token"] = csrf_of(page)
    r = national.post("/plans", data=fields)
    assert r.status_code == 303, r.text
    case_id = int(re.findall(r"/plans/(\d+)", r.headers["location"])[0])
    saved = demo.store.plans.latest(case_id)
    assert saved is not None
    assert list(saved.partners) == groups[0]["org_codes"]
    assert saved.year == DEMO_YEAR
