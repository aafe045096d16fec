"""peer_groups: each grouping of the standard, empty columns left out, custom peer lists."""

from __future__ import annotations

import pytest

from bench.tables import Round
from corpbench.bench import GROUP_COLUMNS, peer_groups


def test_org_type_is_the_default_grouping() -> None:
    groups = peer_groups(Round.organisations)
    assert groups.columns == list(GROUP_COLUMNS)
    assert groups.rows() == [
        ("A1", "acute"),
        ("A2", "acute"),
        ("A3", "acute"),
        ("A4", "acute"),
        ("A5", "acute"),
        ("B1", "ambulance"),
        ("C1", "community"),
    ]


def test_region_grouping() -> None:
    assert dict(peer_groups(Round.organisations, "region").rows()) == {
        "A1": "London",
        "A2": "London",
        "A3": "North",
        "A4": "North",
        "A5": "North",
        "B1": "North",
        "C1": "London",
    }


def test_footprint_grouping_leaves_out_null_and_blank_footprints() -> None:
    # A3 has no footprint, B1 an empty string
    assert peer_groups(Round.organisations, "footprint").rows() == [
        ("A1", "F1"),
        ("A2", "F1"),
        ("A4", "F2"),
        ("A5", "F2"),
        ("C1", "F1"),
    ]


def test_teaching_grouping_uses_true_and_false_and_leaves_out_unknown() -> None:
    assert peer_groups(Round.organisations, "teaching").rows() == [
        ("A1", "true"),
        ("A2", "false"),
        ("A4", "false"),
        ("A5", "false"),
    ]


def test_region_type_grouping_joins_region_and_type_with_a_bar() -> None:
    assert dict(peer_groups(Round.organisations, "region_type").rows()) == {
        "A1": "London|acute",
        "A2": "London|acute",
        "A3": "North|acute",
        "A4": "North|acute",
        "A5": "North|acute",
        "B1": "North|ambulance",
        "C1": "London|community",
    }


def test_named_peer_list_puts_every_listed_org_in_one_group() -> None:
    lists = {"mine": ["C1", "A2", "A2"], "other": ["A1"]}
    groups = peer_groups(Round.organisations, "peers:mine", peer_lists=lists)
    assert groups.rows() == [("A2", "mine"), ("C1", "mine")]


def test_unknown_peer_list_or_code_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Unknown peer list 'x'; the named peer lists are: a"):
        peer_groups(Round.organisations, "peers:x", peer_lists={"a": ["A1"]})
    with pytest.raises(ValueError, match="named peer lists are: none"):
        peer_groups(Round.organisations, "peers:x")
    with pytest.raises(ValueError, match="not in the register: ZZ9"):
        peer_groups(Round.organisations, "peers:a", peer_lists={"a": ["A1", "ZZ9"]})
    with pytest.raises(ValueError, match="needs a name"):
        peer_groups(Round.organisations, "peers:")


def test_unknown_grouping_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError) as info:
        peer_groups(Round.organisations, "county")
    assert str(info.value) == (
        "Unknown grouping 'county'; valid groupings are org_type, region, footprint, teaching, "
        "region_type, similar, size_band and peers:NAME for a named peer list."
    )
