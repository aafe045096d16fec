"""The application layer: one function per action a person takes — load a bundle, publish the
round, decide on a return, ask, answer and close a query on a return, note a return, ask for
figures, change users, API tokens, peer lists and round definitions, build business cases.

Each action checks its rules (who may do it, what input it accepts), does it through the store,
writes its audit record and raises :class:`ActionError` (one sentence for people) when it
refuses. Both doors call these functions and only present the result: the command line acts as
its operator (the ``--by`` name, with the national role), the web app as the signed-in user.
Imports flow one way: ``actions`` uses ``store``, ``ingest``, ``loading``, ``bench``, ``views``
and ``access``; ``cli`` and ``web`` use ``actions``; ``actions`` imports neither door.
"""

from __future__ import annotations

from corpbench.actions.actor import ActionError, Actor
from corpbench.actions.conversation import (
    TEXT_LIMIT,
    WarningRef,
    add_note,
    close_query,
    open_query,
    reply_to_query,
    revise_note,
)
from corpbench.actions.figures import benchmark_for, organisation_year, record_export
from corpbench.actions.lessons import add_example_lessons, add_lesson, list_lessons
from corpbench.actions.loads import load
from corpbench.actions.mypeers import delete_my_peers, save_my_peers
from corpbench.actions.optimising import optimise_region, regions_for
from corpbench.actions.peers import save_peer_list
from corpbench.actions.plans import (
    CaseRefused,
    SavedCase,
    case_versions,
    compare_cases,
    evaluate_case,
    footprints_for,
    get_case,
    list_cases,
    new_case,
    retire_case,
    save_case,
    save_case_fields,
    save_document,
)
from corpbench.actions.programmes import (
    Programme,
    editable_programme,
    get_programme,
    list_programmes,
    new_programme,
    rename_programme,
    retire_programme,
)
from corpbench.actions.publishing import NOTE_LIMIT, PublishResult, publish
from corpbench.actions.readiness import (
    AnswerInput,
    MustHaveInput,
    Readiness,
    completeness,
    readiness,
    save_readiness,
)
from corpbench.actions.reviews import COMMENT_LIMIT, decide
from corpbench.actions.rounds import RoundRefused, add_round
from corpbench.actions.tokens import create_token, revoke_token
from corpbench.actions.users import add_user, change_scope, reset_password, set_active

__all__ = [
    "COMMENT_LIMIT",
    "NOTE_LIMIT",
    "TEXT_LIMIT",
    "ActionError",
    "Actor",
    "AnswerInput",
    "CaseRefused",
    "MustHaveInput",
    "Programme",
    "PublishResult",
    "Readiness",
    "RoundRefused",
    "SavedCase",
    "WarningRef",
    "add_example_lessons",
    "add_lesson",
    "add_note",
    "add_round",
    "add_user",
    "benchmark_for",
    "case_versions",
    "change_scope",
    "close_query",
    "compare_cases",
    "completeness",
    "create_token",
    "decide",
    "delete_my_peers",
    "editable_programme",
    "evaluate_case",
    "footprints_for",
    "get_case",
    "get_programme",
    "list_cases",
    "list_lessons",
    "list_programmes",
    "load",
    "new_case",
    "new_programme",
    "open_query",
    "optimise_region",
    "organisation_year",
    "publish",
    "readiness",
    "record_export",
    "regions_for",
    "rename_programme",
    "reply_to_query",
    "reset_password",
    "retire_case",
    "retire_programme",
    "revise_note",
    "revoke_token",
    "save_case",
    "save_case_fields",
    "save_document",
    "save_my_peers",
    "save_peer_list",
    "save_readiness",
    "set_active",
]
