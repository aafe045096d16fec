"""The organisation benchmark page's answers to htmx: the benchmark alone when its controls
change, the whole page when htmx restores an address missing from its history cache."""

from __future__ import annotations

from cli.bundles import Y1
from web.conftest import ORG, Web

URL = f"/organisations/AC001?year={Y1}&method=median"


def test_a_change_of_controls_is_answered_with_the_benchmark_alone(web: Web) -> None:
    client = web.signed_in(ORG)
    html = client.get(URL, headers={"HX-Request": "true"}).text
    assert 'id="benchmark-controls"' in html
    assert 'id="functions-table"' in html
    assert "<html" not in html
    assert 'id="benchmark"' not in html  # the element htmx swaps into is not sent again


def test_a_history_restore_is_answered_with_the_whole_page(web: Web) -> None:
    client = web.signed_in(ORG)
    html = client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).text
    assert "<html" in html
    assert 'id="benchmark" hx-get="/organisations/AC001"' in html
    assert 'id="benchmark-controls"' in html
