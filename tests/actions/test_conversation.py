"""Queries and notes on returns through ``corpbench.actions``: who may take each step, what is
refused (nothing stored), the thread as stored (resubmissions included) and the audit entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from actions.conftest import last_entry, national
from cli.bundles import Y1, Y2, changed_round
from corpbench import actions
from corpbench.access import Principal
from corpbench.actions import ActionError, Actor, WarningRef
from corpbench.config import Settings
from corpbench.store import Store
from corpbench.store.conversation import Message, Resubmission
from ingest.bundles import write_folder
from web.conftest import FOOTPRINT, NATIONAL, ORG, OTHER_ORG

ORG_ACTOR = Actor(Principal(user_id=2, email=ORG, role="organisation", org_code="AC001"))
OTHER_ACTOR = Actor(Principal(user_id=4, email=OTHER_ORG, role="organisation", org_code="AC005"))
FOOTPRINT_ACTOR = Actor(Principal(user_id=3, email=FOOTPRINT, role="footprint", footprint="NCL"))
NAT = national(NATIONAL)


def _counts(store: Store) -> tuple[int, int, int, int, int]:
    audit = store.audit
    return (
        len(store.conversation.queries()),
        audit.count("query_open"),
        audit.count("query_reply"),
        audit.count("query_close"),
        audit.count("return_note"),
    )


def test_a_query_is_asked_answered_and_closed_with_every_message_kept(prepared: Store) -> None:
    warning = WarningRef("peer_outlier", "AC001 2009/10 finance: far above its peers")
    asked = actions.open_query(prepared, NAT, "AC001", Y1, "  Why so high?  ", warning)
    assert (asked.org_code, asked.year, asked.version) == ("AC001", Y1, 1)
    assert (asked.warning_code, asked.warning_text) == ("peer_outlier", warning.text)
    assert [(m.kind, m.text, m.role, m.by) for m in asked.messages] == [
        ("question", "Why so high?", "national", NATIONAL)
    ]
    assert not asked.closed
    assert asked.awaiting == "organisation"
    assert prepared.conversation.open_count() == 1
    assert prepared.conversation.open_count("AC002") == 0
    assert last_entry(prepared, "query_open") == (
        NATIONAL,
        "query_open",
        f"query {asked.id}",
        {
            "org_code": "AC001",
            "year": Y1,
            "version": 1,
            "warning_code": "peer_outlier",
            "text": "Why so high?",
        },
    )
    replied = actions.reply_to_query(prepared, ORG_ACTOR, asked.id, "A one-off IT contract.")
    assert [m.kind for m in replied.messages] == ["question", "reply"]
    assert replied.messages[1].role == "organisation"
    assert replied.awaiting == "national"
    assert last_entry(prepared, "query_reply") == (
        ORG,
        "query_reply",
        f"query {asked.id}",
        {"org_code": "AC001", "year": Y1, "text": "A one-off IT contract."},
    )
    closed = actions.close_query(prepared, NAT, asked.id, "trusted", "Thanks")
    assert closed.closed
    assert closed.outcome == "trusted"
    assert closed.awaiting is None
    assert [m.kind for m in closed.messages] == ["question", "reply", "close"]
    assert prepared.conversation.open_count() == 0
    assert prepared.conversation.queries(state="open") == []
    assert [q.id for q in prepared.conversation.queries(state="closed")] == [asked.id]
    assert last_entry(prepared, "query_close")[3] == {
        "org_code": "AC001",
        "year": Y1,
        "outcome": "trusted",
        "text": "Thanks",
    }
    # a closed query takes nothing more
    with pytest.raises(ActionError, match="closed"):
        actions.reply_to_query(prepared, ORG_ACTOR, asked.id, "one more thing")
    with pytest.raises(ActionError, match="closed"):
        actions.close_query(prepared, NAT, asked.id, "resolved")
    assert prepared.audit.count("query_reply") == 1
    assert prepared.audit.count("query_close") == 1


def test_a_resubmission_after_the_question_shows_in_the_thread(
    prepared: Store, tmp_path: Path
) -> None:
    asked = actions.open_query(prepared, NAT, "AC001", Y1, "Please check HR.")
    folder = write_folder(tmp_path / "changed", changed_round())
    settings = Settings(db="sqlite://", max_upload_bytes=2 * 1024 * 1024, cache_seconds=0)
    assert actions.load(prepared, NAT, folder, settings=settings, source="v2.zip").stored
    after = prepared.conversation.query(asked.id)
    assert after is not None
    assert [(r.version, r.by, r.source) for r in after.resubmissions] == [(2, NATIONAL, "v2.zip")]
    kinds = [type(i) for i in after.thread]
    assert kinds == [Message, Resubmission]
    # a resubmission answers the question: the national team's turn
    assert after.awaiting == "national"
    # a reply now is on version 2; the question stays on version 1
    replied = actions.reply_to_query(prepared, ORG_ACTOR, asked.id, "Corrected HR costs.")
    assert [m.return_version for m in replied.messages] == [1, 2]
    # a query asked now is on version 2 and sees no resubmission
    later = actions.open_query(prepared, NAT, "AC001", Y1, "And finance?")
    assert (later.version, later.resubmissions) == (2, ())


def test_closing_as_trusted_can_accept_the_current_version(prepared: Store) -> None:
    asked = actions.open_query(prepared, NAT, "AC002", Y2, "Is this right?")
    actions.close_query(prepared, NAT, asked.id, "trusted", accept=True)
    status = next(s for s in prepared.reviews.statuses(Y2, "AC002"))
    assert (status.version, status.status, status.decided_by) == (1, "accepted", NATIONAL)
    assert status.comment == f"query {asked.id}: figure trusted"
    assert last_entry(prepared, "review")[:3] == (NATIONAL, "review", f"AC002 {Y2} v1")


def test_only_a_trusted_figure_accepts_and_an_exclusion_says_why(prepared: Store) -> None:
    asked = actions.open_query(prepared, NAT, "AC002", Y1, "Is this right?")
    before = _counts(prepared)
    with pytest.raises(ActionError, match="only a query whose figure is trusted"):
        actions.close_query(prepared, NAT, asked.id, "excluded", "no", accept=True)
    with pytest.raises(ActionError, match="closing needs some text"):
        actions.close_query(prepared, NAT, asked.id, "excluded", "  ")
    with pytest.raises(ActionError, match="outcome of a query is one of"):
        actions.close_query(prepared, NAT, asked.id, "accepted")
    assert _counts(prepared) == before
    assert prepared.reviews.statuses(Y1, "AC002")[0].status == "submitted"
    done = actions.close_query(prepared, NAT, asked.id, "excluded", "Cost double counted")
    assert done.outcome == "excluded"


@pytest.mark.parametrize(
    ("actor", "kind"),
    [(ORG_ACTOR, "forbidden"), (FOOTPRINT_ACTOR, "forbidden")],
)
def test_only_the_national_team_asks_and_closes(prepared: Store, actor: Actor, kind: str) -> None:
    with pytest.raises(ActionError, match="needs the national role") as asked:
        actions.open_query(prepared, actor, "AC001", Y1, "Why?")
    assert asked.value.kind == kind
    query = actions.open_query(prepared, NAT, "AC001", Y1, "Why?")
    before = _counts(prepared)
    with pytest.raises(ActionError, match="needs the national role"):
        actions.close_query(prepared, actor, query.id, "resolved")
    assert _counts(prepared) == before


@pytest.mark.parametrize("actor", [OTHER_ACTOR, FOOTPRINT_ACTOR])
def test_only_the_organisation_or_the_national_team_replies(prepared: Store, actor: Actor) -> None:
    query = actions.open_query(prepared, NAT, "AC001", Y1, "Why?")
    before = _counts(prepared)
    with pytest.raises(ActionError, match="national team and the users of AC001") as refused:
        actions.reply_to_query(prepared, actor, query.id, "Not mine to answer")
    assert refused.value.kind == "forbidden"
    with pytest.raises(ActionError, match="national team and the users of AC001"):
        actions.add_note(prepared, actor, "AC001", Y1, "a note")
    assert _counts(prepared) == before
    # the national team may add to the thread
    assert len(actions.reply_to_query(prepared, NAT, query.id, "Any news?").messages) == 2


def test_refusals_say_why_and_store_nothing(prepared: Store) -> None:
    before = _counts(prepared)
    with pytest.raises(ActionError, match=r"^a query needs some text$"):
        actions.open_query(prepared, NAT, "AC001", Y1, "   ")
    with pytest.raises(ActionError, match="there is no return of AC003 for 2010/11") as missing:
        actions.open_query(prepared, NAT, "AC003", Y2, "Why?")
    assert missing.value.kind == "not_found"
    with pytest.raises(ActionError, match="'missing_header' is not an anomaly warning"):
        actions.open_query(prepared, NAT, "AC001", Y1, "Why?", WarningRef("missing_header"))
    with pytest.raises(ActionError, match="there is no query 99") as no_query:
        actions.reply_to_query(prepared, ORG_ACTOR, 99, "hello")
    assert no_query.value.kind == "not_found"
    query = actions.open_query(prepared, NAT, "AC001", Y1, "Why?")
    with pytest.raises(ActionError, match=r"^a reply needs some text$"):
        actions.reply_to_query(prepared, ORG_ACTOR, query.id, " \n ")
    assert _counts(prepared) == (before[0] + 1, before[1] + 1, *before[2:])


def test_a_long_message_is_cut_to_the_limit(prepared: Store) -> None:
    long = "y" * (actions.TEXT_LIMIT + 50)
    query = actions.open_query(prepared, NAT, "AC001", Y1, long)
    assert query.question == "y" * actions.TEXT_LIMIT


def test_notes_are_versioned_never_overwritten_and_audited(prepared: Store) -> None:
    first = actions.add_note(prepared, ORG_ACTOR, "AC001", Y1, "Commissioning costs excluded")
    second = actions.add_note(prepared, NAT, "AC001", Y1, "Estates shared with AC002")
    other_year = actions.add_note(prepared, NAT, "AC001", Y2, "Restated")
    assert [(n.number, n.version, n.by) for n in (first, second, other_year)] == [
        (1, 1, ORG),
        (2, 1, NATIONAL),
        (1, 1, NATIONAL),
    ]
    assert last_entry(prepared, "return_note") == (
        NATIONAL,
        "return_note",
        f"AC001 {Y2} note 1",
        {"version": 1, "withdrawn": False, "text": "Restated"},
    )
    revised = actions.revise_note(
        prepared, NAT, "AC001", Y1, 1, "Commissioning costs (£2m) excluded"
    )
    assert (revised.number, revised.version, revised.by) == (1, 2, NATIONAL)
    audited = prepared.audit.count("return_note")
    same = actions.revise_note(
        prepared, ORG_ACTOR, "AC001", Y1, 1, "Commissioning costs (£2m) excluded"
    )
    assert same.version == 2
    assert prepared.audit.count("return_note") == audited  # nothing changed, nothing recorded
    withdrawn = actions.revise_note(prepared, ORG_ACTOR, "AC001", Y1, 2, withdraw=True)
    assert (withdrawn.version, withdrawn.withdrawn, withdrawn.text) == (
        2,
        True,
        "Estates shared with AC002",
    )
    assert [(n.year, n.number, n.text) for n in prepared.conversation.notes("AC001")] == [
        (Y1, 1, "Commissioning costs (£2m) excluded"),
        (Y2, 1, "Restated"),
    ]
    assert [
        (n.version, n.text, n.by) for n in prepared.conversation.note_history("AC001", Y1, 1)
    ] == [
        (1, "Commissioning costs excluded", ORG),
        (2, "Commissioning costs (£2m) excluded", NATIONAL),
    ]
    with pytest.raises(ActionError, match="withdrawn"):
        actions.revise_note(prepared, NAT, "AC001", Y1, 2, "back again")
    with pytest.raises(ActionError, match="there is no note 7 on AC001 2009/10") as missing:
        actions.revise_note(prepared, NAT, "AC001", Y1, 7, "x")
    assert missing.value.kind == "not_found"
    with pytest.raises(ActionError, match="there is no return of AC001 for 2011/12"):
        actions.add_note(prepared, NAT, "AC001", "2011/12", "x")


def test_the_thread_orders_messages_and_resubmissions_by_time(prepared: Store) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    query = prepared.conversation.open("AC001", Y1, "Q", by="n", role="national", at=t0)
    prepared.conversation.reply(query.id, "R", by="o", role="organisation", at=t0 + timedelta(1))
    done = prepared.conversation.close(query.id, "resolved", by="n", role="national", at=t0)
    assert [m.kind for m in done.messages] == ["question", "reply", "close"]
    assert [m.text for m in done.thread if isinstance(m, Message)] == ["Q", "", "R"]
