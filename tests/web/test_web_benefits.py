"""The benefits pages: a footprint user adds a line, enters and uploads values (CSRF-checked),
sees the line's XmR chart with its icons and words, downloads the workbook (formula-injection
safe) and the PDF; the API gives every line and month at full precision."""

from __future__ import annotations

import io
import json
import re

import openpyxl

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from web.conftest import FOOTPRINT, ORG, Web, csrf_of


def _programme(web: Web) -> int:
    return actions.new_programme(
        web.store, Actor.command_line("nat"), name="NCL finance", footprint="NCL", year=Y1
    ).id


def test_a_footprint_user_tracks_a_benefit(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(FOOTPRINT)
    page = client.get(f"/programmes/{pid}/benefits")
    assert page.status_code == 200
    assert "no benefit line yet" in page.text
    csrf = csrf_of(page.text)
    line = {
        "csrf_token": csrf,
        "function": "finance",
        "description": '=HYPERLINK("x") finance cost',
        "owner": "FD",
        "cashable": "yes",
        "baseline": "100,000",
        "target": "90000",
        "improvement": "decrease",
    }
    # without the form's token nothing is stored
    assert (
        client.post(
            f"/programmes/{pid}/benefits/lines", data={**line, "csrf_token": "x"}
        ).status_code
        == 400
    )
    assert web.store.benefits.lines(pid) == []
    r = client.post(f"/programmes/{pid}/benefits/lines", data=line)
    assert (r.status_code, r.headers["location"]) == (303, f"/programmes/{pid}/benefits?saved=line")
    # a bad value is refused with the form kept and nothing stored
    bad = {"csrf_token": csrf, "line": "1", "month": "2017-13", "actual": "1"}
    r = client.post(f"/programmes/{pid}/benefits/values", data=bad)
    assert r.status_code == 400
    assert "not a month written YYYY-MM" in r.text
    r = client.post(
        f"/programmes/{pid}/benefits/values",
        data={"csrf_token": csrf, "line": "1", "month": "2017-04", "actual": "99000"},
    )
    assert r.status_code == 303
    # 13 more months by upload (2017-05 to 2018-05): flat, then a fall that is special cause
    # improvement
    rows = ["line,month,actual,planned"]
    for i in range(12):
        rows.append(f"1,{2017 + (4 + i) // 12}-{(4 + i) % 12 + 1:02d},{99000 + (i % 2) * 2000},")
    rows.append("1,2018-05,70000,95000")
    upload = "\n".join(rows) + "\n"
    r = client.post(
        f"/programmes/{pid}/benefits/upload",
        data={"csrf_token": csrf},
        files={"file": ("may.csv", upload.encode(), "text/csv")},
    )
    assert r.status_code == 303, r.text
    refused = client.post(
        f"/programmes/{pid}/benefits/upload",
        data={"csrf_token": csrf},
        files={"file": ("bad.csv", b"line,month,actual\n9,2017-04,1\n", "text/csv")},
    )
    assert refused.status_code == 400
    assert "bad.csv, row 2, column line" in refused.text
    assert "not the number of a benefit line" in refused.text
    page = client.get(f"/programmes/{pid}/benefits")
    assert "Finance" in page.text  # the function's label, not its code alone
    assert "Realised cashable savings" in page.text
    # the partners' baseline from the published figures the footprint user sees: (b) and (c)
    assert "(b) Single operating model envelope" in page.text
    assert page.text.count("Carter&#39;s ceilings of 7% and 6%") == 3  # AC001, AC002, MH001
    line_page = client.get(f"/programmes/{pid}/benefits/1")
    assert line_page.status_code == 200
    assert 'data-icon="improvement_low"' in line_page.text
    assert "Special cause variation of an improving nature: lower is better" in line_page.text
    # mean 1,369,000 / 14 = 97,785.7; moving ranges 0, 2,000 × 11 (31,000 screened out):
    # mean 1,833.3, lower limit 97,785.7 − 2.66 × 1,833.3 = 92,909 > the £90,000 target, so a
    # cost that must fall will consistently miss it
    assert 'data-icon="fail"' in line_page.text
    assert "Consistently fails the target" in line_page.text
    assert 'id="benefit-line-1-spec"' in line_page.text
    # the chart is titled as the page is ("Line 1: ...") and its axis is in £ (£98k, not 98,000)
    spec = json.loads(
        re.search(r'id="benefit-line-1-spec">(.*?)</script>', line_page.text, re.S).group(1)  # type: ignore[union-attr]
    )
    assert spec["title"]["text"] == 'Line 1: =HYPERLINK("x") finance cost: XmR chart'
    y = spec["layer"][0]["encoding"]["y"]
    assert y["title"] == "£ a month"
    assert y["axis"]["labelExpr"].startswith("(datum.value < 0 ? '−£' : '£')")
    assert 'id="few-points"' not in line_page.text  # 14 points
    # the workbook: every month, user text neutralised
    book = client.get(f"/programmes/{pid}/benefits.xlsx")
    assert book.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(book.content))
    values = list(wb["Values"].iter_rows(values_only=True))
    assert len(values) == 1 + 14
    assert values[1][2] == '\'=HYPERLINK("x") finance cost'
    assert values[1][5:9] == ("2017-04", None, 99000.0, 1000.0)
    assert values[-1][5:9] == ("2018-05", 95000.0, 70000.0, 30000.0)
    pdf = client.get(f"/programmes/{pid}/benefits.pdf")
    assert pdf.content.startswith(b"%PDF")
    # the API (the organisation user is a partner: it reads)
    api = web.client().get(
        f"/api/v1/programmes/{pid}/benefits",
        headers={"Authorization": f"Bearer {web.token(ORG)}"},
    )
    assert api.status_code == 200
    body = api.json()
    assert body["lines"][0]["baseline"] == 100000.0
    assert len(body["values"]) == 14
    # realised: each month's fall below the £100k baseline, summed
    saved = [100000 - v["actual"] for v in body["values"]]
    assert body["envelopes"]["realised"] == sum(saved)
    assert body["envelopes"]["through"] == "2018-05"


def test_an_organisation_partner_reads_but_has_no_forms(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(ORG)
    page = client.get(f"/programmes/{pid}/benefits")
    assert page.status_code == 200
    assert 'id="line-form"' not in page.text
    assert re.search(r'id="upload-form"', page.text) is None


def test_a_line_is_changed_as_a_new_version_and_can_be_retired(web: Web) -> None:
    pid = _programme(web)
    client = web.signed_in(FOOTPRINT)
    csrf = csrf_of(client.get(f"/programmes/{pid}/benefits").text)
    line = {
        "csrf_token": csrf, "function": "hr", "description": "Agency spend",
        "owner": "HRD", "cashable": "yes", "baseline": "20000", "target": "15000",
        "improvement": "decrease",
    }  # fmt: skip
    assert client.post(f"/programmes/{pid}/benefits/lines", data=line).status_code == 303
    r = client.post(f"/programmes/{pid}/benefits/1", data={**line, "owner": "Director of HR"})
    assert (r.status_code, r.headers["location"]) == (
        303,
        f"/programmes/{pid}/benefits/1?saved=line",
    )
    r = client.post(f"/programmes/{pid}/benefits/1", data={**line, "baseline": ""})
    assert r.status_code == 400
    assert "needs a baseline" in r.text
    versions = web.store.benefits.line_versions(pid, 1)
    assert [(v.version, v.owner) for v in versions] == [(1, "HRD"), (2, "Director of HR")]
    r = client.post(f"/programmes/{pid}/benefits/1", data={**line, "retire": "yes"})
    assert r.status_code == 303
    assert web.store.benefits.lines(pid) == []
    assert client.get(f"/programmes/{pid}/benefits/1").status_code == 404
