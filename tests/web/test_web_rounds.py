"""National users see the rounds in the app and download each definition as written."""

from __future__ import annotations

from pathlib import Path

from corpbench import actions
from corpbench.actions import Actor
from web.conftest import NATIONAL, Web

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "round-example.toml"


def test_the_rounds_page_lists_each_round_in_words_and_links_its_file(web: Web) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    actions.add_round(web.store, Actor.command_line("ann"), text, "round-example.toml")
    client = web.signed_in(NATIONAL)
    page = client.get("/rounds")
    assert page.status_code == 200
    body = page.text
    assert "QIPP corporate services benchmarking 2010" in body
    assert "Example corporate services benchmarking 2021/22" in body
    assert "Acute teaching trust; Specialist trust; Ambulance trust" in body
    assert "Finance; IM&amp;T; Legal services" in body
    assert "Version 1, added by ann on " in body
    assert 'href="/rounds/example-2022.toml"' in body
    national = client.get("/national").text
    assert 'class="nhsuk-header__navigation-link" href="/rounds">Rounds</a>' in national

    download = client.get("/rounds/example-2022.toml")
    assert download.status_code == 200
    assert download.text == text
    assert download.headers["content-disposition"] == 'attachment; filename="example-2022.toml"'
    built_in = client.get("/rounds/qipp-2010.toml")
    assert built_in.text.startswith("# The QIPP 2010 round")
