"""The programme pages: starting a programme, the readiness form (bad input refused whole with
the error shown, nothing stored; only changes saved), the gate banner, RAG tags as words,
baseline completeness, the resource plan form, the lessons log with its downloads, and what
each role may do."""

from __future__ import annotations

import csv
import html
import io
import re

import openpyxl
from fastapi.testclient import TestClient

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from corpbench.programme.lessons import EXAMPLES
from corpbench.programme.readiness import MUST_HAVE_CODES, MUST_HAVES
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web, csrf_of

NAT = Actor.command_line(NATIONAL)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _start(client: TestClient, **fields: str) -> int:
    page = client.get("/programmes")
    r = client.post("/programmes", data={"csrf_token": csrf_of(page.text), **fields})
    assert r.status_code == 303, r.text
    found = re.fullmatch(r"/programmes/(\d+)\?saved=1", r.headers["location"])
    assert found
    return int(found.group(1))


def test_a_footprint_user_starts_a_programme_and_records_readiness(web: Web) -> None:
    client = web.signed_in(FOOTPRINT)
    pid = _start(client, name="NCL finance", footprint="NCL", year=Y1, case="")
    page = client.get(f"/programmes/{pid}")
    assert page.status_code == 200
    words = _text(page.text)
    assert "Not ready for design" in words
    assert f'href="/programmes/{pid}/benefits"' in page.text
    # the gate banner names every missing must-have by its title
    banner = re.search(r'<ul id="gate-missing">(.*?)</ul>', page.text, re.S)
    assert banner
    assert re.findall(r"<li>([^<]+)</li>", banner.group(1)) == [
        html.escape(f"{m.title} (not recorded)", quote=False) for m in MUST_HAVES
    ]
    form = client.get(f"/programmes/{pid}/readiness")
    token = csrf_of(form.text)
    data = {
        "csrf_token": token,
        "direction-answer": "Board minute 12",
        "direction-owner": "CEO",
        "direction-date": "2026-02-30",
        "direction-rag": "green",
    }
    for code in MUST_HAVE_CODES:
        data[f"{code}-met"] = "1"
        data[f"{code}-evidence"] = f"paper {code}"
    bad = client.post(f"/programmes/{pid}/readiness", data=data)
    assert bad.status_code == 400
    assert "question direction, date: '2026-02-30' is not a date like 2026-03-31" in _text(bad.text)
    assert "Board minute 12" in bad.text  # what was typed is kept
    assert web.store.programmes.answer_versions(pid) == []
    assert web.store.programmes.must_have_versions(pid) == []
    data["direction-date"] = "2026-02-28"
    ok = client.post(f"/programmes/{pid}/readiness", data=data)
    assert ok.status_code == 303
    page = client.get(f"/programmes/{pid}")
    words = _text(page.text)
    assert "Ready for design: all ten must-haves are met, each with evidence." in words
    assert 'nhsuk-tag--green">Green</strong>' in page.text
    assert words.count("Not answered") == 9
    # the answer's date as people read it; the form keeps it as typed
    assert "28 Feb 2026" in words
    assert "2026-02-28" not in words
    assert 'value="2026-02-28"' in client.get(f"/programmes/{pid}/readiness").text
    assert "28 Feb 2026" in _text(client.get(f"/programmes/{pid}/history").text)
    # the same form again saves nothing new
    again = client.post(f"/programmes/{pid}/readiness", data=data)
    assert again.status_code == 303
    assert [v.version for v in web.store.programmes.answer_versions(pid)] == [1]
    assert len(web.store.programmes.must_have_versions(pid)) == 10
    # unticking one must-have is a new version and closes the gate
    data.pop("mandate-met")
    data["mandate-recorded"] = "1"
    client.post(f"/programmes/{pid}/readiness", data=data)
    assert [v.version for v in web.store.programmes.must_have_versions(pid)
            if v.must_have == "mandate"] == [1, 2]  # fmt: skip
    closed = _text(client.get(f"/programmes/{pid}").text)
    assert "1 of the ten must-haves is missing" in closed
    assert "Mandate from the executive board (not met)" in closed


def test_completeness_and_the_resource_plan(web: Web) -> None:
    pid = actions.new_programme(web.store, NAT, name="NCL", footprint="NCL", year=Y1).id
    client = web.signed_in(NATIONAL)
    page = client.get(f"/programmes/{pid}")
    table = re.search(r'<table class="nhsuk-table" id="completeness-table">(.*?)</table>',
                      page.text, re.S)  # fmt: skip
    assert table
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    _, expected = actions.completeness(web.store, NAT, pid)
    assert len(rows) == expected.height
    shares = [re.findall(r">(\d+)%<", r)[0] for r in rows]
    assert shares == [f"{100 * c:.0f}" for c in expected["completeness"]]
    # 10 x (1 + 5 + 2 x 3) + 4 = 124 person-days; 10x800 + 50x500 + 60x400 + 4x300 = £58,200
    plan = client.get(f"/programmes/{pid}", params={
        "weeks": "10", "leads": "3", "workshop_days": "4", "sponsor_rate": "800",
        "pm_rate": "500", "lead_rate": "400", "expert_rate": "300"})  # fmt: skip
    assert re.search(r'id="resources-days">124<', plan.text)
    assert re.search(r'id="resources-cost">£58,200<', plan.text)
    single = client.get(f"/programmes/{pid}", params={"weeks": "8", "single_service": "1"})
    assert re.search(r'id="resources-days">28<', single.text)  # 8 x (1 + 2.5)
    # no day rate typed: the cost is unknown and says so, not £0
    assert re.search(r'id="resources-cost">–<', single.text)
    assert "£0" not in single.text
    assert "Not costed: type the day rates above to cost the plan." in _text(single.text)
    assert "Not costed" not in _text(plan.text)
    bad = client.get(f"/programmes/{pid}", params={"weeks": "0"})
    assert bad.status_code == 400
    assert "weeks: 0 must be a number at least 1 and at most 52" in _text(bad.text)


def test_what_each_role_sees(web: Web) -> None:
    pid = actions.new_programme(web.store, NAT, name="NCL", footprint="NCL").id
    org = web.signed_in(ORG)  # AC001, a partner: read-only
    page = org.get(f"/programmes/{pid}")
    assert page.status_code == 200
    assert f'href="/programmes/{pid}/readiness"' not in page.text  # the form (downloads stay)
    assert "new-programme-form" not in org.get("/programmes").text
    assert org.get(f"/programmes/{pid}/readiness").status_code == 403
    other = web.signed_in(OTHER_ORG)
    assert other.get(f"/programmes/{pid}").status_code == 403
    assert "NCL" not in _text(other.get("/programmes").text).replace("Programmes", "")


def test_lessons_page_filters_adds_and_downloads(web: Web) -> None:
    actions.add_example_lessons(web.store, NAT)
    pid = actions.new_programme(web.store, NAT, name="NCL", footprint="NCL").id
    client = web.signed_in(FOOTPRINT)
    page = client.get("/lessons")
    assert page.text.count("Pathfinder example</strong>") == len(EXAMPLES)
    r = client.post("/lessons", data={
        "csrf_token": csrf_of(page.text), "theme": "baseline", "kind": "do_differently",
        "text": "=HYPERLINK(\"x\") agree volumes early", "date": "2026-03-01",
        "programme": str(pid)})  # fmt: skip
    assert r.status_code == 303
    bad = client.post("/lessons", data={
        "csrf_token": csrf_of(page.text), "theme": "baseline", "kind": "do_differently",
        "text": "x", "date": "1 March"})  # fmt: skip
    assert bad.status_code == 400
    assert "date: '1 March' is not a date like 2026-03-31" in _text(bad.text)
    assert len(web.store.programmes.lessons()) == len(EXAMPLES) + 1
    shown = client.get("/lessons", params={"theme": "baseline", "q": "VOLUMES"})
    assert _text(shown.text).count("agree volumes early") == 1
    assert "1 lesson" in _text(shown.text)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/lessons.csv", params={"theme": "baseline"}).text)))  # fmt: skip
    assert [(r["kind"], r["example"]) for r in rows] == [
        ("do_differently", "false"), ("went_less_well", "true"), ("went_well", "true")
    ]  # fmt: skip
    assert rows[0]["text"].startswith("'=HYPERLINK")  # neutralised
    book = openpyxl.load_workbook(io.BytesIO(
        client.get("/lessons.xlsx", params={"programme": str(pid)}).content))  # fmt: skip
    sheet = book["Lessons"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:5] == ["Date", "Programme", "Theme", "Kind", "Example"]
    assert values[2][1:4] == ["NCL", "Baseline", "Do differently"]
    assert values[2][5].startswith("'=HYPERLINK")
    assert web.store.audit.count("export") >= 2
