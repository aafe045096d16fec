"""A 2016/17 pathfinder's worked case in a real browser, by keyboard alone, with axe on every
page: the demo's pathfinder sign-in (a footprint user of Kent and Medway, docs/demo.md) opens
its footprint's case, edits a main field through the form of main fields (a bad rate first:
its error beside the field, nothing saved), sees the new figures (the NPV worked out in the
test by the plan engine from the edited document), reads the option appraisal and downloads
the PDF business case.

The server here holds the NHS Improvement demo round, loaded as ``corpbench demo --load
--round nhsi-2017`` does (the round's definition added, its bundle loaded, the four pathfinder
cases saved through the workbench's action) and published."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Server, screenshot, serving, sign_in
from browser.test_browser_accessibility import _violations
from browser.test_browser_flows import DOWNLOAD_MS
from corpbench import actions
from corpbench.actions import Actor
from corpbench.cli.users import PLAN_DEMO_PASSWORDS
from corpbench.config import Settings
from corpbench.demo import (
    NHSI_ROUND,
    PATHFINDER_YEAR,
    PATHFINDERS,
    generate_rounds,
    pathfinder_cases,
)
from corpbench.demo.cases import PLAN_USER_FOOTPRINT
from corpbench.documents.bundle_csv import write_bundle_csv
from corpbench.plan import evaluate_plan, parse_case
from corpbench.store import Store

EMAIL, PASSWORD = PLAN_DEMO_PASSWORDS["footprint"]
CASE_NAME = next(p.name for p in PATHFINDERS if p.footprint == PLAN_USER_FOOTPRINT)


@pytest.fixture(scope="module")
def pathfinder_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("pathfinder")
    settings = Settings(db=f"sqlite:///{tmp / 'pathfinder.db'}")
    store = Store.open(settings.db)
    demo = Actor.command_line("demo")
    name, text = NHSI_ROUND.definition_file, NHSI_ROUND.definition_text()
    assert name
    assert text
    actions.add_round(store, demo, text, name)
    folder = tmp / "demo"
    write_bundle_csv(generate_rounds((NHSI_ROUND,)), folder)
    assert actions.load(store, demo, folder, settings=settings, source="demo").stored
    for pathfinder, (case_name, case_text) in zip(PATHFINDERS, pathfinder_cases(), strict=True):
        actions.save_case(
            store,
            demo,
            None,
            text=case_text,
            name=case_name,
            year=PATHFINDER_YEAR,
            footprint=pathfinder.footprint,
        )
    store.accounts.add_user(
        EMAIL, "footprint", password=PASSWORD, footprint=PLAN_USER_FOOTPRINT, by="tests"
    )
    store.publications.publish(by="tests", note="pathfinder browser test")
    with serving(store, settings) as url:
        yield Server(url, store, settings, PLAN_USER_FOOTPRINT)


def _press(page: Page, selector: str) -> None:
    """Focus ``selector`` and press Enter, waiting for the page it leads to."""
    with page.expect_navigation():
        page.focus(selector)
        page.keyboard.press("Enter")


def _retype(page: Page, selector: str, text: str) -> None:
    """Replace the text of the input ``selector`` by keyboard."""
    page.focus(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _money(value: float) -> str:
    return f"{'−' if value < 0 else ''}£{abs(value):,.0f}"


def test_the_pathfinder_user_edits_its_case_through_the_form(
    axe_page: Page, pathfinder_server: Server
) -> None:
    page, server = axe_page, pathfinder_server
    # sign in by keyboard as the demo's pathfinder user
    sign_in(page, server, "footprint", "/plans", email=EMAIL, password=PASSWORD)
    expect(page.locator("h1")).to_have_text("Plans: shared-service business cases")
    assert _violations(page) == []
    # its footprint's case only: Kent and Medway's joint venture
    rows = page.locator("#plans-table tbody tr")
    expect(rows).to_have_count(1)
    _press(page, f"#plans-table a:has-text('{CASE_NAME}')")
    expect(page.locator("h1")).to_have_text(CASE_NAME)
    stored = server.store.plans.in_use()
    case = next(v for v in stored if v.name == CASE_NAME)
    shipped = tomllib.loads(case.text)
    assert shipped["horizon"] == 8
    before = evaluate_plan(parse_case(shipped)).scalar("npv")
    assert before is not None
    assert before < 0  # it never pays back over eight years
    npv_row = page.locator("#summary-table tr", has_text="Net present value")
    expect(npv_row).to_contain_text(_money(before))

    # the form of main fields: a share rate out of range is shown beside its field
    _press(page, "#case-links a[href$='/edit']")
    expect(page.locator("#f-horizon")).to_have_value("8")
    expect(page.locator("#f-option-model")).to_have_value("joint_venture")
    assert _violations(page) == []
    # the form fits a phone's width: the page never scrolls sideways at 320 px
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    _retype(page, "#f-option-share-finance", "1.2")
    _press(page, "#save-fields-button")
    summary = page.locator("#fields-errors")
    expect(summary).to_contain_text("The case is not valid: 1 error. Nothing was saved.")
    expect(summary).to_contain_text("option.share.finance: 1.2 is above 1")
    field = page.locator(".nhsuk-form-group--error", has=page.locator("#f-option-share-finance"))
    expect(field.locator(".nhsuk-error-message")).to_contain_text(
        "option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)"
    )
    expect(page.locator("#f-option-share-finance")).to_have_value("1.2")
    assert [v.version for v in server.store.plans.versions(case.case_id)] == [1]
    screenshot(page, "plan-fields-error")
    assert _violations(page) == []
    # corrected by keyboard (the shipped rate again), and a main field changed:
    _retype(page, "#f-option-share-finance", str(shipped["option"]["share"]["finance"]))
    # a longer horizon, twelve years instead of eight
    _retype(page, "#f-horizon", "12")
    _press(page, "#save-fields-button")
    expect(page.locator("[role=status]")).to_contain_text("Case saved as version 2.")

    # the new figures: the engine's NPV of the edited document, worked out here
    edited = dict(shipped, horizon=12)
    after = evaluate_plan(parse_case(edited)).scalar("npv")
    assert after is not None
    assert after != before
    expect(npv_row).to_contain_text(_money(after))
    saved = server.store.plans.latest(case.case_id)
    assert saved is not None
    assert tomllib.loads(saved.text) == edited
    # the option appraisal: weights 4, 3, 2, 2 of 11 on saving, control, speed and service;
    # status quo (0, 10, 10, 6) scores 62/11 = 5.64, joint venture (2, 6, 3, 8) 48/11 = 4.36,
    # outsourcing (4, 3, 4, 6) 45/11 = 4.09
    expect(page.locator("#appraisal ~ p").first).to_have_text("Top option: Status quo.")
    options = page.locator("#options-table tbody tr")
    expect(options).to_have_count(3)
    expect(options.nth(0)).to_have_text(re.compile(r"Status quo\s*5\.64\s*1"))
    expect(options.filter(has_text="Joint venture")).to_have_text(re.compile(r"4\.36\s*2"))
    expect(options.filter(has_text="Outsourcing")).to_have_text(re.compile(r"4\.09\s*3"))
    screenshot(page, "plan-fields-saved")
    assert _violations(page) == []
    # the PDF business case of version 2, downloaded by keyboard
    pdf = page.locator("#case-links a", has_text="PDF")
    with page.expect_download(timeout=DOWNLOAD_MS) as download:
        pdf.focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"case-{case.case_id}-v2.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
