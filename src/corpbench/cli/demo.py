"""``corpbench demo``: the calibrated demo rounds (QIPP 2010 and NHS Improvement 2016/17),
written as CSV files and/or loaded through the actions: each round's definition is added (the
built-in QIPP round needs none), then the bundle is loaded, validated and audited like any
other."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from corpbench import actions
from corpbench.cli.common import (
    fail,
    open_store,
    operator,
    out_console,
    refused,
    steps,
    usage_error,
)
from corpbench.config import get_settings
from corpbench.loading import LoadOutcome
from corpbench.store import Store
from corpbench.store.rounds import RoundSaved


def demo(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the demo bundle as CSV files here.")
    ] = None,
    do_load: Annotated[
        bool, typer.Option("--load", help="Load the demo bundle into the store.")
    ] = False,
    rounds_out: Annotated[
        Path | None,
        typer.Option("--rounds-out", help="Write the demo's round definitions (NAME.toml) here."),
    ] = None,
    cases_out: Annotated[
        Path | None,
        typer.Option(
            "--cases-out",
            help="Write the four pathfinder footprints' worked cases (NAME.toml) here.",
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option("--round", help="Only this demo round: qipp-2010 or nhsi-2017."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed of the generator (default: each round's)."),
    ] = None,
    scale: Annotated[
        float, typer.Option("--scale", help="Size relative to the national round.")
    ] = 1.0,
    by: Annotated[str, typer.Option("--by", help="Who is loading.")] = "demo",
) -> None:
    """The calibrated demo rounds (fictional organisations): QIPP 2009/10 and 2010/11, NHS
    Improvement 2016/17."""
    from corpbench.demo import (
        DEMO_ROUNDS,
        NHSI_ROUND,
        PATHFINDER_YEAR,
        PATHFINDERS,
        demo_round,
        generate_rounds,
        write_pathfinder_cases,
    )
    from corpbench.documents.bundle_csv import write_bundle_csv

    if out is None and not do_load and rounds_out is None and cases_out is None:
        raise usage_error("say --out DIR to write the demo bundle, --load to load it, or both.")
    if scale <= 0:
        raise usage_error("--scale must be greater than 0.")
    try:
        rounds = DEMO_ROUNDS if only is None else (demo_round(only),)
    except ValueError as exc:
        raise usage_error(f"{exc}.") from exc
    definitions = [(r.definition_file, r.definition_text()) for r in rounds]
    definitions_to_add = [(name, text) for name, text in definitions if name and text]
    settings = get_settings()
    outcome: LoadOutcome | None = None
    cases_saved: int | None = None
    programmes_saved: int | None = None
    benefit_lines: int | None = None
    lessons_added: int | None = None
    saved: list[RoundSaved] = []
    write_bundle = out is not None or do_load
    total = 2 * write_bundle + (rounds_out is not None) + (cases_out is not None) + (5 * do_load)
    with steps(total) as step, tempfile.TemporaryDirectory() as scratch:
        if rounds_out is not None:
            step(f"Writing {rounds_out}")
            rounds_out.mkdir(parents=True, exist_ok=True)
            for name, text in definitions_to_add:
                (rounds_out / name).write_text(text, encoding="utf-8")
        if cases_out is not None:
            step(f"Writing {cases_out}")
            try:
                cases = write_pathfinder_cases(cases_out, seed=seed, scale=scale)
            except ValueError as exc:  # a footprint with no trust at a small --scale
                raise fail(str(exc)) from exc
        if write_bundle:
            step("Generating the demo round")
            bundle = generate_rounds(rounds, seed=seed, scale=scale)
            folder = out if out is not None else Path(scratch) / "demo"
            step(f"Writing {folder}")
            paths = write_bundle_csv(bundle, folder)
        if do_load:
            with open_store(settings) as store:
                step("Adding the rounds")
                try:
                    for name, text in definitions_to_add:
                        saved.append(actions.add_round(store, operator(by), text, name))
                    seeds = str(seed) if seed is not None else "+".join(str(r.seed) for r in rounds)
                    outcome = actions.load(
                        store,
                        operator(by),
                        folder,
                        settings=settings,
                        source=f"demo:seed={seeds}:scale={scale}",
                        step=step,
                    )
                    if outcome.stored and NHSI_ROUND in rounds:
                        step("Saving the pathfinder cases")
                        cases_saved = _save_pathfinder_cases(store, by, seed, scale)
                        programmes_saved = _save_pathfinder_programmes(store, by)
                        benefit_lines = _save_pathfinder_benefits(store, by, scale)
                    if outcome.stored:
                        lessons_added = actions.add_example_lessons(store, operator(by))
                except actions.ActionError as exc:
                    raise refused(exc) from exc
    if out is not None:
        out_console.print(f"Wrote {len(paths)} files to {out}.")
    if rounds_out is not None:
        out_console.print(f"Wrote {len(definitions_to_add)} round definition(s) to {rounds_out}.")
    if cases_out is not None:
        out_console.print(f"Wrote {len(cases)} pathfinder case(s) to {cases_out}.")
    if outcome is not None:
        result = outcome.result
        if result is None:
            raise fail(
                f"the demo round was rejected with {len(outcome.report.errors)} error(s); "
                "nothing was stored."
            )
        out_console.print(
            f"Loaded the demo round: {len(result.new_return_versions)} new return version(s), "
            f"{len(result.unchanged_return_versions)} unchanged."
        )
    for s in saved:
        info = s.round
        years = ", ".join(info.definition.years)
        state = "added" if s.changed else "unchanged"
        out_console.print(f"Round {info.name!r} {state}: version {info.version} ({years}).")
    if cases_saved is not None:
        out_console.print(
            f"Saved {cases_saved} pathfinder case(s) of {PATHFINDER_YEAR} "
            f"({len(PATHFINDERS) - cases_saved} already there)."
        )
    if programmes_saved is not None:
        out_console.print(
            f"Started {programmes_saved} pathfinder programme(s) "
            f"({len(PATHFINDERS) - programmes_saved} already there)."
        )
    if benefit_lines:
        out_console.print(
            f"Added {benefit_lines} benefit line(s) with their monthly actuals to the "
            "pathfinder programmes."
        )
    if lessons_added:
        out_console.print(f"Added {lessons_added} example lessons (NHS Improvement, June 2018).")


def _save_pathfinder_cases(store: Store, by: str, seed: int | None, scale: float) -> int:
    """Save the four pathfinder footprints' worked cases through the planning workbench's save
    action, each unless a case of its name is there already (so ``demo --load`` again leaves
    them as they are); how many were saved."""
    from corpbench.demo import PATHFINDER_YEAR, PATHFINDERS, pathfinder_cases

    actor = operator(by)
    known = {v.name for v in actions.list_cases(store, actor)}
    saved = 0
    for pathfinder, (name, text) in zip(
        PATHFINDERS, pathfinder_cases(seed=seed, scale=scale), strict=True
    ):
        if name in known:
            continue
        actions.save_case(
            store,
            actor,
            None,
            text=text,
            fmt="toml",
            name=name,
            year=PATHFINDER_YEAR,
            footprint=pathfinder.footprint,
        )
        saved += 1
    return saved


def _save_pathfinder_programmes(store: Store, by: str) -> int:
    """Start the four pathfinder footprints' programmes (``demo.programmes``), each carrying
    out its footprint's worked case, and record their readiness, through the actions; each
    unless a programme of its name is there already. How many were started."""
    from corpbench.demo import PATHFINDER_YEAR, PATHFINDERS
    from corpbench.demo.programmes import PROGRAMMES

    actor = operator(by)
    known = {p.record.name for p in actions.list_programmes(store, actor)}
    cases = {v.name: v.case_id for v in actions.list_cases(store, actor)}
    started = 0
    for pathfinder, demo_programme in zip(PATHFINDERS, PROGRAMMES, strict=True):
        if demo_programme.name in known:
            continue
        made = actions.new_programme(
            store,
            actor,
            name=demo_programme.name,
            footprint=demo_programme.footprint,
            year=PATHFINDER_YEAR,
            case_id=cases.get(pathfinder.name),
        )
        actions.save_readiness(
            store,
            actor,
            made.id,
            answers=[actions.AnswerInput(*a) for a in demo_programme.answers],
            must_haves=[actions.MustHaveInput(*m) for m in demo_programme.must_haves],
        )
        started += 1
    return started


def _save_pathfinder_benefits(store: Store, by: str, scale: float) -> int:
    """Give each pathfinder programme that has no benefit line yet the demo's lines with their
    actuals and trajectories (``demo.benefits``), through the benefits actions; how many lines
    were added."""
    from corpbench.actions.benefits import MonthEntry, enter_values, save_line
    from corpbench.demo.benefits import demo_lines
    from corpbench.demo.programmes import PROGRAMMES
    from corpbench.programme.benefits import line_fields

    actor = operator(by)
    ids = {p.record.name: p.id for p in actions.list_programmes(store, actor)}
    added = 0
    for index, demo_programme in enumerate(PROGRAMMES):
        pid = ids.get(demo_programme.name)
        if pid is None or store.benefits.lines(pid):
            continue
        for line in demo_lines(index, scale):
            saved = save_line(
                store,
                actor,
                pid,
                None,
                **line_fields(line),
            )
            months = sorted(set(line.actuals) | set(line.planned))
            entries = [MonthEntry(m, line.actuals.get(m), line.planned.get(m)) for m in months]
            enter_values(store, actor, pid, saved.number, entries)
            added += 1
    return added
