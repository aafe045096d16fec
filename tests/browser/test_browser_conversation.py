"""The data-quality conversation in a real browser, by keyboard: the national team asks a query
on one of a return's warnings, the organisation replies and resubmits, the national team sees
both and closes the query; a note is added; axe finds no serious violation on the pages."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from playwright.sync_api import Browser, Page, expect

from browser.conftest import DEMO_ORG, Server, screenshot, sign_in
from browser.test_browser_accessibility import _violations
from browser.test_browser_flows import _good_workbook
from corpbench.loading import load_path
from ingest.bundles import write_xlsx

YEAR = "2009/10"


def _with_a_warning(server: Server, tmp_path: Path) -> None:
    """Store a version of the demo organisation's 2009/10 return whose first function has a
    hundredth of its FTEs: its cost per FTE is far outside the plausible band (a warning)."""
    current = server.store.current(YEAR)
    fin = current.finance.filter(pl.col("org_code") == DEMO_ORG)
    costs = current.function_costs.filter(pl.col("org_code") == DEMO_ORG)
    first = costs["function"][0]
    costs = costs.with_columns(
        pl.when(pl.col("function") == first)
        .then(pl.col("fte") / 100)
        .otherwise(pl.col("fte"))
        .alias("fte")
    )

    def table(df: pl.DataFrame) -> list[list[str]]:
        return [df.columns, *(["" if v is None else str(v) for v in r] for r in df.iter_rows())]

    book = write_xlsx(
        tmp_path / "anomalous.xlsx", {"finance": table(fin), "function_costs": table(costs)}
    )
    assert load_path(server.store, book, by="tests", settings=server.settings).stored


def _type_into(page: Page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def _submit_by_keyboard(page: Page, button: str) -> None:
    """Tab from the focused field to ``button`` (its accessible name) and press Enter."""
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == button:
            break
    else:
        raise AssertionError(f"no {button!r} button after the field")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_conversation_end_to_end_by_keyboard(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    national = browser.new_context(bypass_csp=True).new_page()
    org = browser.new_context(bypass_csp=True).new_page()
    before = {q.id for q in server.store.conversation.queries(DEMO_ORG)}
    _with_a_warning(server, tmp_path)
    # the national team asks on the first warning of the 2009/10 return
    sign_in(national, server, "national", f"/returns/{DEMO_ORG}")
    form = national.locator("#ask-2009-10")
    select = form.locator("select[name=warning]")
    expect(select.locator("option")).not_to_have_count(1)  # warnings to choose from
    national.focus("#warning-2009-10")
    national.keyboard.press("ArrowDown")  # the first warning
    chosen = select.input_value()
    assert chosen.startswith("cost_per_fte_band|")
    question = form.locator("textarea[name=text]")
    national.keyboard.press("Tab")
    expect(question).to_be_focused()
    national.keyboard.type("Please confirm this figure.")
    _submit_by_keyboard(national, "Ask the query")
    (query_id,) = {q.id for q in server.store.conversation.queries(DEMO_ORG)} - before
    expect(national).to_have_url(re.compile(rf"/returns/{DEMO_ORG}#query-{query_id}$"))
    thread = national.locator(f"#query-{query_id}")
    expect(thread).to_contain_text("Please confirm this figure.")
    expect(thread).to_contain_text("waiting for the organisation")
    expect(thread).to_contain_text("On the warning: A function's cost per FTE is outside")
    assert thread.inner_text().count("cost_per_fte_band") == 0  # words, not the code
    assert _violations(national) == []
    screenshot(national, "query-asked")

    # the organisation finds it on its Queries page, replies and resubmits
    sign_in(org, server, "organisation", "/queries")
    mine = org.locator(f"#query-{query_id}")
    expect(mine).to_contain_text("Please confirm this figure.")
    assert _violations(org) == []
    _type_into(org, f"#reply-{query_id}", "Confirmed: a one-off restructuring cost.")
    _submit_by_keyboard(org, "Send reply")
    expect(org).to_have_url(re.compile(rf"/queries#query-{query_id}$"))
    expect(mine).to_contain_text("Confirmed: a one-off restructuring cost.")
    org.focus(f"#resubmit-{query_id}")
    with org.expect_navigation():
        org.keyboard.press("Enter")
    expect(org).to_have_url(f"{server.url}/submit")
    org.set_input_files("#files", str(_good_workbook(server, tmp_path)))
    org.get_by_role("button", name="Check and submit").focus()
    with org.expect_navigation():
        org.keyboard.press("Enter")
    expect(org.locator("#stored")).to_contain_text("Return stored")
    org.goto(f"{server.url}/queries")
    expect(mine).to_contain_text("New version arrived")
    expect(mine).to_contain_text("waiting for the national team")
    screenshot(org, "query-answered")

    # the organisation adds a note on its return
    _type_into(org, "#note-text", "Restructuring costs are one-off.")
    _submit_by_keyboard(org, "Add the note")
    expect(org.locator("#notes-list")).to_contain_text("Restructuring costs are one-off.")
    assert _violations(org) == []

    # the national team sees the reply, the new version and the note, and closes the query
    national.goto(f"{server.url}/returns/{DEMO_ORG}")
    expect(thread).to_contain_text("Confirmed: a one-off restructuring cost.")
    link = thread.get_by_role("link", name=re.compile(r"version \d+ of the"))
    href = link.get_attribute("href")
    assert href is not None
    expect(national.locator(f"#{href.split('#')[1]}")).to_have_count(1)  # the version's row
    expect(national.locator("#notes-list")).to_contain_text("Restructuring costs are one-off.")
    national.focus(f"#outcome-{query_id}-resolved")
    national.keyboard.press("ArrowDown")  # the next outcome: figure trusted
    expect(national.locator(f"#outcome-{query_id}-trusted")).to_be_checked()
    national.keyboard.press("Tab")
    expect(national.locator(f"#close-text-{query_id}")).to_be_focused()
    national.keyboard.type("Thank you.")
    national.keyboard.press("Tab")
    expect(national.locator(f"#accept-{query_id}")).to_be_focused()
    national.keyboard.press("Space")
    _submit_by_keyboard(national, "Close the query")
    expect(thread).to_contain_text("Closed: Figure trusted")
    assert _violations(national) == []
    national.goto(f"{server.url}/queries?state=closed")
    expect(national.locator("#queries-table")).to_contain_text(f"Query {query_id}")
    assert _violations(national) == []
    screenshot(national, "queries")
    done = server.store.conversation.query(query_id)
    assert done is not None
    assert [m.kind for m in done.messages] == ["question", "reply", "close"]
    assert done.outcome == "trusted"
    assert len(done.resubmissions) >= 1
    statuses = server.store.reviews.statuses(org_code=DEMO_ORG)
    assert done.year == YEAR
    assert next(s for s in statuses if s.year == YEAR).status == "accepted"
    # the return's page with its thread fits a phone's width
    national.set_viewport_size({"width": 320, "height": 800})
    national.goto(f"{server.url}/returns/{DEMO_ORG}")
    assert national.evaluate("() => document.documentElement.scrollWidth") <= 320
    for ctx_page in (national, org):
        ctx_page.context.close()
