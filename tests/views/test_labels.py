"""Words for the standard's codes: every code of the standard has a title, and a code without
one is shown as it is."""

from __future__ import annotations

from corpbench.standard import (
    DEFAULT_FUNCTIONS,
    DEFAULT_INDICATORS,
    DEFAULT_ORG_TYPES,
    GROUPINGS,
    PROCESS_CLASSES,
)
from corpbench.standard.labels import (
    delivery_model_label,
    function_label,
    group_label,
    grouping_label,
    indicator_label,
    method_label,
    org_type_label,
    process_label,
)


def test_every_code_of_the_standard_has_a_title_that_is_not_the_code() -> None:
    for code in DEFAULT_ORG_TYPES:
        assert org_type_label(code) not in ("", code)
    for code in GROUPINGS:
        assert grouping_label(code) not in ("", code)
    for code in DEFAULT_FUNCTIONS:
        assert function_label(code) not in ("", code)
    for code in DEFAULT_INDICATORS:
        assert "_" not in indicator_label(code)
    for processes in PROCESS_CLASSES.values():
        for code in processes:
            assert "_" not in process_label(code)


def test_titles_read_as_people_write_them() -> None:
    assert org_type_label("acute_ft") == "Acute foundation trust"
    assert org_type_label("all") == "All types"
    assert grouping_label("org_type") == "Organisation type"
    assert grouping_label("peers:london_teaching") == "Peer list london_teaching"
    assert function_label("governance_risk") == "Governance and risk"
    assert process_label("accounts_payable") == "Accounts payable"
    assert process_label("hr_strategy") == "HR strategy"
    assert indicator_label("floor_area_m2") == "Floor area (m²)"
    assert indicator_label("invoices_paid_30_days") == "Invoices paid within 30 days"
    assert delivery_model_label("in_house") == "In house"
    assert method_label("iqm") == "IQM"
    assert method_label("threshold:6.5") == "6.5% ceiling"
    assert method_label("external:my_table") == "My table"


def test_peer_groups_are_named_by_their_grouping() -> None:
    assert group_label("org_type", "mental_health_ft") == "Mental health foundation trust"
    assert group_label("teaching", "true") == "Teaching"
    assert group_label("teaching", "false") == "Not teaching"
    assert group_label("region_type", "London|acute") == "London, Acute trust"
    assert group_label("region", "North West") == "North West"
    assert group_label("org_type", None) == ""


def test_a_code_without_a_title_is_shown_as_it_is() -> None:
    assert org_type_label("hospice") == "hospice"
    assert function_label("catering") == "catering"
    assert process_label("Our own process") == "Our own process"
