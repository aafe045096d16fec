"""Named peer lists are versioned like everything else; the latest version is the one in use."""

from __future__ import annotations

import pytest

from corpbench.store import Store, StoreError
from store.bundles import SHA_A, bundle, org


@pytest.fixture
def registered(store: Store) -> Store:
    store.load(
        bundle(orgs=[org(c) for c in ("RAA01", "RBB02", "RCC03")]), by="a", source="s", sha256=SHA_A
    )
    return store


def test_saving_a_list_makes_version_1_and_peer_lists_returns_it(registered: Store) -> None:
    assert registered.save_peer_list("london", ["RBB02", "RAA01"], by="ann") == 1
    assert registered.peer_lists() == {"london": ["RBB02", "RAA01"]}


def test_changed_list_gets_a_new_version_identical_list_does_not(registered: Store) -> None:
    registered.save_peer_list("x", ["RAA01"], by="ann")
    assert registered.save_peer_list("x", ["RAA01", "RCC03"], by="ann") == 2
    assert registered.save_peer_list("x", ["RAA01", "RCC03"], by="bob") == 2
    assert registered.save_peer_list("x", [], by="bob") == 3
    assert registered.peer_lists() == {"x": []}


def test_repeated_codes_are_kept_once_in_first_order(registered: Store) -> None:
    registered.save_peer_list("x", ["RCC03", "RAA01", "RCC03"], by="ann")
    assert registered.peer_lists()["x"] == ["RCC03", "RAA01"]


def test_lists_are_independent_and_sorted_by_name(registered: Store) -> None:
    registered.save_peer_list("zeta", ["RCC03"], by="a")
    registered.save_peer_list("alpha", ["RAA01"], by="a")
    registered.save_peer_list("zeta", ["RBB02"], by="a")
    assert list(registered.peer_lists().items()) == [("alpha", ["RAA01"]), ("zeta", ["RBB02"])]


def test_unknown_code_is_refused_and_nothing_saved(registered: Store) -> None:
    with pytest.raises(StoreError, match="RZZ99"):
        registered.save_peer_list("x", ["RAA01", "RZZ99"], by="a")
    assert registered.peer_lists() == {}


def test_a_list_needs_a_name(registered: Store) -> None:
    with pytest.raises(StoreError, match="name"):
        registered.save_peer_list("  ", ["RAA01"], by="a")
