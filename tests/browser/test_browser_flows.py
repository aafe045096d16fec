"""The app in a real browser: each role signs in and finds its pages; a benchmark is read and
its method and grouping switched; returns are uploaded; the round is published."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from browser.conftest import DEMO_ORG, Server, screenshot, sign_in
from cli.bundles import planted_errors
from ingest.bundles import write_xlsx


def test_organisation_user_signs_in_and_reads_its_benchmark(page: Page, server: Server) -> None:
    sign_in(page, server, "organisation")
    expect(page).to_have_url(f"{server.url}/organisations/{DEMO_ORG}")
    expect(page.locator("h1")).to_contain_text("Aldstead Hospitals NHS Foundation Trust")
    expect(page.locator("#figures-label")).to_contain_text("Published figures of")
    table = page.locator("#functions-table")
    expect(table.locator("tbody tr").first).to_contain_text("Finance")
    # the charts are drawn by vega-embed under the strict CSP (no eval), as vector graphics
    for chart in ("ranking", "distribution", "trend", "savings"):
        expect(page.locator(f"#chart-{chart} svg").first).to_be_visible()
    screenshot(page, "organisation-benchmark")
    # the organisation cannot open the national page
    response = page.goto(server.url + "/national")
    assert response is not None
    assert response.status == 403


#: Classes htmx gives the benchmark while a request is out or its answer is settling in.
BUSY = re.compile(r"\bhtmx-(request|swapping|settling)\b")
CONTROLS = ("year", "grouping", "method", "function", "kpi")


def _settled(page: Page) -> None:
    """Wait until the benchmark has no request out and its last answer has settled."""
    expect(page.locator("#benchmark")).not_to_have_class(BUSY, timeout=30_000)


def _shown(page: Page) -> tuple[dict[str, str], str, str]:
    """The controls' values, the heading and the function table as the page shows them."""
    controls = {name: page.locator(f"#benchmark #{name}").input_value() for name in CONTROLS}
    return controls, page.locator("h1").inner_text(), page.locator("#functions-table").inner_text()


def _expect_page_agrees_with_its_address(page: Page, **choices: str) -> None:
    """The address holds ``choices``, the controls show them, and the figures are those a
    fresh load of the address gives."""
    _settled(page)
    query = parse_qs(urlsplit(page.url).query)
    for name, value in choices.items():
        assert query.get(name) == [value], f"{name}={value!r} is not in the address {page.url}"
    shown = _shown(page)
    assert {k: shown[0][k] for k in choices} == choices
    fresh = page.context.new_page()
    try:
        fresh.goto(page.url)
        assert _shown(fresh) == shown
    finally:
        fresh.close()


def test_switching_method_and_grouping_updates_the_page_and_its_address(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "organisation")
    saving_cell = page.locator("#functions-table tbody tr").last.locator("td").last
    before = saving_cell.inner_text()
    page.select_option("#method", "threshold:6")
    _expect_page_agrees_with_its_address(page, method="threshold:6")
    expect(page.locator("#benchmark")).to_contain_text("6% ceiling")
    page.select_option("#grouping", "region")
    _expect_page_agrees_with_its_address(page, method="threshold:6", grouping="region")
    expect(page.locator("#benchmark")).to_contain_text("(by region)")
    page.select_option("#method", "iqm")
    _expect_page_agrees_with_its_address(page, method="iqm", grouping="region")
    page.select_option("#grouping", "org_type")
    _expect_page_agrees_with_its_address(page, method="iqm", grouping="org_type")
    expect(saving_cell).to_have_text(before)


def test_two_quick_changes_end_with_the_figures_of_the_controls_shown(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "organisation")
    # the answer to the first change is held back until the second change has been answered,
    # so the two requests overlap and the first would land last if it were not replaced
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(lambda url: f"/organisations/{DEMO_ORG}?" in url, hold_the_first)
    page.select_option("#method", "median")
    page.select_option("#grouping", "region")
    _expect_page_agrees_with_its_address(page, method="median", grouping="region")
    assert len(held) == 1
    with contextlib.suppress(PlaywrightError):  # the browser has dropped that request
        held[0].continue_()
    page.unroute_all()
    _expect_page_agrees_with_its_address(page, method="median", grouping="region")
    # the first request was replaced: htmx aborted it (and logs the abort as an error)
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    aborts = [e for e in errors if e.startswith(("htmx:sendAbort", "htmx:afterRequest"))]
    assert sorted(aborts) == sorted(
        ["htmx:afterRequest, [object HTMLDivElement]", "htmx:sendAbort, [object HTMLDivElement]"]
    )
    errors[:] = [e for e in errors if e not in aborts]


def test_a_change_on_controls_that_have_just_arrived_is_not_lost(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "organisation")
    # a busy machine runs htmx's settling of an answer late; hold it back on purpose so the
    # next change lands on controls swapped in but not yet settled
    page.evaluate("htmx.config.defaultSettleDelay = 5000")
    page.select_option("#method", "threshold:6")
    page.wait_for_url("**method=threshold%3A6**")
    expect(page.locator("#benchmark")).to_have_class(re.compile(r"\bhtmx-settling\b"))
    page.select_option("#grouping", "region")
    page.wait_for_url("**grouping=region**")
    _expect_page_agrees_with_its_address(page, method="threshold:6", grouping="region")


def test_a_refused_change_opens_its_address_as_a_whole_page(
    browser: Browser, server: Server
) -> None:
    ctx = browser.new_context()  # htmx logs the refusal on the console, which is expected here
    page = ctx.new_page()
    try:
        sign_in(page, server, "organisation")

        def refuse_htmx(route: Route) -> None:
            if route.request.headers.get("hx-request"):
                route.fulfill(status=400, body="refused")
            else:
                route.continue_()

        page.route(lambda url: f"/organisations/{DEMO_ORG}?" in url, refuse_htmx)
        with page.expect_navigation():
            page.select_option("#method", "median")
        _expect_page_agrees_with_its_address(page, method="median")
    finally:
        ctx.close()


def test_the_benchmark_controls_work_without_javascript(browser: object, server: Server) -> None:
    ctx = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = ctx.new_page()
    try:
        page.goto(server.url + "/signin")
        page.fill("#email", "org@nhs.test")
        page.fill("#password", "browser test password")
        page.click("button[type=submit]")
        page.select_option("#method", "median")
        page.click("form.cb-controls button[type=submit]")
        assert "method=median" in page.url
        expect(page.locator("#benchmark")).to_contain_text("Savings under median")
    finally:
        ctx.close()


def test_footprint_user_sees_its_organisations_side_by_side(page: Page, server: Server) -> None:
    sign_in(page, server, "footprint")
    assert "/footprints/" in page.url
    expect(page.locator("#side-by-side")).to_contain_text("Aldstead Hospitals NHS Foundation Trust")
    screenshot(page, "footprint")
    page.click(f"#side-by-side a[href^='/organisations/{DEMO_ORG}']")
    expect(page.locator("h1")).to_contain_text(DEMO_ORG)


def test_national_user_publishes_the_round(page: Page, server: Server) -> None:
    before = len(server.store.publications.all())
    sign_in(page, server, "national")
    expect(page).to_have_url(f"{server.url}/national")
    expect(page.locator("#summary-table")).to_contain_text("All types")
    screenshot(page, "national")
    page.fill("#note", "Published from the browser test")
    page.get_by_role("button", name="Publish the round").click()
    expect(page.get_by_role("status")).to_contain_text("figures are published")
    assert len(server.store.publications.all()) == before + 1
    expect(page.locator("#publications-table")).to_contain_text("Published from the browser test")


def test_upload_a_bad_then_a_good_workbook(page: Page, server: Server, tmp_path: Path) -> None:
    sign_in(page, server, "national", "/submit")
    expect(page).to_have_url(f"{server.url}/submit")
    bad = write_xlsx(tmp_path / "bad.xlsx", planted_errors().tables)
    loads = len(server.store.loads())
    page.set_input_files("#files", str(bad))
    page.get_by_role("button", name="Check and submit").click()
    expect(page.locator("h1")).to_contain_text("Return rejected: nothing was stored")
    expect(page.locator("#errors-table")).to_contain_text("bad.xlsx[finance]")
    screenshot(page, "upload-rejected")
    assert len(server.store.loads()) == loads
    # a good workbook: the organisation's own return, changed
    good = _good_workbook(server, tmp_path)
    page.goto(server.url + "/submit")
    page.set_input_files("#files", str(good))
    page.get_by_role("button", name="Check and submit").click()
    expect(page.locator("#stored")).to_contain_text("Return stored")
    expect(page.locator("#new-versions")).to_contain_text(f"Return {DEMO_ORG} 2009/10")
    screenshot(page, "upload-stored")
    assert len(server.store.loads()) == loads + 1


def _good_workbook(server: Server, tmp_path: Path) -> Path:
    """The demo organisation's 2009/10 return with its finance cost raised by £1,000."""
    import polars as pl

    current = server.store.current("2009/10")
    fin = current.finance.filter(pl.col("org_code") == DEMO_ORG)
    costs = current.function_costs.filter(pl.col("org_code") == DEMO_ORG)
    costs = costs.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("pay_cost") + 1000)
        .otherwise(pl.col("pay_cost"))
        .alias("pay_cost")
    )

    def table(df: pl.DataFrame) -> list[list[str]]:
        rows = [df.columns]
        for r in df.iter_rows():
            rows.append(["" if v is None else str(v) for v in r])
        return rows

    return write_xlsx(
        tmp_path / "good.xlsx",
        {
            "finance": table(fin),
            "function_costs": table(costs),
        },
    )


#: A download is made when it is asked for (a PDF by WeasyPrint); on a machine whose cores are
#: busy that takes longer than Playwright's 30 s for a click's navigation.
DOWNLOAD_MS = 120_000


def test_download_the_board_pdf_and_the_workbook(page: Page, server: Server) -> None:
    sign_in(page, server, "organisation")
    with page.expect_download(timeout=DOWNLOAD_MS) as pdf_info:
        page.get_by_role("link", name="Board report (PDF, A4)").click(timeout=DOWNLOAD_MS)
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF-")
    with page.expect_download(timeout=DOWNLOAD_MS) as xlsx_info:
        page.get_by_role("link", name="Workbook with charts (XLSX)").click(timeout=DOWNLOAD_MS)
    book = xlsx_info.value
    assert book.suggested_filename.endswith(".xlsx")
    assert Path(book.path()).read_bytes().startswith(b"PK")


def test_national_user_queries_a_return_and_the_organisation_sees_it(
    browser: object, server: Server
) -> None:
    national = browser.new_context().new_page()  # type: ignore[attr-defined]
    org = browser.new_context().new_page()  # type: ignore[attr-defined]
    sign_in(national, server, "national", f"/returns/{DEMO_ORG}")
    form = national.locator("form.cb-review").first
    form.get_by_label("Query", exact=True).check()
    form.get_by_label("Comment for the organisation").fill("Please check the estates FTE.")
    form.get_by_role("button", name="Record decision").click()
    expect(national.locator("#decisions-table")).to_contain_text("Please check the estates FTE.")
    screenshot(national, "review")
    sign_in(org, server, "organisation", "/returns")
    expect(org.locator("#returns-table")).to_contain_text("Please check the estates FTE.")
    expect(org.locator("#returns-table")).to_contain_text("queried")
    screenshot(org, "organisation-returns")
