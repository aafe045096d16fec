""" "Plans" in the header's navigation: an organisation user sees it only while its
organisation is a partner in a case in use, at once when a case names it and no longer when
the case drops it or is deleted, though the header is cached; national and footprint users
always see it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cli.bundles import Y1
from corpbench import actions
from corpbench.actions import Actor
from corpbench.plan.document import to_toml
from plan.cases import small
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG, Web

NAT = Actor.command_line(NATIONAL)


def _nav(client: TestClient, path: str) -> list[str]:
    """The header's navigation links of ``path``, by their words."""
    page = client.get(path)
    assert page.status_code == 200
    links = re.findall(
        r'class="nhsuk-header__navigation-link" href="[^"]+"[^>]*>(.*?)</a>', page.text
    )
    return [re.sub(r"<[^>]+>", "", link) for link in links]


def test_plans_shows_an_organisation_user_only_while_it_is_a_partner_in_a_case(web: Web) -> None:
    ash = web.signed_in(ORG)  # AC001, of footprint NCL
    elm = web.signed_in(OTHER_ORG)  # AC005, of no footprint
    assert "Plans" not in _nav(ash, "/peers")
    assert "Plans" not in _nav(ash, "/peers")  # the header now cached, still without
    # a case of NCL's baseline: its partners are NCL's organisations, AC001 among them
    case = actions.new_case(web.store, NAT, year=Y1, footprint="NCL").version
    assert "AC001" in case.partners
    assert "AC005" not in case.partners
    nav = _nav(ash, "/peers")
    assert "Plans" in nav
    assert "Plans" not in _nav(elm, "/peers")
    # its partner page opens from the link; other pages of the same user have it too
    assert "Plans" in _nav(ash, "/plans")
    # a new version without AC001 as a partner: gone again from the cached header
    without = small() | {"partners": [{"org_code": "AC002", "baseline": 1.0}]}
    actions.save_case(web.store, NAT, case.case_id, text=to_toml(without), fmt="toml")
    assert "Plans" not in _nav(ash, "/peers")
    # named again, then the case deleted
    back = small() | {"partners": [{"org_code": "AC001", "baseline": 1.0}]}
    actions.save_case(web.store, NAT, case.case_id, text=to_toml(back), fmt="toml")
    assert "Plans" in _nav(ash, "/peers")
    actions.retire_case(web.store, NAT, case.case_id)
    assert "Plans" not in _nav(ash, "/peers")


def test_national_and_footprint_users_always_see_plans(web: Web) -> None:
    assert web.store.plans.in_use() == []
    assert "Plans" in _nav(web.signed_in(NATIONAL), "/national")
    assert "Plans" in _nav(web.signed_in(FOOTPRINT), "/peers")
