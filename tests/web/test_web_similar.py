"""The grouping ``similar`` in the app: offered in the grouping menu by its title, the peer group
named after the organisation for people, and its code in the JSON API."""

from __future__ import annotations

from cli.bundles import NAMES, Y1
from web.conftest import FOOTPRINT, NATIONAL, Web
from web.test_web_labels import _text


def test_the_organisation_page_offers_and_names_similar_organisations(web: Web) -> None:
    html = web.signed_in(NATIONAL).get(f"/organisations/AC005?year={Y1}&grouping=similar").text
    assert '<option value="similar" selected>Similar organisations</option>' in html
    text = _text(html)
    assert f"Peer group: Organisations similar to {NAMES['AC005']}" in text
    assert "similar:AC005" not in text


def test_the_api_and_the_other_pages_accept_grouping_similar(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    rows = client.get(f"/api/v1/organisations/AC005/benchmark?year={Y1}&grouping=similar")
    assert rows.status_code == 200
    finance = next(r for r in rows.json() if r["function"] == "finance")
    assert finance["grouping"] == "similar"
    # all five acute trusts (default k 10): 1.0, 1.2, 1.4, 1.6, 3.0 % -> IQM 1.4
    assert finance["peer"]["n"] == 5
    assert abs(finance["peer"]["iqm"] - 1.4) < 1e-12
    assert client.get(f"/national?year={Y1}&grouping=similar").status_code == 200
    footprint = web.signed_in(FOOTPRINT).get(f"/footprints/NCL?year={Y1}&grouping=similar")
    assert footprint.status_code == 200
