"""axe-core (from npm, served by the app's static files) finds no serious or critical
accessibility violation on any page, and every page can be worked by keyboard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import DEMO_ORG, PASSWORD, USERS, Server
from cli.bundles import planted_errors
from ingest.bundles import write_xlsx

AXE = Path(__file__).resolve().parents[2] / "src/corpbench/web/static/vendor/axe/axe.min.js"

PAGES: dict[str, list[str]] = {
    "national": [
        "/national",
        "/funnels",
        f"/organisations/{DEMO_ORG}",
        "/submit",
        "/returns",
        f"/returns/{DEMO_ORG}",
        "/queries",
        "/queries?state=all",
        "/users",
        "/audit",
        "/rounds",
        "/plans",
        "/plans/1",
        "/plans/1/edit",
        "/plans/compare?ids=1,2",
        "/api/v1/docs",
        "/organisations/NOPE1",
        "/signout",
    ],
    "footprint": [
        "/footprints/{footprint}",
        "/funnels",
        "/peers",
        "/plans",
        "/plans/2",
        "/plans/2/edit",
    ],
    "organisation": [
        f"/organisations/{DEMO_ORG}",
        f"/organisations/{DEMO_ORG}?view=draft",
        "/returns",
        "/submit",
        "/peers",
        "/queries",
        "/plans",
        "/plans/1",
        "/funnels",
    ],
}


def _violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"page": page.url, "id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _sign_in(page: Page, server: Server, role: str) -> None:
    page.goto(server.url + "/signin")
    page.fill("#email", USERS[role][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def test_the_sign_in_page_has_no_serious_violations(axe_page: Page, server: Server) -> None:
    axe_page.goto(server.url + "/signin")
    assert _violations(axe_page) == []
    axe_page.click("button[type=submit]")  # the page with an error summary
    assert _violations(axe_page) == []


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_has_no_serious_violations(axe_page: Page, server: Server, role: str) -> None:
    _sign_in(axe_page, server, role)
    found = []
    for path in PAGES[role]:
        axe_page.goto(server.url + path.format(footprint=server.footprint))
        axe_page.wait_for_load_state("networkidle")
        found.extend(_violations(axe_page))
    assert found == []


def test_upload_results_have_no_serious_violations(
    axe_page: Page, server: Server, tmp_path: Path
) -> None:
    _sign_in(axe_page, server, "national")
    axe_page.goto(server.url + "/submit")
    axe_page.set_input_files(
        "#files", str(write_xlsx(tmp_path / "bad.xlsx", planted_errors().tables))
    )
    axe_page.click("form[action='/submit'] button[type=submit]")
    axe_page.wait_for_load_state("networkidle")
    assert _violations(axe_page) == []


_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return '';
  const what = e.getAttribute('href') || e.name || e.textContent.trim().slice(0, 30);
  return e.tagName + '#' + (e.id || '') + '|' + what;
}"""


def _tab_through(page: Page, limit: int = 200) -> list[str]:
    """The elements focused by pressing Tab from the top of the page."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        desc = page.evaluate(_FOCUSED)
        if not desc or (seen and desc == seen[0]):
            break
        seen.append(desc)
    return seen


def test_the_benchmark_page_works_by_keyboard(axe_page: Page, server: Server) -> None:
    _sign_in(axe_page, server, "organisation")
    focus = _tab_through(axe_page)
    assert focus[0].startswith("A#|#maincontent")  # the skip link comes first
    for control in ("SELECT#year", "SELECT#grouping", "SELECT#method"):
        assert any(f.startswith(control) for f in focus), control
    assert any("report.pdf" in f for f in focus)
    # choose a method with the keyboard alone
    axe_page.focus("#method")
    axe_page.keyboard.press("End")
    axe_page.wait_for_url("**method=threshold%3A6**")
    # the answer swaps the controls in afresh; the keyboard stays on the method
    expect(axe_page.locator("#benchmark")).not_to_have_class(
        re.compile(r"\bhtmx-(request|swapping|settling)\b")
    )
    expect(axe_page.locator("#method")).to_have_value("threshold:6")
    expect(axe_page.locator("#method")).to_be_focused()


# Tab stops: every visible control, a group of radio buttons once (arrows move within it)
_FOCUSABLE = """() => { const groups = new Set();
  return Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
  )).filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden'
    // what a closed <details> holds (its summary aside) is not reached until it is opened
    && (e.tagName === 'SUMMARY' || !e.closest('details:not([open])')))
  .filter(e => { if (e.type !== 'radio') return true;
    const key = (e.form ? e.form.action + '|' + Array.from(document.forms).indexOf(e.form) : '')
      + '|' + e.name;
    if (groups.has(key)) return false; groups.add(key); return true; }).length; }"""

_MARK_FOCUS = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  if (!e.dataset.cbSeen) { e.dataset.cbSeen = '1'; return 'new'; } return 'again'; }"""


@pytest.mark.parametrize("role", list(PAGES))
def test_every_control_of_every_page_is_reached_by_keyboard(
    axe_page: Page, server: Server, role: str
) -> None:
    _sign_in(axe_page, server, role)
    missed = []
    for path in PAGES[role]:
        if path == "/signout":
            continue
        axe_page.goto(server.url + path.format(footprint=server.footprint))
        axe_page.wait_for_load_state("networkidle")
        expected = axe_page.evaluate(_FOCUSABLE)
        reached = 0
        for _ in range(expected + 5):
            axe_page.keyboard.press("Tab")
            if axe_page.evaluate(_MARK_FOCUS) == "new":
                reached += 1
        if reached < expected:
            missed.append(f"{path}: {reached} of {expected} controls reached by Tab")
    assert missed == []
