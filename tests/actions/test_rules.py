"""The rules of each action, called through ``corpbench.actions``: who may take it, what input it
refuses (with a sentence and nothing stored), and the audit entry it writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actions.conftest import last_entry, national
from cli.bundles import Y1, Y2, changed_round, round_tables
from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import ActionError, Actor
from corpbench.config import Settings
from corpbench.store import Store
from ingest.bundles import write_folder
from web.conftest import FOOTPRINT, NATIONAL, ORG, PASSWORD

ORG_ACTOR = Actor(Principal(user_id=2, email=ORG, role="organisation", org_code="AC001"))
FOOTPRINT_ACTOR = Actor(Principal(user_id=3, email=FOOTPRINT, role="footprint", footprint="NCL"))


def exactly(message: str) -> str:
    """A ``match`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def _settings(store: Store) -> Settings:
    """Settings for loading into ``store`` (the limits of the web tests)."""
    return Settings(db="sqlite://", max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)


@pytest.mark.parametrize(
    "act",
    [
        lambda s, a: actions.publish(s, a, note="n"),
        lambda s, a: actions.decide(s, a, "AC001", Y1, 1, "accepted"),
        lambda s, a: actions.add_user(s, a, "x@nhs.test", "national"),
        lambda s, a: actions.set_active(s, a, FOOTPRINT, False),
        lambda s, a: actions.change_scope(s, a, FOOTPRINT, "national"),
        lambda s, a: actions.reset_password(s, a, FOOTPRINT, "another long password"),
        lambda s, a: actions.create_token(s, a, ORG),
        lambda s, a: actions.save_peer_list(s, a, "mine", ["AC001"]),
        lambda s, a: actions.add_round(s, a, "not even TOML", "r.toml"),
    ],
    ids=["publish", "decide", "add_user", "set_active", "change_scope", "reset_password",
         "create_token", "save_peer_list", "add_round"],
)  # fmt: skip
def test_running_the_round_is_refused_to_organisation_and_footprint_users_and_leaves_no_trace(
    prepared: Store, act: object
) -> None:
    entries = prepared.audit.count()
    for actor in (ORG_ACTOR, FOOTPRINT_ACTOR):
        with pytest.raises(ActionError, match="needs the national role") as caught:
            act(prepared, actor)  # type: ignore[operator]
        assert caught.value.kind == "forbidden"
    assert prepared.audit.count() == entries
    assert len(prepared.publications.all()) == 1
    assert prepared.accounts.user("x@nhs.test") is None
    assert [r.name for r in prepared.rounds.all()] == ["qipp-2010"]


def test_a_footprint_user_may_not_load(prepared: Store, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "b", changed_round())
    with pytest.raises(ActionError, match="only organisation and national users submit") as c:
        actions.load(prepared, FOOTPRINT_ACTOR, folder, settings=_settings(prepared))
    assert c.value.kind == "forbidden"
    assert prepared.audit.count("upload_rejected") == 0


def test_an_organisation_user_loads_only_its_own_rows(prepared: Store, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "b", changed_round())  # holds every organisation's rows
    outcome = actions.load(prepared, ORG_ACTOR, folder, settings=_settings(prepared))
    assert not outcome.stored
    assert outcome.report.errors
    assert len(prepared.loads()) == 1
    assert last_entry(prepared, "upload_rejected") == (
        ORG,
        "upload_rejected",
        str(folder),
        {"errors": len(outcome.report.errors)},
    )


def test_a_load_records_its_source_and_the_new_versions(prepared: Store, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "b", changed_round())
    outcome = actions.load(
        prepared, national("ann"), folder, settings=_settings(prepared), source="x.zip"
    )
    assert outcome.result is not None
    assert prepared.loads()[-1].source == "x.zip"
    assert last_entry(prepared, "upload") == (
        "ann",
        "upload",
        "x.zip",
        {
            "load_id": 2,
            "new_return_versions": [f"AC001 {Y1} v2"],
            "warnings": len(outcome.report.warnings),
        },
    )


def test_identical_data_is_audited_as_an_upload_with_no_new_version(
    prepared: Store, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "b", round_tables())
    outcome = actions.load(prepared, national("ann"), folder, settings=_settings(prepared))
    assert outcome.result is not None
    assert not outcome.result.changed
    assert last_entry(prepared, "upload")[3]["new_return_versions"] == []


def test_publish_strips_and_cuts_the_note_and_if_none_publishes_nothing_more(
    prepared: Store,
) -> None:
    done = actions.publish(prepared, national(), note="  " + "n" * 501 + "  ")
    assert done.new
    assert done.publication.note == "n" * 500
    again = actions.publish(prepared, national(), note="other", if_none=True)
    assert (again.new, again.publication.id) == (False, done.publication.id)
    assert prepared.audit.count("publish") == 1


def test_a_review_comment_is_cut_to_2000_characters_and_a_query_needs_one(
    prepared: Store,
) -> None:
    with pytest.raises(ActionError, match=exactly("a query needs a comment for the organisation")):
        actions.decide(prepared, national(), "AC001", Y1, 1, "queried", "   ")
    assert prepared.audit.count("review") == 0
    decided = actions.decide(prepared, national(), "AC001", Y1, 1, "queried", "c" * 2500)
    assert decided.comment == "c" * 2000
    assert last_entry(prepared, "review")[3] == {"status": "queried", "comment": "c" * 2000}


def test_a_decision_on_a_version_that_is_not_current_is_refused(prepared: Store) -> None:
    with pytest.raises(ActionError, match="version 7 of AC001 2009/10 is not the current"):
        actions.decide(prepared, national(), "AC001", Y1, 7, "accepted")
    assert prepared.audit.count("review") == 0


def test_users_are_added_with_a_valid_scope_only(prepared: Store) -> None:
    with pytest.raises(ActionError, match=exactly("an organisation user needs --org CODE")):
        actions.add_user(prepared, national(), "a@nhs.test", "organisation")
    with pytest.raises(ActionError, match="ZZ999 is not in the register"):
        actions.add_user(prepared, national(), "a@nhs.test", "organisation", org_code="ZZ999")
    with pytest.raises(ActionError, match="already exists"):
        actions.add_user(prepared, national(), ORG.upper(), "national")
    assert prepared.audit.count("user_add") == 0
    user = actions.add_user(prepared, national("ann"), "A@NHS.test", "footprint", footprint="NCL")
    assert (user.email, user.role, user.footprint, user.created_by) == (
        "a@nhs.test",
        "footprint",
        "NCL",
        "ann",
    )


def test_nobody_disables_or_rescopes_themselves_and_unknown_users_are_not_found(
    prepared: Store,
) -> None:
    me = national(NATIONAL)
    with pytest.raises(ActionError, match=exactly("you cannot disable your own account")):
        actions.set_active(prepared, me, NATIONAL.upper(), False)
    with pytest.raises(ActionError, match=exactly("you cannot change your own role")):
        actions.change_scope(prepared, me, NATIONAL, "footprint", footprint="NCL")
    with pytest.raises(ActionError, match=exactly("no user ghost@nhs.test")) as caught:
        actions.set_active(prepared, me, "ghost@nhs.test", False)
    assert caught.value.kind == "not_found"
    assert prepared.audit.count("user_change") == 0
    enabled = actions.set_active(prepared, me, NATIONAL, True)  # enabling yourself is harmless
    assert enabled.active


def test_changing_a_users_role_and_scope_is_checked_and_audited(prepared: Store) -> None:
    with pytest.raises(ActionError, match=exactly("a footprint user needs --footprint NAME")):
        actions.change_scope(prepared, national(), ORG, "footprint")
    user = actions.change_scope(prepared, national("ann"), ORG, "organisation", org_code="AC005")
    assert (user.role, user.org_code) == ("organisation", "AC005")
    assert last_entry(prepared, "user_change") == (
        "ann",
        "user_change",
        ORG,
        {"role": "organisation", "org_code": "AC005", "footprint": None},
    )


def test_a_password_reset_applies_the_policy_and_never_audits_the_password(
    prepared: Store,
) -> None:
    with pytest.raises(ActionError):
        actions.reset_password(prepared, national(), ORG, "short")
    assert prepared.accounts.authenticate(ORG, PASSWORD, client="t") is not None
    actions.reset_password(prepared, national("ann"), ORG, "a brand new long password")
    assert prepared.accounts.authenticate(ORG, "a brand new long password", client="t")
    entry = last_entry(prepared, "user_change")
    assert entry == ("ann", "user_change", ORG, {"password": "reset"})


def test_tokens_are_created_and_revoked_with_audit_entries(prepared: Store) -> None:
    with pytest.raises(ActionError) as caught:
        actions.create_token(prepared, national(), "ghost@nhs.test")
    assert caught.value.kind == "not_found"
    token = actions.create_token(prepared, national("ann"), ORG.upper(), "nightly")
    assert prepared.accounts.token_user(token) is not None
    assert last_entry(prepared, "token_create") == ("ann", "token_create", ORG, {"name": "nightly"})
    info = actions.revoke_token(prepared, national("ann"), token)
    assert prepared.accounts.token_user(token) is None
    assert last_entry(prepared, "token_revoke") == ("ann", "token_revoke", ORG, {"id": info.id})
    with pytest.raises(ActionError, match="no such live API token"):
        actions.revoke_token(prepared, national(), token)


def test_a_peer_list_names_registered_organisations_only(prepared: Store) -> None:
    with pytest.raises(ActionError, match=exactly("not in the register: YY888, ZZ999")):
        actions.save_peer_list(prepared, national(), "mine", ["AC001", "ZZ999", "YY888"])
    assert prepared.peer_lists() == {}
    assert actions.save_peer_list(prepared, national("ann"), "mine", ["AC002", "AC001"]) == 1
    assert prepared.peer_lists() == {"mine": ["AC002", "AC001"]}
    assert last_entry(prepared, "peer_list") == (
        "ann",
        "peer_list",
        "mine",
        {"version": 1, "org_codes": ["AC001", "AC002"]},
    )


def test_national_actors_see_the_live_figures_and_others_the_newest_publication(
    prepared: Store, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "b", changed_round())
    actions.load(prepared, national(), folder, settings=_settings(prepared))
    live = actions.benchmark_for(prepared, national())
    published = actions.benchmark_for(prepared, ORG_ACTOR)
    also_published = actions.benchmark_for(prepared, national(), view="published")
    assert live.totals().height == published.totals().height == also_published.totals().height
    assert not live.totals().equals(published.totals())
    assert published.totals().equals(also_published.totals())


def test_before_any_publication_organisations_get_no_figures(tmp_path: Path, db_url: str) -> None:
    with Store.open(db_url) as empty, pytest.raises(ActionError) as caught:
        actions.benchmark_for(empty, ORG_ACTOR)
    assert (caught.value.message, caught.value.kind) == (
        "no figures have been published yet",
        "not_found",
    )


def test_the_report_year_is_the_latest_responded_or_a_clear_refusal(prepared: Store) -> None:
    figures = actions.benchmark_for(prepared, national())
    assert actions.organisation_year(figures, "AC001", None) == Y2
    assert actions.organisation_year(figures, "AC001", Y1) == Y1
    with pytest.raises(ActionError, match=exactly("Organisation ZZ999 is not in the register")):
        actions.organisation_year(figures, "ZZ999", None)
    with pytest.raises(ActionError, match=exactly(f"Organisation AC003 has no cost data for {Y2}")):
        actions.organisation_year(figures, "AC003", Y2)


def test_the_role_rules_of_access_say_who_runs_submits_and_sees_what() -> None:
    from corpbench import access

    nat = national().principal
    org, fp = ORG_ACTOR.principal, FOOTPRINT_ACTOR.principal
    assert [access.runs_the_round(p) for p in (nat, org, fp)] == [True, False, False]
    assert [access.submits_returns(p) for p in (nat, org, fp)] == [True, True, False]
    assert [access.submission_scope(p) for p in (nat, org)] == [None, frozenset({"AC001"})]
    assert [access.returns_listed(p) for p in (nat, org)] == [None, "AC001"]
    assert [access.sees_returns_of(p, "AC001") for p in (nat, org, fp)] == [True, True, False]
    assert not access.sees_returns_of(org, "AC005")
    assert [access.sees_live_figures(p) for p in (nat, org, fp)] == [True, False, False]
    assert not access.sees_live_figures(nat, "published")
