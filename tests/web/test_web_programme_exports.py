"""Programmes in the JSON API, the readiness downloads (PDF, XLSX) and the readiness history
page (issue 13 item 7): each answers with what its page shows, to whom the page shows it; the
workbook neutralises formulas; downloads are audited as ``export``."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

import openpyxl
from pypdf import PdfReader

from cli.bundles import NAMES, Y1
from corpbench import actions
from corpbench.actions import Actor, AnswerInput, MustHaveInput
from corpbench.programme.readiness import MUST_HAVE_CODES, QUESTION_CODES
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web

NAT = Actor.command_line(NATIONAL)
FP = Actor.command_line(FOOTPRINT)
NCL = ["AC001", "AC002", "MH001"]


def _api(web: Web, who: str, path: str) -> Any:
    r = web.client().get(path, headers={"Authorization": f"Bearer {web.token(who)}"})
    return r.status_code, r.json()


def _programme(web: Web) -> int:
    """An NCL programme with one answer, two must-haves (one met with evidence, one not) and
    a lesson whose text starts with "="."""
    pid = actions.new_programme(web.store, NAT, name="NCL finance", footprint="NCL", year=Y1).id
    actions.save_readiness(
        web.store, FP, pid,
        answers=[AnswerInput("direction", "=SUM(A1) board minute 12", "Chief executive",
                             "2026-02-28", "amber")],
        must_haves=[MustHaveInput("mandate", True, "Board paper 7"),
                    MustHaveInput("scope_agreed", False, "")],
    )  # fmt: skip
    actions.add_lesson(
        web.store, FP, theme="baseline", kind="do_differently",
        text='=HYPERLINK("http://x") agree volumes early', lesson_date="2026-03-01",
        programme_id=pid,
    )  # fmt: skip
    return pid


def test_programmes_api_lists_what_each_role_sees(web: Web) -> None:
    pid = _programme(web)
    for who in (NATIONAL, FOOTPRINT, ORG):
        status, body = _api(web, who, "/api/v1/programmes")
        assert status == 200
        assert [p["id"] for p in body["items"]] == [pid]
        assert body["total"] == 1
        item = body["items"][0]
        assert (item["name"], item["footprint"], item["year"]) == ("NCL finance", "NCL", Y1)
        assert sorted(item["partners"]) == NCL
        assert item["editable"] is (who != ORG)
    status, body = _api(web, OTHER_ORG, "/api/v1/programmes")
    assert (status, body["items"], body["total"]) == (200, [], 0)


def test_a_programme_in_the_api(web: Web) -> None:
    pid = _programme(web)
    status, body = _api(web, ORG, f"/api/v1/programmes/{pid}")
    assert status == 200
    assert [a["question"] for a in body["answers"]] == list(QUESTION_CODES)
    direction = body["answers"][0]
    assert {k: direction[k] for k in ("answer", "owner", "date", "rag", "version", "saved_by")} == {
        "answer": "=SUM(A1) board minute 12", "owner": "Chief executive",
        "date": "2026-02-28", "rag": "amber", "version": 1, "saved_by": FOOTPRINT,
    }  # fmt: skip
    assert all(a["answer"] is None and a["version"] == 0 for a in body["answers"][1:])
    musts = {m["must_have"]: m for m in body["must_haves"]}
    assert list(musts) == list(MUST_HAVE_CODES)
    assert (musts["mandate"]["met"], musts["mandate"]["evidence"]) == (True, "Board paper 7")
    assert musts["scope_agreed"]["met"] is False
    assert musts["governance_agreed"]["met"] is None
    # the gate: every must-have but the met one, in the checklist's order, with why
    expected = [
        {"must_have": c, "reason": "not_met" if c == "scope_agreed" else "not_recorded"}
        for c in MUST_HAVE_CODES
        if c != "mandate"
    ]
    assert body["gate"] == {"ready": False, "missing": expected}
    # completeness: a row per partner and function, as on the page
    _, table = actions.completeness(web.store, NAT, pid)
    assert body["completeness"]["year"] == Y1
    rows = body["completeness"]["rows"]
    assert {r["org_code"] for r in rows} == set(NCL)
    assert [(r["org_code"], r["function"], r["completeness"]) for r in rows] == list(
        table.select("org_code", "function", "completeness").iter_rows()
    )
    for r in rows:  # present counts the five items
        items = ("budget", "wte", "volumes", "performance", "operating_model")
        assert r["present"] == sum(r[i] for i in items)
        assert r["completeness"] == r["present"] / 5
    # outside the scope: 403 whether or not it exists (as the page); no programme: 404
    status, body = _api(web, OTHER_ORG, f"/api/v1/programmes/{pid}")
    assert (status, body["error"]["code"]) == (403, "forbidden")
    assert "NCL finance" not in str(body)
    assert _api(web, OTHER_ORG, f"/api/v1/programmes/{pid + 1}")[0] == 403
    assert _api(web, NATIONAL, f"/api/v1/programmes/{pid + 1}")[0] == 404


def test_lessons_api_filters_and_scope(web: Web) -> None:
    actions.add_example_lessons(web.store, NAT)
    pid = _programme(web)
    status, body = _api(web, FOOTPRINT, f"/api/v1/lessons?programme={pid}")
    assert status == 200
    assert [(x["programme_id"], x["theme"], x["kind"]) for x in body["items"]] == [
        (pid, "baseline", "do_differently")
    ]
    assert body["items"][0]["text"].startswith("=HYPERLINK")  # JSON carries the text as is
    _, found = _api(web, ORG, "/api/v1/lessons?search=VOLUMES%20EARLY")
    assert [x["programme_id"] for x in found["items"]] == [pid]
    _, themed = _api(web, NATIONAL, "/api/v1/lessons?theme=baseline&per_page=1")
    assert themed["per_page"] == 1
    assert len(themed["items"]) == 1
    assert themed["total"] == sum(
        1 for x in web.store.programmes.lessons() if x.theme == "baseline"
    )
    # a programme's lesson is not read outside its scope; examples are
    _, other = _api(web, OTHER_ORG, "/api/v1/lessons")
    assert other["total"] == len(web.store.programmes.lessons()) - 1
    assert all(x["programme_id"] is None for x in other["items"])
    status, bad = _api(web, NATIONAL, "/api/v1/lessons?kind=great")
    assert (status, bad["error"]["code"]) == (400, "bad_request")
    assert "kind" in bad["error"]["message"]
    assert _api(web, NATIONAL, "/api/v1/lessons?programme=x")[0] == 400


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_readiness_pdf_for_the_board(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(ORG)
    page = client.get(f"/programmes/{pid}").text
    assert f'href="/programmes/{pid}/readiness.pdf"' in page
    assert f'href="/programmes/{pid}/readiness.xlsx"' in page
    assert f'href="/programmes/{pid}/history"' in page
    r = client.get(f"/programmes/{pid}/readiness.pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    width, height = (float(x) for x in pdf.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = _pdf_text(r.content)
    assert "Not ready for design: 9 must-haves missing" in text
    assert "Scope agreed (not met)" in text
    assert (
        "Direction from the executive board Amber =SUM(A1) board minute 12 Chief executive" in text
    )
    assert "28 Feb 2026" in text
    assert text.count("Not answered") == 9
    assert "Mandate from the executive board Met Board paper 7" in text
    assert "Scope agreed Not met" in text
    for code in NCL:  # partners and the completeness table by name
        assert NAMES[code] in text
    assert "Baseline completeness (2009/10)" in text
    entry = web.store.audit.entries(action="export")[0]
    assert (entry.actor, entry.target) == (ORG, f"programme {pid} readiness.pdf")
    assert web.signed_in(OTHER_ORG).get(f"/programmes/{pid}/readiness.pdf").status_code == 403


def _rows(book: openpyxl.Workbook, name: str) -> list[list[Any]]:
    return [[c.value for c in row] for row in book[name].iter_rows(min_row=2)]


def test_readiness_workbook_neutralises_formulas(web: Web) -> None:
    pid = _programme(web)
    r = web.signed_in(FOOTPRINT).get(f"/programmes/{pid}/readiness.xlsx")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Gate", "Questions", "Must-haves", "Completeness", "Lessons"]
    gate = _rows(book, "Gate")
    assert gate[1][:2] == ["Programme", "NCL finance"]
    missing = [v for k, v, *_ in gate if k == "Missing"]
    assert len(missing) == 9
    assert missing[0] == "Scope agreed (not met)"
    assert missing[1] == "SROs appointed and resources secured (not recorded)"
    questions = _rows(book, "Questions")
    assert questions[0] == ["Question", "RAG", "Answer", "Owner", "Date"]
    assert questions[1] == [
        "Direction from the executive board", "Amber", "'=SUM(A1) board minute 12",
        "Chief executive", "2026-02-28",
    ]  # fmt: skip
    assert [q[1] for q in questions[2:]] == ["Not answered"] * 9
    musts = _rows(book, "Must-haves")
    assert musts[1] == ["Mandate from the executive board", "Met", "Board paper 7"]
    complete = _rows(book, "Completeness")
    assert complete[0][:3] == ["Organisation", "Code", "Function"]
    _, table = actions.completeness(web.store, NAT, pid)
    assert [(row[1], row[-1]) for row in complete[1:]] == list(
        table.select("org_code", "completeness").iter_rows()
    )
    lessons = _rows(book, "Lessons")
    assert lessons[1][1:4] == ["NCL finance", "Baseline", "Do differently"]
    assert lessons[1][5] == '\'=HYPERLINK("http://x") agree volumes early'
    entry = web.store.audit.entries(action="export")[0]
    assert (entry.actor, entry.target) == (FOOTPRINT, f"programme {pid} readiness.xlsx")


def test_history_shows_every_version_with_who_and_when(web: Web) -> None:
    pid = _programme(web)
    actions.save_readiness(
        web.store, NAT, pid,
        answers=[AnswerInput("direction", "Board minute 14", "Chair", "2026-03-30", "green")],
        must_haves=[MustHaveInput("scope_agreed", True, "Scope paper")],
    )  # fmt: skip
    client = web.signed_in(ORG)
    r = client.get(f"/programmes/{pid}/history")
    assert r.status_code == 200
    body = r.text
    table = re.search(r'id="answer-history-table">(.*?)</table>', body, re.S)
    assert table
    cell = re.compile(r"<t[hd][^>]*>.*?</t[hd]>", re.S)
    rows = [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cell.findall(row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]
    versions = web.store.programmes.answer_versions(pid)
    stamp = {v.version: v.saved_at.strftime("%d %b %Y %H:%M UTC") for v in versions}
    assert rows[1:] == [
        ["Direction from the executive board", "2", "Green", "Board minute 14", "Chair",
         "30 Mar 2026", NATIONAL, stamp[2]],
        ["Direction from the executive board", "1", "Amber", "=SUM(A1) board minute 12",
         "Chief executive", "28 Feb 2026", FOOTPRINT, stamp[1]],
    ]  # fmt: skip
    musts = re.search(r'id="must-have-history-table">(.*?)</table>', body, re.S)
    assert musts
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", musts.group(1))).split())
    assert "Scope agreed 2 Met Scope paper" in text
    assert "Scope agreed 1 Not met" in text
    assert text.index("Mandate from the executive board 1 Met Board paper 7") < text.index(
        "Scope agreed 2"
    )
    assert web.signed_in(OTHER_ORG).get(f"/programmes/{pid}/history").status_code == 403
