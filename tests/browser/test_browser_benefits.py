"""Benefits tracking in a real browser, by keyboard, with axe on every page: a footprint user
opens its programme (the readiness gate shows it is not ready for design), follows the link to
its benefits, adds a cashable line, uploads twelve months of actuals, enters the thirteenth by
keyboard and opens the line's XmR chart: drawn, with its data table, and the variation and
assurance icons with their words. Both pages fit or scroll at 320 px."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from browser.conftest import Server, screenshot
from browser.test_browser_accessibility import _violations
from browser.test_browser_plans import _press, _sign_in
from browser.test_browser_tables import _MEASURE, _problems
from corpbench import actions
from corpbench.actions import Actor


def _type(page: Page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def test_a_footprint_user_walks_a_programme_to_its_benefits_chart(
    axe_page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    page = axe_page
    made = actions.new_programme(
        server.store,
        Actor.command_line("tests"),
        name="Browser benefits",
        footprint=server.footprint,
        year="2010/11",
    )
    _sign_in(page, server)
    page.goto(f"{server.url}/programmes/{made.id}")
    expect(page.locator("#gate")).to_contain_text("Not ready for design")
    assert _violations(page) == []
    _press(page, "#benefits-link")
    expect(page.locator("h1")).to_have_text("Benefits: Browser benefits")
    expect(page.locator("#no-lines")).to_be_visible()
    assert _violations(page) == []
    # a line, typed and chosen by keyboard
    page.focus("#function")
    page.keyboard.type("Payroll")
    _type(page, "#description", "Payroll cost a month")
    _type(page, "#owner", "Director of finance")
    _type(page, "#baseline", "50000")
    _type(page, "#target", "47000")
    page.focus("#improvement")
    page.keyboard.type("lower")
    _press(page, "#line-button")
    expect(page.locator("[role=status]")).to_contain_text("Benefit line saved.")
    expect(page.locator("#lines-table")).to_contain_text("Payroll cost a month")
    expect(page.locator("#lines-table")).to_contain_text("Payroll")
    # twelve months uploaded: steady about £50,000
    rows = ["line,month,actual,planned"]
    for i in range(12):
        month = f"{2017 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}"
        rows.append(f"1,{month},{50000 + (300 if i % 2 else -300)},")
    upload = tmp_path / "actuals.csv"
    upload.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.set_input_files("#file", str(upload))
    _press(page, "#upload-button")
    expect(page.locator("[role=status]")).to_contain_text("Upload stored.")
    # the thirteenth month by keyboard: the shared service goes live, the cost falls
    _type(page, "#month", "2018-04")
    _type(page, "#actual", "42000")
    _press(page, "#values-button")
    expect(page.locator("[role=status]")).to_contain_text("Values saved.")
    # realised: 12 months netting to 0 about the baseline, then £8,000
    expect(page.locator("#lines-table")).to_contain_text("£8,000")
    assert _violations(page) == []
    _press(page, "#lines-table a")
    expect(page.locator("h1")).to_have_text("Line 1: Payroll cost a month")
    expect(page.locator("#benefit-chart svg, #benefit-chart canvas").first).to_be_visible()
    expect(page.locator("#variation [data-icon=improvement_low] svg")).to_be_visible()
    expect(page.locator("#variation")).to_contain_text("improving nature")
    expect(page.locator("#assurance [data-icon] svg")).to_be_visible()
    expect(page.locator("#few-points")).to_have_count(0)
    expect(page.locator("#benefit-line-1-table")).to_be_attached()
    screenshot(page, "benefit-line")
    assert _violations(page) == []
    # on a phone (320 px) the pages never scroll sideways: each table fits or scrolls itself
    phone = browser.new_context(viewport={"width": 320, "height": 900}).new_page()
    _sign_in(phone, server)
    problems = []
    for path in (f"/programmes/{made.id}/benefits", f"/programmes/{made.id}/benefits/1"):
        phone.goto(server.url + path)
        problems += [f"{path}: {p}" for p in _problems(phone.evaluate(_MEASURE))]
    screenshot(phone, "benefits-320")
    phone.context.close()
    assert problems == []
