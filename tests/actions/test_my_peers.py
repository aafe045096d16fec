"""The "My peers" actions: who may keep lists, the five-peer rule, versions that are never
overwritten, deletion as a retired version, owners kept apart, and the audit record."""

from __future__ import annotations

import pytest

from actions.conftest import last_entry, national
from actions.test_rules import FOOTPRINT_ACTOR, ORG_ACTOR, exactly
from corpbench import actions
from corpbench.access import Owner, Principal
from corpbench.actions import ActionError, Actor
from corpbench.store import Store
from web.conftest import ORG

FIVE = ["AC002", "AC003", "AC004", "AC005", "MH001"]
ASH = Owner("organisation", "AC001")
NCL = Owner("footprint", "NCL")
OTHER_ORG_ACTOR = Actor(Principal(user_id=4, email="elm@nhs.test", role="organisation",
                                  org_code="AC005"))  # fmt: skip


def test_an_organisation_saves_a_list_and_a_change_adds_a_version(prepared: Store) -> None:
    first = actions.save_my_peers(prepared, ORG_ACTOR, "  Big   acutes ", FIVE)
    expected = ("Big acutes", 1, tuple(FIVE), False)
    assert (first.name, first.version, first.peers, first.retired) == expected
    assert first.saved_by == ORG
    assert last_entry(prepared, "my_peers") == (
        ORG,
        "my_peers",
        "organisation:AC001 Big acutes",
        {"version": 1, "org_codes": FIVE, "deleted": False, "changed": True},
    )
    # the same members again: no new version
    same = actions.save_my_peers(prepared, ORG_ACTOR, "Big acutes", FIVE)
    assert same.version == 1
    changed = actions.save_my_peers(prepared, ORG_ACTOR, "Big acutes", [*FIVE[:4], "MH002"])
    assert changed.version == 2
    versions = prepared.my_peers.versions(ASH, "Big acutes")
    assert [(v.version, v.peers) for v in versions] == [
        (1, tuple(FIVE)),
        (2, ("AC002", "AC003", "AC004", "AC005", "MH002")),
    ]
    assert list(prepared.my_peers.of_owner(ASH)) == ["Big acutes"]
    assert prepared.my_peers.of_owner(ASH)["Big acutes"].version == 2


def test_the_organisation_itself_does_not_count_toward_five(prepared: Store) -> None:
    entries = prepared.audit.count()
    with pytest.raises(ActionError, match=exactly(
        "a peer list needs at least 5 peer organisations besides your own, so that no single "
        "peer is exposed; this one has 4"
    )) as caught:  # fmt: skip
        actions.save_my_peers(prepared, ORG_ACTOR, "Small", ["AC001", *FIVE[:4], "ac002 "])
    assert caught.value.kind == "invalid"
    assert prepared.audit.count() == entries
    assert prepared.my_peers.of_owner(ASH) == {}
    # lower case and spaces are read as the codes they are; the own code is dropped
    saved = actions.save_my_peers(prepared, ORG_ACTOR, "Ok", ["ac001", *(c.lower() for c in FIVE)])
    assert saved.peers == tuple(FIVE)


@pytest.mark.parametrize(
    ("name", "codes", "message"),
    [
        ("   ", FIVE, "a peer list needs a name"),
        ("x" * 81, FIVE, "a peer list's name has at most 80 characters"),
        ("Typo", [*FIVE[:4], "ZZ999"], "not in the register: ZZ999"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    prepared: Store, name: str, codes: list[str], message: str
) -> None:
    with pytest.raises(ActionError, match=exactly(message)):
        actions.save_my_peers(prepared, ORG_ACTOR, name, codes)
    assert prepared.my_peers.of_owner(ASH) == {}
    assert prepared.audit.count("my_peers") == 0


def test_only_organisation_and_footprint_users_keep_lists(prepared: Store) -> None:
    for act in (
        lambda: actions.save_my_peers(prepared, national(), "N", FIVE),
        lambda: actions.delete_my_peers(prepared, national(), "N"),
    ):
        with pytest.raises(ActionError, match="belong to an organisation or a footprint") as e:
            act()
        assert e.value.kind == "forbidden"
    assert prepared.audit.count("my_peers") == 0


def test_a_footprint_list_counts_all_its_members(prepared: Store) -> None:
    with pytest.raises(ActionError, match="at least 5 peer organisations, so that"):
        actions.save_my_peers(prepared, FOOTPRINT_ACTOR, "F", FIVE[:4])
    saved = actions.save_my_peers(prepared, FOOTPRINT_ACTOR, "F", ["AC001", *FIVE[:4]])
    assert saved.owner == NCL
    assert saved.peers == ("AC001", *FIVE[:4])


def test_owners_see_only_their_own_lists_even_under_the_same_name(prepared: Store) -> None:
    actions.save_my_peers(prepared, ORG_ACTOR, "Peers", FIVE)
    actions.save_my_peers(prepared, FOOTPRINT_ACTOR, "Peers", ["AC001", *FIVE[:4]])
    other = ["AC001", "AC002", "AC003", "AC004", "MH001"]
    actions.save_my_peers(prepared, OTHER_ORG_ACTOR, "Peers", other)
    assert prepared.my_peers.of_owner(ASH)["Peers"].peers == tuple(FIVE)
    assert prepared.my_peers.of_owner(NCL)["Peers"].peers == ("AC001", *FIVE[:4])
    elm = prepared.my_peers.of_owner(Owner("organisation", "AC005"))
    assert elm["Peers"].peers == tuple(other)
    assert prepared.my_peers.of_owner(Owner("organisation", "AC002")) == {}
    # deleting one owner's list leaves the others' alone
    actions.delete_my_peers(prepared, OTHER_ORG_ACTOR, "Peers")
    assert prepared.my_peers.of_owner(ASH)["Peers"].version == 1
    # national peer lists are another thing altogether
    assert prepared.peer_lists() == {}


def test_delete_adds_a_retired_version_and_a_save_brings_the_name_back(prepared: Store) -> None:
    actions.save_my_peers(prepared, ORG_ACTOR, "Gone", FIVE)
    deleted = actions.delete_my_peers(prepared, ORG_ACTOR, "Gone")
    assert (deleted.version, deleted.retired, deleted.peers) == (2, True, tuple(FIVE))
    assert last_entry(prepared, "my_peers")[2:] == (
        "organisation:AC001 Gone",
        {"version": 2, "org_codes": FIVE, "deleted": True, "changed": True},
    )
    assert prepared.my_peers.of_owner(ASH) == {}
    with pytest.raises(ActionError, match=exactly("no peer list 'Gone'")) as caught:
        actions.delete_my_peers(prepared, ORG_ACTOR, "Gone")
    assert caught.value.kind == "not_found"
    again = actions.save_my_peers(prepared, ORG_ACTOR, "Gone", FIVE)
    assert (again.version, again.retired) == (3, False)
    history = prepared.my_peers.versions(ASH, "Gone")
    assert [(v.version, v.retired) for v in history] == [(1, False), (2, True), (3, False)]
    assert all(v.saved_by == ORG for v in history)
