"""The planning workbench's pages: a case made from a baseline in one click, the case page's
figures, the editor (every error with its path, nothing saved on an error), cases side by side,
deleting, and the scope rules of each role (403 outside its scope)."""

from __future__ import annotations

import html
import io
import re
import tomllib

import openpyxl
import polars as pl
import pypdf
import pytest
from fastapi.testclient import TestClient

from cli.bundles import Y1, Y2
from corpbench import actions
from corpbench.actions import Actor
from corpbench.bench.scale import fit
from corpbench.plan import evaluate_plan, parse_case
from corpbench.plan.document import to_toml
from corpbench.plan.engine import evaluate_case as engine_evaluate
from corpbench.plan.engine import in_sequence, share_first
from plan.cases import small
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web, csrf_of, page_csrf

NAT = Actor.command_line(NATIONAL)

#: The worked example of docs/planning.md (tests/plan/cases.py), as a case's TOML text.
SMALL = to_toml(small())


def _text(page: str) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _new(client: TestClient, **fields: str) -> int:
    page = client.get("/plans")
    assert page.status_code == 200
    r = client.post("/plans", data={"csrf_token": csrf_of(page.text), **fields})
    assert r.status_code == 303, r.text
    found = re.fullmatch(r"/plans/(\d+)\?saved=1", r.headers["location"])
    assert found
    return int(found.group(1))


def test_a_footprint_user_makes_a_case_from_its_baseline_in_one_click(web: Web) -> None:
    client = web.signed_in(FOOTPRINT)
    listing = client.get("/plans")
    assert 'href="/plans"' in listing.text  # Plans in the navigation
    # the form offers its own footprint only, and the published years
    assert re.findall(r'<option value="([^"]+)"', listing.text) == ["NCL", Y2, Y1]
    case_id = _new(client, kind="footprint", footprint="NCL", year=Y1, name="")
    stored = web.store.plans.latest(case_id)
    assert stored is not None
    assert (stored.name, stored.footprint, stored.partners, stored.saved_by) == (
        f"NCL {Y1}", "NCL", ("AC001", "AC002", "MH001"), FOOTPRINT
    )  # fmt: skip
    page = client.get(f"/plans/{case_id}?saved=1")
    assert page.status_code == 200
    words = _text(page.text)
    assert "Case saved as version 1." in words
    ev = evaluate_plan(parse_case(tomllib.loads(stored.text)))
    npv = ev.scalar("npv")
    assert npv is not None
    sign = "−" if npv < 0 else ""
    assert f"Net present value {sign}£{abs(npv):,.0f}" in words
    assert "Shared service co-operative for Finance, HR" in words
    assert f'href="/plans/{case_id}/case.pdf"' in page.text
    assert f'href="/plans/{case_id}/case.xlsx"' in page.text
    # both sequencings, from the engine
    for label, variant in (
        ("Simplify → standardise → share", in_sequence(ev.case)),
        ("Share first", share_first(ev.case)),
    ):
        value = float(engine_evaluate(variant).npv[0])
        assert f"{label} {'−' if value < 0 else ''}£{abs(value):,.0f}" in words
    # gain share by partner name
    assert "Ash Hospital NHS Trust (AC001)" in words
    assert "version 1" in words


def test_the_case_page_shows_every_part_of_the_evaluation(web: Web) -> None:
    text = (
        SMALL
        + """
[uncertain."option.share.finance"]
low = 0.4
mode = 0.5
high = 0.6

[monte_carlo]
draws = 1000
seed = 7

[[principles]]
name = "saving"
weight = 3

[[principles]]
name = "control"
weight = 1

[options_scored.status_quo]
saving = 0
control = 10

[options_scored.cooperative]
saving = 8
control = 6

[[partners]]
org_code = "AC001"
baseline = 300

[[partners]]
org_code = "AC002"
baseline = 100
"""
    )
    saved = actions.save_case(web.store, NAT, None, text=text, name="Worked").version
    words = _text(web.signed_in(NATIONAL).get(f"/plans/{saved.case_id}").text)
    # the worked example of docs/planning.md
    assert "Net present value £357" in words
    assert "Payback year 2" in words
    assert "Return on investment 3.55" in words
    assert "Run-rate saving a year £443" in words
    assert "3 £443 £0 £10 £15 £418 £710" in words  # year 3 of the cash flows
    assert "Finance share rate" in words  # tornado, by label
    assert "Monte Carlo draws 1,000" in words
    # appraisal: weights 0.75 / 0.25; co-operative 0.75 × 8 + 0.25 × 6 = 7.5, status quo 2.5
    assert "Top option: Shared service co-operative" in words
    assert "Shared service co-operative 7.50 1" in words
    assert "Status quo 2.50 2" in words
    # gain share by baseline: 300 / 400 = 0.75
    assert "Ash Hospital NHS Trust (AC001) 0.750" in words


def test_the_case_downloads_as_its_pdf_and_workbook_with_charts_on_the_page(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Worked").version
    client = web.signed_in(NATIONAL)
    page = client.get(f"/plans/{saved.case_id}").text
    # the charts, each with its data table
    assert 'id="plan-waterfall-spec"' in page
    assert 'id="plan-cumulative-table"' in page
    pdf = client.get(f"/plans/{saved.case_id}/case.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert f'filename="case-{saved.case_id}-v1.pdf"' in pdf.headers["content-disposition"]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Worked" in text
    assert "£357" in text  # the worked example's NPV, as on the page
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/plans/{saved.case_id}/case.xlsx").content)
    )
    assert "Cash flows" in book.sheetnames
    assert client.get(f"/plans/{saved.case_id}/case.docx").status_code == 400
    newest = web.store.audit.entries(action="export", limit=2)
    assert [e.target for e in newest] == [
        f"plan {saved.case_id} case.xlsx",
        f"plan {saved.case_id} case.pdf",
    ]


def test_the_editor_shows_every_error_with_its_path_and_saves_nothing(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    form = client.get(f"/plans/{saved.case_id}/edit")
    assert form.status_code == 200
    assert html.unescape(form.text).count("[functions.finance]") == 1
    bad = SMALL.replace("discount_rate = 0.25", "discount_rate = 3.5").replace(
        "share = { finance = 0.5 }", "share = { finance = 1.2 }"
    )
    audited = web.store.audit.count()
    r = client.post(
        f"/plans/{saved.case_id}/edit",
        data={"csrf_token": csrf_of(form.text), "text": bad, "name": "Small"},
    )
    assert r.status_code == 400
    words = _text(r.text)
    assert "The case is not valid: 2 errors. Nothing was saved." in words
    assert "discount_rate: 3.5 is above 1 (expected 0 ≤ rate < 1)" in words
    assert "option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)" in words
    assert "discount_rate = 3.5" in html.unescape(r.text)  # the text kept to correct
    assert [v.version for v in web.store.plans.versions(saved.case_id)] == [1]
    assert web.store.audit.count() == audited
    # corrected, it saves a new version
    good = SMALL.replace("horizon = 3", "horizon = 4")
    r = client.post(
        f"/plans/{saved.case_id}/edit",
        data={"csrf_token": csrf_of(form.text), "text": good.replace("\n", "\r\n"), "name": "Four"},
    )
    assert r.status_code == 303
    versions = web.store.plans.versions(saved.case_id)
    assert [(v.version, v.name, v.text) for v in versions] == [
        (1, "Small", SMALL),
        (2, "Four", good),
    ]
    page = _text(client.get(f"/plans/{saved.case_id}").text)
    assert "2 Four" in page
    assert "1 Small" in page


def test_a_form_without_its_csrf_token_is_refused(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    for path, data in (
        ("/plans", {"kind": "footprint", "footprint": "NCL", "year": Y1}),
        (f"/plans/{saved.case_id}/edit", {"text": SMALL}),
        (f"/plans/{saved.case_id}/retire", {}),
    ):
        assert client.post(path, data=data).status_code == 400
    assert len(web.store.plans.versions(saved.case_id)) == 1
    assert len(web.store.plans.in_use()) == 1


def test_a_bad_consortium_is_an_error_on_the_form(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    page = client.get("/plans")
    r = client.post(
        "/plans",
        data={"csrf_token": csrf_of(page.text), "kind": "orgs", "orgs": "ZZ999", "year": Y1},
    )
    assert r.status_code == 400
    assert "Not in the register: ZZ999" in _text(r.text)
    assert web.store.plans.in_use() == []


def test_compare_shows_cases_side_by_side(web: Web) -> None:
    a = actions.save_case(web.store, NAT, None, text=SMALL, name="Three years").version
    b = actions.save_case(
        web.store, NAT, None, text=SMALL.replace("horizon = 3", "horizon = 5"), name="Five"
    ).version
    client = web.signed_in(NATIONAL)
    for query in (f"ids={a.case_id},{b.case_id}", f"id={a.case_id}&id={b.case_id}"):
        r = client.get(f"/plans/compare?{query}")
        assert r.status_code == 200
        words = _text(r.text)
        assert "Three years (version 1) Five (version 1)" in words
        assert "Years 3 5" in words
        assert "Net present value £357 £" in words
        # each case phased share-first, from the engine
        first = [
            float(engine_evaluate(share_first(parse_case(tomllib.loads(v.text)))).npv[0])
            for v in (a, b)
        ]
        assert (
            "NPV, Share first " + " ".join(f"{'−' if x < 0 else ''}£{abs(x):,.0f}" for x in first)
            in words
        )
    assert client.get("/plans/compare?ids=1").status_code == 400
    assert client.get("/plans/compare?ids=x").status_code == 400


def test_deleting_adds_a_retired_version(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    page = client.get(f"/plans/{saved.case_id}")
    r = client.post(f"/plans/{saved.case_id}/retire", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303
    listing = client.get(r.headers["location"])
    assert "Case “Small” deleted. Its earlier versions are kept." in _text(listing.text)
    assert client.get(f"/plans/{saved.case_id}").status_code == 404
    assert [v.retired for v in web.store.plans.versions(saved.case_id)] == [False, True]


@pytest.mark.parametrize(
    ("email", "status"),
    [(NATIONAL, 200), (FOOTPRINT, 200), (ORG, 200), (OTHER_ORG, 403)],
)
def test_who_sees_a_footprint_case(web: Web, email: str, status: int) -> None:
    saved = actions.new_case(web.store, NAT, year=Y1, footprint="NCL").version
    client = web.signed_in(email)
    assert client.get(f"/plans/{saved.case_id}").status_code == status
    listed = f'href="/plans/{saved.case_id}"' in client.get("/plans").text
    assert listed == (status == 200)


def test_an_organisation_user_reads_only(web: Web) -> None:
    saved = actions.new_case(web.store, NAT, year=Y1, footprint="NCL").version
    client = web.signed_in(ORG)
    page = client.get(f"/plans/{saved.case_id}")
    assert page.status_code == 200
    assert f"/plans/{saved.case_id}/edit" not in page.text
    assert "new-case-form" not in client.get("/plans").text
    token = page_csrf(client)
    assert client.get(f"/plans/{saved.case_id}/edit").status_code == 403
    for path, data in (
        (f"/plans/{saved.case_id}/edit", {"text": saved.text}),
        (f"/plans/{saved.case_id}/retire", {}),
        ("/plans", {"kind": "footprint", "footprint": "NCL", "year": Y1}),
    ):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403
    assert len(web.store.plans.versions(saved.case_id)) == 1
    assert len(web.store.plans.in_use()) == 1


def test_a_footprint_user_cannot_open_or_plan_outside_its_footprint(web: Web) -> None:
    north = actions.new_case(web.store, NAT, year=Y1, org_codes=["AC003", "AC004"]).version
    client = web.signed_in(FOOTPRINT)
    assert client.get(f"/plans/{north.case_id}").status_code == 403
    assert client.get(f"/plans/{north.case_id}/edit").status_code == 403
    token = csrf_of(client.get("/plans").text)
    r = client.post("/plans", data={"csrf_token": token, "kind": "orgs", "orgs": "AC001,AC003",
                                    "year": Y1})  # fmt: skip
    assert r.status_code == 403
    assert len(web.store.plans.in_use()) == 1


def test_no_such_case_is_404_and_signed_out_is_sent_to_sign_in(web: Web) -> None:
    assert web.signed_in(NATIONAL).get("/plans/99").status_code == 404
    r = web.client().get("/plans")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/signin")


def test_the_case_page_shows_the_economies_of_scale_of_its_partners(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    case_id = _new(client, kind="footprint", footprint="NCL", year=Y1, name="")
    words = _text(client.get(f"/plans/{case_id}").text)
    assert "Economies of scale" in words
    # by hand from the same figures: per function, ln(cost) on ln(turnover) over every
    # organisation of Y1 (bench.scale.fit), and Σ a·Tᵢ^β − a·(ΣTᵢ)^β over the NCL partners
    engine = actions.benchmark_for(web.store, NAT)
    totals = engine.totals(Y1)
    finance = engine.finance.filter(pl.col("year") == Y1)
    turnover = dict(zip(finance["org_code"], finance["turnover"], strict=True))
    partners = [turnover[c] for c in ("AC001", "AC002", "MH001")]
    checked = 0
    for code, label in (("finance", "Finance"), ("hr", "HR")):
        rows = totals.filter((pl.col("function") == code) & (pl.col("cost") > 0))
        pairs = [(turnover[o], c) for o, c in zip(rows["org_code"], rows["cost"], strict=True)]
        fitted = fit([t for t, _ in pairs], [c for _, c in pairs])
        if fitted is None:
            assert f"{label} no fit" in words
            continue
        a, beta = float(fitted["a"]), float(fitted["beta"])  # type: ignore[arg-type]
        low, high, r2 = (float(fitted[k]) for k in ("beta_low", "beta_high", "r_squared"))  # type: ignore[arg-type]
        saving = sum(a * t**beta for t in partners) - a * sum(partners) ** beta
        sign = "−" if saving < 0 else ""
        row = (
            f"{label} {beta:,.2f} {low:,.2f} to {high:,.2f} {r2:,.2f} {fitted['n']} "
            f"{sign}£{abs(saving):,.0f}"
        )
        assert row in words
        checked += 1
    assert checked > 0
