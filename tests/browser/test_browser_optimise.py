"""The consortium optimiser's page in a browser: axe-core finds no serious or critical violation
on the form and on the chosen groups (national and footprint users), every table fits or scrolls
in its region at 1280 and 320 px, and a group becomes a case by keyboard."""

from __future__ import annotations

import re

import polars as pl
import pytest
from playwright.sync_api import Page

from browser.conftest import Server, screenshot, sign_in
from browser.test_browser_accessibility import _violations
from browser.test_browser_tables import _MEASURE, _problems

YEAR = "2010/11"


def _region_of(server: Server) -> str:
    """The region of the browser tests' footprint (the footprint user's own)."""
    register = server.store.register()
    rows = register.filter(pl.col("footprint") == server.footprint)
    return str(rows["region"][0])


@pytest.mark.parametrize("role", ["national", "footprint"])
def test_the_page_is_accessible_and_its_table_fits(
    axe_page: Page, server: Server, role: str
) -> None:
    sign_in(axe_page, server, role, "/plans/optimise")
    assert _violations(axe_page) == []  # the form
    region = _region_of(server)
    axe_page.select_option("#region", region)
    axe_page.select_option("#year", YEAR)
    with axe_page.expect_navigation():
        axe_page.click("#optimise-button")
    assert f"region={region.replace(' ', '+')}" in axe_page.url
    assert axe_page.locator("#groups-table tbody tr").count() > 0
    assert _violations(axe_page) == []
    for width in (1280, 320):
        axe_page.set_viewport_size({"width": width, "height": 900})
        assert _problems(axe_page.evaluate(_MEASURE)) == [], width
        screenshot(axe_page, f"optimise-{role}-{width}")


def test_a_group_becomes_a_case_by_keyboard(page: Page, server: Server) -> None:
    sign_in(page, server, "national", f"/plans/optimise?region={_region_of(server)}&year={YEAR}")
    button = page.locator("#group-1 button[type=submit]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/plans/\d+\?saved=1$", page.url)
    assert "Case saved as version 1." in page.inner_text("main")
    assert f"group 1 {YEAR}" in page.inner_text("h1")
