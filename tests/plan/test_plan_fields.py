"""The form of a case's main fields (``plan.document.main_fields`` and ``with_main_fields``):
the texts a form shows, the document built back from them, blank fields left to their
defaults, emptied cost rows dropped and renumbered, and text that is not a number left for the
case's validation to name at its path."""

from __future__ import annotations

import pytest

from corpbench.plan import CaseInvalid, parse_case
from corpbench.plan.document import main_fields, with_main_fields
from plan.cases import small


def test_the_form_shows_each_main_field_of_the_worked_example() -> None:
    fields = main_fields(small())
    assert fields.functions == ("finance",)
    assert fields.rows == {"one_off": 2, "recurring": 2}  # each list's row, then an empty one
    v = fields.values
    assert (v["horizon"], v["discount_rate"], v["option.model"]) == ("3", "0.25", "cooperative")
    assert (v["option.simplify.finance"], v["option.standardise.finance"]) == ("0.1", "0.1")
    assert (v["option.phases.share.start"], v["option.phases.share.ramp"]) == ("2", "2")
    assert (v["option.one_off.0.year"], v["option.one_off.0.amount"]) == ("0", "200")
    assert (v["option.one_off.1.year"], v["option.one_off.1.amount"]) == ("", "")
    assert (v["option.recurring.0.from_year"], v["option.recurring.0.amount"]) == ("1", "10")
    assert v["optimism_bias.capex"] == ""  # the worked example leaves it to its default
    assert "functions.finance.cost" not in v  # not a main field: kept as it is


def test_the_form_as_shown_builds_the_same_document_back() -> None:
    document = small()
    built = with_main_fields(document, main_fields(document).values)
    assert built.document == document
    assert built.document is not document
    assert built.fields == {
        "option.one_off.0": "option.one_off.0",
        "option.recurring.0": "option.recurring.0",
    }


def test_blank_fields_take_their_defaults_and_typed_numbers_their_types() -> None:
    form = dict(main_fields(small()).values)
    form.update(
        {
            "horizon": " 12 ",
            "discount_rate": "",
            "option.share.finance": "",
            "optimism_bias.opex": "1e-1",
            "option.one_off.0.amount": "12,500",
            "option.phases.simplify.start": "",
        }
    )
    document = with_main_fields(small(), form).document
    assert document["horizon"] == 12
    assert isinstance(document["horizon"], int)
    assert "discount_rate" not in document
    assert "finance" not in document["option"]["share"]
    assert document["optimism_bias"] == {"opex": 0.1}
    assert document["option"]["one_off"] == [{"year": 0, "amount": 12500}]
    assert document["option"]["phases"]["simplify"] == {"ramp": 1}
    case = parse_case(document)
    # the defaults of planning methods §3: the Green Book rate, no share rate, year 1
    assert (case.discount_rate, case.option.share, case.option.phases["simplify"].start) == (
        0.035,
        {},
        1.0,
    )


def test_emptied_rows_are_dropped_and_errors_name_the_row_typed_in() -> None:
    form = dict(main_fields(small()).values)
    form.update(
        {
            "option.one_off.0.year": "",
            "option.one_off.0.amount": "",
            "option.one_off.1.year": "2",
            "option.one_off.1.amount": "lots",
        }
    )
    built = with_main_fields(small(), form)
    assert built.document["option"]["one_off"] == [{"year": 2, "amount": "lots"}]
    with pytest.raises(CaseInvalid) as caught:
        parse_case(built.document)
    assert [(e.path, e.message) for e in caught.value.errors] == [
        ("option.one_off.0.amount", "'lots' is not a number")
    ]
    assert built.field_of("option.one_off.0.amount") == "option.one_off.1.amount"
    assert built.field_of("option.share.finance") == "option.share.finance"
    # every row emptied: no list at all
    form.update({"option.one_off.1.year": "", "option.one_off.1.amount": ""})
    assert "one_off" not in with_main_fields(small(), form).document["option"]


def test_a_row_half_filled_is_missing_its_other_figure() -> None:
    form = dict(main_fields(small()).values)
    form["option.recurring.1.amount"] = "30"
    with pytest.raises(CaseInvalid) as caught:
        parse_case(with_main_fields(small(), form).document)
    assert [str(e) for e in caught.value.errors] == [
        "option.recurring.1.from_year: missing (expected a number)"
    ]
