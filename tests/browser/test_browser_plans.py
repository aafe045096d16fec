"""The planning workbench in a real browser, by keyboard alone, with axe on every page: a
footprint user makes a case from its footprint's baseline in one click, edits it (an error is
shown with its path and nothing saved; corrected, it saves version 2), appraises options against
weighted design principles (version 3: the top option, ranks and weight intervals on the page),
makes a second case and compares the two side by side."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from browser.conftest import PASSWORD, USERS, Server, screenshot
from browser.test_browser_accessibility import _violations
from browser.test_browser_flows import DOWNLOAD_MS

#: Two weighted design principles and the status quo and a co-operative scored against them.
APPRAISAL = """
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
"""


def _sign_in(page: Page, server: Server) -> None:
    page.goto(server.url + "/signin")
    page.fill("#email", USERS["footprint"][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def _press(page: Page, selector: str) -> None:
    """Focus ``selector`` and press Enter, waiting for the page it leads to."""
    with page.expect_navigation():
        page.focus(selector)
        page.keyboard.press("Enter")


def test_a_footprint_user_builds_edits_and_compares_cases(axe_page: Page, server: Server) -> None:
    page = axe_page
    _sign_in(page, server)
    page.goto(server.url + "/plans")
    assert _violations(page) == []
    # the form offers the user's footprint only; the newest year is chosen
    expect(page.locator("#footprint option")).to_have_count(1)
    expect(page.locator("#footprint")).to_have_value(server.footprint)
    page.focus("#name")
    page.keyboard.type("Keyboard case")
    _press(page, "#new-case-button")
    expect(page.locator("[role=status]")).to_contain_text("Case saved as version 1.")
    expect(page.locator("h1")).to_have_text("Keyboard case")
    expect(page.locator("#summary-table")).to_contain_text("Net present value")
    expect(page.locator("#sequencing-table")).to_contain_text("Share first")
    expect(page.locator("#partners-table")).to_be_visible()
    pdf = page.locator("#case-links a", has_text="PDF")
    assert re.fullmatch(r"/plans/\d+/case\.pdf", pdf.get_attribute("href") or "")
    # the charts, each with its data table, then the PDF business case downloaded by keyboard
    assert page.locator("#plan-charts figure").count() >= 2
    expect(page.locator("#plan-waterfall-table")).to_be_attached()
    with page.expect_download(timeout=DOWNLOAD_MS) as download:
        pdf.focus()
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    screenshot(page, "plan-case")
    assert _violations(page) == []

    # edit: a field the case does not know is an error with its path, and nothing is saved
    _press(page, "#case-links a[href$='/edit']")
    page.focus("#text")
    page.keyboard.press("Control+Home")
    page.keyboard.type('colour = "blue"\n')
    _press(page, "#save-button")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The case is not valid: 1 error. Nothing was saved.")
    expect(summary).to_contain_text("colour: unknown field")
    assert _violations(page) == []
    # corrected (the first line deleted by keyboard), it saves version 2
    page.focus("#text")
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Delete")
    _press(page, "#save-button")
    expect(page.locator("[role=status]")).to_contain_text("Case saved as version 2.")
    expect(page.locator("#versions-table tbody tr")).to_have_count(2)

    # appraise: weighted design principles and the options scored against them, typed at the
    # end of the case; saved as version 3, the page shows the appraisal
    _press(page, "#case-links a[href$='/edit']")
    page.focus("#text")
    page.keyboard.press("Control+End")
    page.keyboard.type(APPRAISAL)
    _press(page, "#save-button")
    expect(page.locator("[role=status]")).to_contain_text("Case saved as version 3.")
    appraisal = page.locator("#appraisal ~ p").first
    expect(appraisal).to_have_text("Top option: Shared service co-operative.")
    # weights 3 : 1 are 0.75 and 0.25; co-operative 0.75 × 8 + 0.25 × 6 = 7.50 ranks 1,
    # status quo 0.75 × 0 + 0.25 × 10 = 2.50 ranks 2
    options = page.locator("#options-table tbody tr")
    expect(options).to_have_count(2)
    expect(options.filter(has_text="co-operative")).to_have_text(
        re.compile(r"Shared service co-operative\s*7\.50\s*1")
    )
    expect(options.filter(has_text="Status quo")).to_have_text(
        re.compile(r"Status quo\s*2\.50\s*2")
    )
    # the co-operative stays top while 8w − 4(1 − w) ≥ 0 for the weight w of saving, w ≥ 1/3,
    # and so while control's weight is at most 2/3
    principles = page.locator("#principles-table tbody tr")
    expect(principles).to_have_count(2)
    expect(principles.filter(has_text="saving")).to_have_text(
        re.compile(r"saving\s*0\.750\s*0\.333\s*1\.000\s*yes")
    )
    expect(principles.filter(has_text="control")).to_have_text(
        re.compile(r"control\s*0\.250\s*0\.000\s*0\.667\s*yes")
    )
    screenshot(page, "plan-appraisal")
    assert _violations(page) == []

    # a second case, then both side by side
    page.goto(server.url + "/plans")
    page.focus("#name")
    page.keyboard.type("Second case")
    _press(page, "#new-case-button")
    page.goto(server.url + "/plans")
    for name in ("Keyboard case", "Second case"):
        row = page.locator("#plans-table tbody tr", has_text=name).first
        row.locator("input[type=checkbox]").focus()
        page.keyboard.press("Space")
    _press(page, "#compare-button")
    table = page.locator("#compare-table")
    expect(table).to_contain_text("Keyboard case (version 3)")
    expect(table).to_contain_text("Shared service co-operative")  # its top option
    expect(table).to_contain_text("Second case (version 1)")
    expect(table).to_contain_text("Net present value")
    screenshot(page, "plan-compare")
    assert _violations(page) == []
