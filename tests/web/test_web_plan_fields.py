"""The form of a case's main fields on its editor (``/plans/{id}/edit``): it shows the newest
version's figures, a good form saves the next version with the values typed (the rest of the
case kept), a bad one shows each error beside its field and in the error summary and saves
nothing, and it needs its CSRF token."""

from __future__ import annotations

import html
import json
import re
import tomllib

from corpbench import actions
from corpbench.actions import Actor
from corpbench.plan import evaluate_plan, parse_case
from corpbench.plan.document import to_toml
from plan.cases import small
from web.conftest import FOOTPRINT, NATIONAL, ORG, Web, csrf_of, page_csrf

NAT = Actor.command_line(NATIONAL)
SMALL = to_toml(small())


def _words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _inputs(page: str) -> dict[str, str]:
    """The form's text inputs: name -> value."""
    found = re.findall(
        r'<input class="nhsuk-input[^"]*" id="f-[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', page
    )
    return {name: html.unescape(value) for name, value in found}


def _group(page: str, field_id: str) -> str:
    """The form group holding the input ``field_id``."""
    start = page.rindex('<div class="nhsuk-form-group', 0, page.index(f'id="{field_id}"'))
    return page[start : page.index("</div>", page.index(f'id="{field_id}"'))]


def _form(page: str, **changes: str) -> dict[str, str]:
    """The fields form as the page shows it, with ``changes`` (path -> text)."""
    data = {"csrf_token": csrf_of(page), "name": "Small", **_inputs(page)}
    data["option.model"] = re.search(r'<option value="([^"]+)" selected>', page).group(1)  # type: ignore[union-attr]
    data.update(changes)
    return data


def test_the_form_shows_the_case_and_saves_the_next_version_with_its_values(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    page = client.get(f"/plans/{saved.case_id}/edit").text
    shown = _inputs(page)
    # the worked example's figures, then an empty row for each cost list
    assert shown["horizon"] == "3"
    assert shown["discount_rate"] == "0.25"
    assert shown["option.share.finance"] == "0.5"
    assert shown["option.phases.share.start"] == "2"
    assert shown["option.one_off.0.amount"] == "200"
    assert shown["option.one_off.1.amount"] == ""
    assert shown["optimism_bias.capex"] == ""
    assert '<option value="cooperative" selected>Shared service co-operative' in page
    assert 'id="text"' in page  # the whole document's text area stays beside the form
    data = _form(
        page,
        name="Small, four years",
        horizon="4",
        discount_rate="0.035",
        **{
            "option.model": "outsourced",
            "option.share.finance": "0.4",
            "option.simplify.finance": "",
            "option.phases.share.ramp": "3",
            "optimism_bias.capex": "0.2",
            "optimism_bias.delay_years": "0.5",
            "option.one_off.0.amount": "1,500",
            "option.one_off.1.year": "1",
            "option.one_off.1.amount": "250.5",
            "option.recurring.0.from_year": "",
            "option.recurring.0.amount": "",
        },
    )
    r = client.post(f"/plans/{saved.case_id}/edit/fields", data=data)
    assert r.status_code == 303, r.text
    versions = web.store.plans.versions(saved.case_id)
    assert [(v.version, v.name, v.format) for v in versions] == [
        (1, "Small", "toml"),
        (2, "Small, four years", "toml"),
    ]
    # the document by hand: the worked example with the fields typed, the rest kept
    expected = small()
    expected["horizon"] = 4
    expected["discount_rate"] = 0.035
    option = expected["option"]
    option["model"] = "outsourced"
    option["share"]["finance"] = 0.4
    del option["simplify"]["finance"]
    option["phases"]["share"]["ramp"] = 3
    option["one_off"] = [{"year": 0, "amount": 1500}, {"year": 1, "amount": 250.5}]
    del option["recurring"]
    expected["optimism_bias"] = {"capex": 0.2, "delay_years": 0.5}
    document = tomllib.loads(versions[1].text)
    assert document == expected
    # the case page shows the new version's figures
    npv = evaluate_plan(parse_case(expected)).scalar("npv")
    assert npv is not None
    words = _words(client.get(f"/plans/{saved.case_id}").text)
    assert f"Net present value {'−' if npv < 0 else ''}£{abs(npv):,.0f}" in words
    assert web.store.audit.entries(action="plan_save", limit=1)[0].detail["version"] == 2


def test_a_bad_rate_is_shown_beside_its_field_and_nothing_is_saved(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    page = client.get(f"/plans/{saved.case_id}/edit").text
    audited = web.store.audit.count()
    data = _form(page, horizon="ten", **{"option.share.finance": "1.2"})
    r = client.post(f"/plans/{saved.case_id}/edit/fields", data=data)
    assert r.status_code == 400
    assert [v.version for v in web.store.plans.versions(saved.case_id)] == [1]
    assert web.store.audit.count() == audited
    text = html.unescape(r.text)
    share = _group(text, "f-option-share-finance")
    assert "nhsuk-form-group--error" in share
    assert "option.share.finance: 1.2 is above 1 (expected 0 ≤ share < 1)" in share
    assert 'value="1.2"' in share  # what was typed, kept to correct
    assert "horizon: 'ten' is not a number" in _group(text, "f-horizon")
    # a field without an error is not marked
    assert "nhsuk-form-group--error" not in _group(text, "f-discount_rate")
    # the error summary links each error to its field
    summary = text[
        text.index('id="fields-errors"') : text.index("</ul>", text.index('id="fields-errors"'))
    ]
    assert "The case is not valid: 2 errors. Nothing was saved." in _words(summary)
    assert '<a href="#f-option-share-finance">option.share.finance: 1.2 is above 1' in summary
    assert "<a href=\"#f-horizon\">horizon: 'ten' is not a number" in summary
    assert r.text.count("<title>Error: ") == 1


def test_an_error_in_a_row_after_an_emptied_row_names_the_row_typed_in(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    page = client.get(f"/plans/{saved.case_id}/edit").text
    # row 0 emptied (removed), row 1 typed with a year after the horizon (3): the document's
    # row 0, but the error belongs to the form's row 1
    data = _form(
        page,
        **{
            "option.one_off.0.year": "",
            "option.one_off.0.amount": "",
            "option.one_off.1.year": "9",
            "option.one_off.1.amount": "100",
        },
    )
    r = client.post(f"/plans/{saved.case_id}/edit/fields", data=data)
    assert r.status_code == 400
    text = html.unescape(r.text)
    assert "option.one_off.1.year: 9 is after the horizon (expected a year from 0 to 3)" in (
        _group(text, "f-option-one_off-1-year")
    )
    assert "nhsuk-form-group--error" not in _group(text, "f-option-one_off-0-year")
    assert [v.version for v in web.store.plans.versions(saved.case_id)] == [1]


def test_the_form_needs_its_csrf_token_and_an_editor(web: Web) -> None:
    saved = actions.save_case(web.store, NAT, None, text=SMALL, name="Small").version
    client = web.signed_in(NATIONAL)
    data = _form(client.get(f"/plans/{saved.case_id}/edit").text, horizon="4")
    del data["csrf_token"]
    assert client.post(f"/plans/{saved.case_id}/edit/fields", data=data).status_code == 400
    # a footprint user may not change a case of no footprint; an organisation user no case
    for email in (FOOTPRINT, ORG):
        other = web.signed_in(email)
        token = page_csrf(other)
        r = other.post(f"/plans/{saved.case_id}/edit/fields", data={**data, "csrf_token": token})
        assert r.status_code == 403
    assert [v.version for v in web.store.plans.versions(saved.case_id)] == [1]


def test_a_json_case_stays_json_and_a_toml_case_keeps_its_opening_comment(web: Web) -> None:
    client = web.signed_in(NATIONAL)
    as_json = actions.save_document(web.store, NAT, None, small(), name="Json").version
    commented = "# Our case.\n# Agreed by the board.\n\n" + SMALL
    as_toml = actions.save_case(web.store, NAT, None, text=commented, name="Toml").version
    for saved in (as_json, as_toml):
        page = client.get(f"/plans/{saved.case_id}/edit").text
        r = client.post(f"/plans/{saved.case_id}/edit/fields", data=_form(page, horizon="5"))
        assert r.status_code == 303, r.text
    json_v2 = web.store.plans.latest(as_json.case_id)
    toml_v2 = web.store.plans.latest(as_toml.case_id)
    assert json_v2 is not None
    assert toml_v2 is not None
    assert (json_v2.version, json_v2.format, toml_v2.version, toml_v2.format) == (
        2, "json", 2, "toml"
    )  # fmt: skip
    expected = small() | {"horizon": 5}
    assert json.loads(json_v2.text) == expected
    assert toml_v2.text.startswith("# Our case.\n# Agreed by the board.\n\n")
    assert tomllib.loads(toml_v2.text) == expected
