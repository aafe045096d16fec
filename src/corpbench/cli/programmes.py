"""``corpbench programme new|list|show|rename|retire|resources``, ``corpbench readiness
show|set`` and ``corpbench lessons list|add|export``: the programme tools (docs/programme.md)
from the command line, over the same actions as the app, acting as the operator (``--by``,
national role)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench import actions
from corpbench.actions import AnswerInput, MustHaveInput
from corpbench.cli.common import fail, open_store, operator, out_console, refused
from corpbench.documents.lessons import lessons_csv, lessons_xlsx
from corpbench.formatting import format_pounds
from corpbench.programme.lessons import KINDS, THEMES
from corpbench.programme.readiness import (
    DEFAULT_WEEKS,
    LEAD_DAYS,
    MUST_HAVE_CODES,
    QUESTION_CODES,
    DayRates,
    ResourceError,
    resource_plan,
)
from corpbench.views.programme import (
    completeness_rows,
    gate_sentence,
    lessons_label_table,
    lessons_machine_table,
    must_have_rows,
    question_rows,
    resource_rows,
)

programme_app = typer.Typer(help="Shared-service programmes.", no_args_is_help=True)
readiness_app = typer.Typer(help="A programme's readiness.", no_args_is_help=True)
lessons_app = typer.Typer(help="The lessons log.", no_args_is_help=True)

ByOpt = Annotated[str | None, typer.Option("--by", help="Who is doing it.")]
IdArg = Annotated[int, typer.Argument(metavar="ID", help="The programme's number.")]


def _say(text: str) -> None:
    out_console.print(text, markup=False, soft_wrap=True)


@programme_app.command("new")
def new(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The programme's name.")],
    footprint: Annotated[str | None, typer.Option("--footprint", help="Its footprint.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="Its baseline's year.")] = None,
    case_id: Annotated[
        int | None, typer.Option("--case", help="The business case it carries out.")
    ] = None,
    by: ByOpt = None,
) -> None:
    """Start a programme."""
    with open_store() as store:
        try:
            made = actions.new_programme(
                store, operator(by), name=name, footprint=footprint, year=year, case_id=case_id
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    r = made.record
    where = f"footprint {r.footprint}" if r.footprint else "no footprint"
    _say(f"Started programme {r.id} {r.name!r} ({where}, year {r.year or 'not set'}).")


@programme_app.command("list")
def list_programmes() -> None:
    """Show the programmes in use, with their gate."""
    with open_store() as store:
        actor = operator()
        found = actions.list_programmes(store, actor)
        gates = {p.id: actions.readiness(store, actor, p.id).gate for p in found}
    table = Table(title="Programmes")
    for column in ("id", "name", "footprint", "year", "case", "ready for design"):
        table.add_column(column, overflow="fold")
    for p in found:
        r, gate = p.record, gates[p.id]
        table.add_row(
            str(r.id),
            r.name,
            r.footprint or "",
            r.year or "",
            "" if r.case_id is None else str(r.case_id),
            "yes" if gate.ready else f"no ({len(gate.missing)} missing)",
        )
    out_console.print(table)


@programme_app.command("show")
def show(programme_id: IdArg) -> None:
    """Show a programme: its gate and its partners' baseline completeness."""
    with open_store() as store:
        actor = operator()
        try:
            seen = actions.readiness(store, actor, programme_id)
            year, table = actions.completeness(store, actor, programme_id)
        except actions.ActionError as exc:
            raise refused(exc) from exc
        register = store.register()
    names = dict(zip(register["org_code"], register["org_name"], strict=True))
    r = seen.programme.record
    _say(f"Programme {r.id} {r.name!r}: footprint {r.footprint or 'none'}, "
         f"year {r.year or 'not set'}, case {r.case_id or 'none'}.")  # fmt: skip
    _say(f"Partners: {', '.join(seen.programme.partners) or 'none'}.")
    _say(gate_sentence(seen.gate))
    grid = Table(title=f"Baseline completeness ({year or 'no data'})")
    columns = ("org_code", "function", "budget", "wte", "volumes", "performance",
               "operating_model", "completeness")  # fmt: skip
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in completeness_rows(table, names):
        grid.add_row(*(str(row[c]) for c in columns))
    out_console.print(grid)


@programme_app.command("rename")
def rename(
    programme_id: IdArg,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The programme's new name.")],
    by: ByOpt = None,
) -> None:
    """Rename a programme (the old name is kept in the audit log)."""
    with open_store() as store:
        try:
            done = actions.rename_programme(store, operator(by), programme_id, name)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    _say(f"Renamed programme {done.id} {done.record.name!r}.")


@programme_app.command("retire")
def retire(programme_id: IdArg, by: ByOpt = None) -> None:
    """Retire a programme: it leaves the lists; its readiness, lessons and benefits are kept."""
    with open_store() as store:
        try:
            gone = actions.retire_programme(store, operator(by), programme_id)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    _say(f"Retired programme {gone.id} {gone.record.name!r}.")


@programme_app.command("resources")
def resources(
    weeks: Annotated[float, typer.Option(help="Weeks of the design phase.")] = DEFAULT_WEEKS,
    single_service: Annotated[
        bool, typer.Option("--single-service", help="The programme covers one service.")
    ] = False,
    leads: Annotated[int, typer.Option(help="Functional leads.")] = 0,
    lead_days: Annotated[float, typer.Option(help="Days a week of each lead.")] = LEAD_DAYS,
    workshop_days: Annotated[float, typer.Option(help="Subject experts' workshop days.")] = 0,
    sponsor_rate: Annotated[float, typer.Option(help="Sponsor's day rate, £.")] = 0,
    pm_rate: Annotated[float, typer.Option(help="Programme manager's day rate, £.")] = 0,
    lead_rate: Annotated[float, typer.Option(help="A lead's day rate, £.")] = 0,
    expert_rate: Annotated[float, typer.Option(help="An expert's day rate, £.")] = 0,
) -> None:
    """The design phase's resource plan: person-days and cost by role."""
    try:
        plan = resource_plan(
            weeks=weeks, single_service=single_service, leads=leads, lead_days=lead_days,
            workshop_days=workshop_days,
            rates=DayRates(sponsor_rate, pm_rate, lead_rate, expert_rate),
        )  # fmt: skip
    except ResourceError as exc:
        raise fail(f"{exc}.") from exc
    table = Table(title=f"Design phase of {plan.weeks:g} weeks")
    for column in ("role", "days a week", "person-days", "cost"):
        table.add_column(column)
    for row in resource_rows(plan):
        days = row["days_a_week"]
        table.add_row(
            str(row["role"]),
            "workshops" if days is None else f"{days:g}",
            f"{row['person_days']:g}",
            format_pounds(float(str(row["cost"]))),
        )
    table.add_row("Total", "", f"{plan.person_days:g}", format_pounds(plan.cost))
    out_console.print(table)


@readiness_app.command("show")
def readiness_show(programme_id: IdArg) -> None:
    """Show a programme's readiness questions, must-haves and gate."""
    with open_store() as store:
        try:
            seen = actions.readiness(store, operator(), programme_id)
        except actions.ActionError as exc:
            raise refused(exc) from exc
    questions = Table(title="Readiness questions")
    for column in ("code", "question", "RAG", "owner", "date", "answer"):
        questions.add_column(column, overflow="fold")
    for q in question_rows(seen.answers):
        questions.add_row(
            str(q["code"]), str(q["title"]), str(q["rag_label"]), str(q["owner"]),
            str(q["date"]), str(q["answer"]),
        )  # fmt: skip
    out_console.print(questions)
    musts = Table(title="Must-haves")
    for column in ("code", "must-have", "status", "evidence"):
        musts.add_column(column, overflow="fold")
    for m in must_have_rows(seen.must_haves):
        musts.add_row(str(m["code"]), str(m["title"]), str(m["met_label"]), str(m["evidence"]))
    out_console.print(musts)
    _say(gate_sentence(seen.gate))


@readiness_app.command("set")
def readiness_set(
    programme_id: IdArg,
    code: Annotated[
        str, typer.Argument(metavar="CODE", help="A question's or a must-have's code.")
    ],
    answer: Annotated[str | None, typer.Option(help="A question's answer.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who owns the answer.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Its date, YYYY-MM-DD.")] = None,
    rag: Annotated[str | None, typer.Option(help="red, amber or green.")] = None,
    met: Annotated[
        bool | None, typer.Option("--met/--not-met", help="Whether a must-have is met.")
    ] = None,
    evidence: Annotated[str, typer.Option(help="A must-have's evidence.")] = "",
    by: ByOpt = None,
) -> None:
    """Record an answer to a readiness question (--answer, --owner, --date, --rag) or a
    must-have's status (--met or --not-met, --evidence): a new version."""
    answers: list[AnswerInput] = []
    musts: list[MustHaveInput] = []
    if code in MUST_HAVE_CODES:
        if met is None:
            raise fail(f"must-have {code}: say --met or --not-met.")
        musts.append(MustHaveInput(code, met, evidence))
    else:
        if code in QUESTION_CODES and (rag is None or answer is None or owner is None):
            raise fail(f"question {code}: give --answer, --owner and --rag.")
        answers.append(AnswerInput(code, answer or "", owner or "", on, rag or ""))
    with open_store() as store:
        try:
            saved_answers, saved_musts = actions.save_readiness(
                store, operator(by), programme_id, answers=answers, must_haves=musts
            )
            gate = actions.readiness(store, operator(by), programme_id).gate
        except actions.ActionError as exc:
            raise refused(exc) from exc
    version = (saved_answers or saved_musts)[0].version
    _say(f"Saved {code} of programme {programme_id}, version {version}.")
    _say(gate_sentence(gate))


ThemeOpt = Annotated[str | None, typer.Option(help=f"One of {', '.join(THEMES)}.")]
KindOpt = Annotated[str | None, typer.Option(help=f"One of {', '.join(KINDS)}.")]
ProgOpt = Annotated[int | None, typer.Option("--programme", help="A programme's number.")]
SearchOpt = Annotated[str | None, typer.Option(help="Words the text holds.")]


@lessons_app.command("list")
def lessons_list(
    theme: ThemeOpt = None, kind: KindOpt = None, programme: ProgOpt = None,
    search: SearchOpt = None,
) -> None:  # fmt: skip
    """Show the lessons log, newest first, filtered."""
    with open_store() as store:
        try:
            found = actions.list_lessons(
                store, operator(), theme=theme, kind=kind, programme_id=programme, search=search
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    table = Table(title="Lessons log")
    for column in ("id", "date", "programme", "theme", "kind", "lesson"):
        table.add_column(column, overflow="fold")
    for x in found:
        table.add_row(
            str(x.id), x.lesson_date.isoformat(),
            "example" if x.example else str(x.programme_id or ""),
            THEMES[x.theme], KINDS[x.kind], x.text,
        )  # fmt: skip
    out_console.print(table)


@lessons_app.command("add")
def lessons_add(
    theme: ThemeOpt = None,
    kind: KindOpt = None,
    text: Annotated[str | None, typer.Option(help="The lesson.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Its date (today).")] = None,
    programme: ProgOpt = None,
    examples: Annotated[
        bool, typer.Option("--examples", help="Load the pathfinders' lessons instead.")
    ] = False,
    by: ByOpt = None,
) -> None:
    """Add a lesson (--theme, --kind, --text), or load the pathfinders' lessons as examples."""
    with open_store() as store:
        try:
            if examples:
                added = actions.add_example_lessons(store, operator(by))
                _say(f"Added {added} example lessons." if added else "The examples are loaded.")
                return
            made = actions.add_lesson(
                store, operator(by), theme=theme or "", kind=kind or "", text=text or "",
                lesson_date=on, programme_id=programme,
            )  # fmt: skip
        except actions.ActionError as exc:
            raise refused(exc) from exc
    _say(f"Added lesson {made.id}.")


@lessons_app.command("export")
def lessons_export(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="A .csv or .xlsx file.")],
    theme: ThemeOpt = None, kind: KindOpt = None, programme: ProgOpt = None,
    search: SearchOpt = None,
) -> None:  # fmt: skip
    """Write the lessons log, filtered: CSV with codes, or XLSX with titles."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise fail(f"{out.name}: the lessons export is a .csv or .xlsx file.")
    with open_store() as store:
        actor = operator()
        try:
            found = actions.list_lessons(
                store, actor, theme=theme, kind=kind, programme_id=programme, search=search
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
        names = {p.id: p.record.name for p in actions.list_programmes(store, actor)}
    try:
        if suffix == ".csv":
            out.write_text(lessons_csv(lessons_machine_table(found)), encoding="utf-8")
        else:
            out.write_bytes(lessons_xlsx(lessons_label_table(found, names)))
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc}") from exc
    _say(f"Wrote {len(found)} lesson{'s' if len(found) != 1 else ''} to {out.name}.")
