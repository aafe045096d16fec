"""A programme in a real browser, by keyboard, with axe on every page: a footprint user starts
its footprint's programme, records must-haves on the readiness form (a bad date is shown and
nothing saved; corrected, the gate banner names what is still missing), works out the design
phase's resources, and adds a lesson; every page's tables fit or scroll at 320 px."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from browser.conftest import PASSWORD, USERS, Server, screenshot
from browser.test_browser_accessibility import _violations
from browser.test_browser_tables import _MEASURE, _problems
from corpbench.programme.readiness import MUST_HAVE_CODES


def _sign_in(page: Page, server: Server) -> None:
    page.goto(server.url + "/signin")
    page.fill("#email", USERS["footprint"][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def _press(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.focus(selector)
        page.keyboard.press("Enter")


def test_a_footprint_user_walks_a_programme_to_its_gate(
    axe_page: Page, browser: Browser, server: Server
) -> None:
    page = axe_page
    _sign_in(page, server)
    page.goto(server.url + "/programmes")
    assert _violations(page) == []
    page.fill("#name", "Shared finance")
    _press(page, "#new-programme-button")
    assert "/programmes/" in page.url
    pid = page.url.split("/programmes/")[1].split("?")[0]
    expect(page.locator("#gate")).to_contain_text("Not ready for design")
    expect(page.locator("#benefits-link")).to_have_attribute("href", f"/programmes/{pid}/benefits")
    assert _violations(page) == []

    page.goto(f"{server.url}/programmes/{pid}/readiness")
    assert _violations(page) == []
    for code in MUST_HAVE_CODES[:-1]:
        page.check(f"#{code}-met")
        page.fill(f"#{code}-evidence", f"Board paper on {code}")
    page.fill("#direction-answer", "One finance service by 2019")
    page.fill("#direction-owner", "Chief executive")
    page.fill("#direction-date", "2026-02-30")
    page.select_option("#direction-rag", "amber")
    _press(page, "#readiness-button")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "question direction, date: '2026-02-30' is not a date like 2026-03-31"
    )
    assert _violations(page) == []
    assert server.store.programmes.must_have_versions(int(pid)) == []
    page.fill("#direction-date", "2026-02-28")
    _press(page, "#readiness-button")
    expect(page.locator("#gate")).to_contain_text("Not ready for design")
    expect(page.locator("#gate-missing li")).to_have_text(
        ["List of parallel projects (not recorded)"]
    )
    expect(page.locator("#questions-table")).to_contain_text("Amber")

    page.fill("#weeks", "10")
    page.fill("#leads", "3")
    page.fill("#workshop_days", "4")
    page.fill("#pm_rate", "500")
    _press(page, "#resources-button")
    expect(page.locator("#resources-days")).to_have_text("124")  # 10 x (1 + 5 + 6) + 4
    expect(page.locator("#resources-cost")).to_have_text("£25,000")  # 50 days at £500
    assert _violations(page) == []

    page.click("#history-link")  # every version saved, with who
    expect(page.locator("#answer-history-table")).to_contain_text("One finance service by 2019")
    expect(page.locator("#must-have-history-table")).to_contain_text("Board paper on mandate")
    assert _violations(page) == []

    page.goto(f"{server.url}/lessons")
    assert _violations(page) == []
    page.select_option("#lesson-theme", "resources")
    page.select_option("#lesson-programme", pid)
    page.fill("#lesson-text", "Free the leads' time before the workshops")
    _press(page, "#add-lesson-button")
    expect(page.locator("#lessons-table")).to_contain_text("Free the leads' time")
    assert _violations(page) == []

    phone = browser.new_context(viewport={"width": 320, "height": 900}).new_page()
    _sign_in(phone, server)
    problems = []
    for path in ("/programmes", f"/programmes/{pid}?weeks=10&leads=3",
                 f"/programmes/{pid}/readiness", f"/programmes/{pid}/history",
                 "/lessons"):  # fmt: skip
        phone.goto(server.url + path)
        problems += [f"{path}: {p}" for p in _problems(phone.evaluate(_MEASURE))]
    screenshot(phone, "programme-lessons-320")
    phone.context.close()
    assert problems == []
