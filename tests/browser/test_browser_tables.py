"""Every table of every page fits or scrolls inside its own region, at a desktop width (1280 px)
and a phone's (320 px): the page itself never scrolls sideways, and each table sits in a
focusable, labelled region (``tabindex=0``, ``role=region``, ``aria-label``) that scrolls it
when it is wider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import PASSWORD, USERS, Server, screenshot
from browser.test_browser_accessibility import PAGES

WIDTHS = (1280, 320)

#: For each table of the page: where it and its scroll region are, and what the region is.
_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll('table')].map((table) => {
    const region = table.closest('.cb-table-scroll');
    const box = table.getBoundingClientRect();
    const out = {id: table.id || table.caption?.textContent.trim() || '(table)',
                 visible: box.width > 0 && box.height > 0, region: null};
    if (region) {
      const r = region.getBoundingClientRect();
      out.region = {left: r.left, right: r.right, clientWidth: region.clientWidth,
                    scrollWidth: region.scrollWidth,
                    overflowX: getComputedStyle(region).overflowX,
                    role: region.getAttribute('role'), tabindex: region.getAttribute('tabindex'),
                    label: region.getAttribute('aria-label')};
    }
    return out;
  });
  // what runs off the page: the outermost elements past its right edge
  const past = (e) => e.getBoundingClientRect().right > width + 0.5;
  const wide = [...document.body.querySelectorAll('*')]
    .filter((e) => past(e) && !past(e.parentElement) && !e.closest('.cb-table-scroll'))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')}`);
  return {width, scrollWidth: document.documentElement.scrollWidth, tables, wide};
}"""


@pytest.fixture(scope="module")
def signed_in(browser: Browser, server: Server) -> Iterator[dict[str, Page]]:
    """One signed-in page per role."""
    contexts = []
    pages = {}
    for role in PAGES:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(server.url + "/signin")
        page.fill("#email", USERS[role][0])
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/signin" not in url)
        pages[role] = page
    try:
        yield pages
    finally:
        for ctx in contexts:
            ctx.close()


def _problems(found: dict[str, Any]) -> list[str]:
    problems = []
    width = found["width"]
    if found["scrollWidth"] > width:
        problems.append(
            f"the page scrolls sideways ({found['scrollWidth']} > {width} px): {found['wide']}"
        )
    for t in found["tables"]:
        region = t["region"]
        if region is None:
            problems.append(f"{t['id']}: no scroll region")
            continue
        if region["role"] != "region" or region["tabindex"] != "0" or not region["label"]:
            problems.append(f"{t['id']}: its region is not focusable and labelled: {region}")
        if region["overflowX"] not in ("auto", "scroll"):
            problems.append(f"{t['id']}: its region does not scroll ({region['overflowX']})")
        if t["visible"] and (region["left"] < -0.5 or region["right"] > width + 0.5):
            problems.append(f"{t['id']}: its region runs off the page ({region})")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(PAGES))
def test_every_table_fits_or_scrolls_in_its_region(
    signed_in: dict[str, Page], server: Server, role: str, width: int
) -> None:
    page = signed_in[role]
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    measured = 0
    for path in PAGES[role]:
        page.goto(server.url + path.format(footprint=server.footprint))
        found = page.evaluate(_MEASURE)
        measured += len(found["tables"])
        problems += [f"{path} at {width} px: {p}" for p in _problems(found)]
        slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        screenshot(page, f"tables-{role}-{slug}-{width}")
    assert measured > 0
    assert problems == []


def test_the_national_table_scrolls_inside_its_region_on_a_phone(
    signed_in: dict[str, Page], server: Server
) -> None:
    """The widest table (spend and savings by type, with "Saving extrapolated £m" last) is
    wider than a phone: its region scrolls and its last column can be reached."""
    page = signed_in["national"]
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(server.url + "/national")
    region = page.locator("#summary-table").locator("xpath=..")
    assert region.get_attribute("role") == "region"
    wide = region.evaluate("(r) => r.scrollWidth > r.clientWidth")
    assert wide, "the summary table fits a 320 px page: nothing to scroll"
    region.focus()  # by keyboard: the region takes focus and scrolls with the arrow keys
    at_end = "(r) => r.scrollLeft + r.clientWidth >= r.scrollWidth - 1"
    for _ in range(100):
        if region.evaluate(at_end):
            break
        page.keyboard.press("ArrowRight")
    assert region.evaluate(at_end)
    last = page.locator("#summary-table thead th").last
    assert last.inner_text() == "Saving extrapolated £m"
    assert region.evaluate("(r) => r.scrollLeft") > 0
    box, view = last.bounding_box(), region.bounding_box()
    assert box is not None
    assert view is not None
    assert box["x"] + box["width"] <= view["x"] + view["width"] + 1
