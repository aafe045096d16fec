"""By keyboard alone in a real browser: the analyst accepts a return and publishes the accepted
returns only (then every return again, so that the shared server's round stays whole), and the
organisation checks its draft figures before publication and goes back to the published ones."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from browser.conftest import DEMO_ORG, Server, screenshot, sign_in


def _press(page: Page, selector: str, key: str) -> None:
    page.focus(selector)
    page.keyboard.press(key)


def _publish_by_keyboard(page: Page, note: str, arrow: str | None) -> None:
    """Type a note, move the scope radios with ``arrow`` (None: keep "all") and press Enter on
    the button."""
    page.focus("#note")
    page.keyboard.type(note)
    page.keyboard.press("Tab")  # into the scope radios: the checked one
    expect(page.locator("#scope-all")).to_be_focused()
    if arrow:
        page.keyboard.press(arrow)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Publish the round")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("figures are published")


def test_the_analyst_publishes_the_accepted_returns_only_by_keyboard(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "national", f"/returns/{DEMO_ORG}")
    # the return's warnings are beside it, counted by kind (or it says it has none)
    first = page.locator("form.cb-review").first
    year = first.locator("input[name=year]").input_value().replace("/", "-")
    expect(page.locator(f"#warnings-{year}, #no-warnings-{year}")).to_be_visible()
    # accept the first return: the Accept radio, then the button
    _press(page, f"#status-2-{year}", "Space")
    expect(page.locator(f"#status-2-{year}")).to_be_checked()
    page.keyboard.press("Tab")  # the comment
    page.keyboard.press("Tab")  # the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#decisions-table")).to_contain_text("accepted")
    accepted = sum(s.status == "accepted" for s in server.store.reviews.statuses())
    assert accepted >= 1

    page.goto(server.url + "/national")
    _publish_by_keyboard(page, "Accepted returns only, from the keyboard", "ArrowDown")
    newest = server.store.publications.latest()
    assert newest is not None
    assert (newest.scope, newest.returns) == ("accepted", accepted)
    row = page.locator(f"#publication-{newest.id}")
    expect(row).to_contain_text("Accepted returns only")
    expect(row.locator("a")).to_contain_text(str(accepted))
    screenshot(page, "publish-accepted-only")
    # the returns it covered, as CSV, from the keyboard
    with page.expect_download() as download:
        _press(page, f"#publication-{newest.id} a", "Enter")
    assert download.value.suggested_filename == f"publication-{newest.id}-returns.csv"

    # every return again, so that the other tests see the whole round published
    _publish_by_keyboard(page, "Every return again", None)
    again = server.store.publications.latest()
    assert again is not None
    assert again.scope == "all"
    expect(page.locator(f"#publication-{again.id}")).to_contain_text("All stored returns")


def test_the_organisation_checks_its_draft_figures_by_keyboard(page: Page, server: Server) -> None:
    sign_in(page, server, "organisation")
    expect(page.locator("#figures-label")).to_contain_text("Published figures of")
    _press(page, "#show-draft", "Enter")
    page.wait_for_url("**view=draft**")
    note = page.locator("#draft-note")
    expect(note).to_contain_text("Draft — not yet published; peers as published on")
    expect(page.locator("#functions-table")).to_be_visible()
    screenshot(page, "organisation-draft")
    _press(page, "#show-published", "Enter")
    page.wait_for_url(lambda url: "view=draft" not in url)
    expect(page.locator("#figures-label")).to_contain_text("Published figures of")
