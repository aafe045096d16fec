""" "My peers" in a real browser, by keyboard alone: an organisation user saves a list (refused
below five peers, with the error summary axe finds no fault in), picks "My peers: NAME" as its
peer group and sees its benchmark against it; the list is then deleted."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from browser.conftest import DEMO_ORG, PASSWORD, USERS, Server, screenshot
from browser.test_browser_accessibility import _violations


def _sign_in(page: Page, server: Server) -> None:
    page.goto(server.url + "/signin")
    page.fill("#email", USERS["organisation"][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def _check_by_keyboard(page: Page, count: int) -> list[str]:
    """Tick the first ``count`` organisations with Space, moving by Tab; their codes."""
    page.focus("#name")
    ticked: list[str] = []
    while len(ticked) < count:
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.type, document.activeElement.value]")
        if focused[0] == "checkbox":
            page.keyboard.press("Space")
            ticked.append(focused[1])
    return ticked


def test_an_organisation_saves_and_uses_its_peers_by_keyboard(
    axe_page: Page, server: Server
) -> None:
    page = axe_page
    _sign_in(page, server)
    page.goto(server.url + "/peers")
    assert _violations(page) == []
    page.focus("#name")
    page.keyboard.type("Keyboard peers")
    four = _check_by_keyboard(page, 4)
    assert DEMO_ORG not in four
    with page.expect_navigation():
        page.focus("#list-form button[type=submit]")
        page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("at least 5 peer organisations")
    assert _violations(page) == []
    # the four stay ticked; a fifth makes the list
    for code in four:
        expect(page.locator(f"#org-{code}")).to_be_checked()
    page.focus(f"#org-{four[-1]}")
    while True:
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "checkbox":
            page.keyboard.press("Space")
            break
    with page.expect_navigation():
        page.focus("#list-form button[type=submit]")
        page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("Peer list “Keyboard peers” saved.")
    expect(page.locator("#my-peers-table")).to_contain_text("Keyboard peers")
    screenshot(page, "my-peers")
    assert _violations(page) == []
    # benchmark against it: the grouping menu offers it, chosen by keyboard
    page.goto(f"{server.url}/organisations/{DEMO_ORG}")
    page.focus("#grouping")
    page.keyboard.press("End")
    page.wait_for_url("**grouping=mypeers%3AKeyboard%20peers**")
    expect(page.locator("#benchmark")).to_contain_text("Peer group: Keyboard peers")
    expect(page.locator("#grouping")).to_have_value("mypeers:Keyboard peers")
    assert _violations(page) == []
    # delete it: the button is reached and pressed by keyboard
    page.goto(server.url + "/peers")
    with page.expect_navigation():
        page.focus("#my-peers-table button[type=submit]")
        page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("deleted")
    expect(page.locator("#no-lists")).to_be_visible()
