"""``corpbench plan``: a consortium's baseline, a case made from it, the business case of a case
file and the consortium optimiser of a region (docs/planning.md).

Each reads (the store's current figures, a case file) and computes; none stores anything, so
they are reading doors over the library (``corpbench.bench``, ``corpbench.plan``) like
``report`` and ``summary``, not actions.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from corpbench import actions
from corpbench.bench.consortium import (
    ConsortiumBaseline,
    named_consortium,
)
from corpbench.bench.engine import Benchmark
from corpbench.bench.scale import consortium_scale, scale_fits, size_adjusted
from corpbench.cli.common import (
    err_console,
    fail,
    load_engine,
    open_store,
    operator,
    out_console,
    output_stream,
    refused,
    usage_error,
)
from corpbench.documents.machine_csv import format_value
from corpbench.documents.plan_pdf import plan_pdf
from corpbench.documents.plan_workbook import plan_workbook
from corpbench.formatting import format_money, format_number, format_pct, format_pounds
from corpbench.plan import (
    Case,
    CaseError,
    CaseInvalid,
    Evaluation,
    evaluate_plan,
    machine_output,
    read_case,
)
from corpbench.plan.document import write_document
from corpbench.plan.engine import sequencings
from corpbench.plan.newcase import case_document
from corpbench.plan.optimise import (
    DEFAULT_MAX_FOOTPRINTS,
    DEFAULT_MAX_GROUP,
    Optimum,
    optimum_output,
)
from corpbench.standard.labels import (
    function_label,
    plan_model_label,
    plan_parameter_label,
    plan_phasing_label,
    scale_label,
)
from corpbench.standard.vocab import PROCESS_CLASSES
from corpbench.views.consortium import BASELINE_CSV_COLUMNS, baseline_rows
from corpbench.views.plan import PlanView, plan_view
from corpbench.views.plan_scale import CaseScale, scale_of_case

plan_app = typer.Typer(
    help="Shared-service business cases (docs/planning.md).", no_args_is_help=True
)


def invalid_case(name: str, errors: Sequence[CaseError]) -> typer.Exit:
    """Print that case ``name`` is not valid, then each error with its path; the Exit (1)."""
    n = len(errors)
    exit_ = fail(f"{name} is not a valid case: {n} error{'s' if n != 1 else ''}.")
    for error in errors:
        err_console.print(f"  {error}", soft_wrap=True, markup=False)
    return exit_


@plan_app.command("evaluate")
def evaluate(
    case_file: Annotated[
        Path, typer.Argument(metavar="CASE", help="The case: a .json or .toml file.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print planning methods §8's JSON object.")
    ] = False,
    scale_year: Annotated[
        str | None,
        typer.Option(
            "--scale",
            metavar="YEAR",
            help="Also show the economies of scale of the case's partners in YEAR (the store's "
            "figures; not with --json), and in the PDF or workbook of --out.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Also write the business case: FILE.pdf (the board-ready PDF) or FILE.xlsx "
            "(the workbook of every table).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The case's name in the PDF or workbook (default: CASE's)."),
    ] = None,
    consortium: Annotated[
        str | None,
        typer.Option(
            "--consortium",
            help="Who the case is for, in the PDF or workbook (default: the partners' codes).",
        ),
    ] = None,
    baseline_year: Annotated[
        str | None,
        typer.Option("--year", help="The baseline's financial year, in the PDF or workbook."),
    ] = None,
) -> None:
    """Evaluate a case: yearly cash flows, NPV, payback, ROI, tornado, Monte Carlo, option
    appraisal and gain share. A case with errors prints every one with its path (exit 1).
    With --out, also write its business case as a PDF or an XLSX workbook."""
    if out is not None and out.suffix.lower() not in (".pdf", ".xlsx"):
        raise usage_error(f"--out must name a .pdf or .xlsx file, not {out.name!r}.")
    try:
        case = read_case(case_file)
    except CaseInvalid as exc:
        raise invalid_case(case_file.name, exc.errors) from exc
    if as_json and scale_year is not None:
        raise usage_error("--scale shows a table for people: it does not go with --json.")
    ev = evaluate_plan(case)
    scale = None if scale_year is None else _scale_of(case, scale_year)
    if out is not None:
        view = plan_view(
            ev,
            name=name or case_file.stem,
            consortium=consortium
            if consortium is not None
            else ", ".join(p.org_code for p in case.partners),
            year=baseline_year,
            scale=scale,
        )
        _write_document(view, out)
    if as_json:
        typer.echo(json.dumps(machine_output(ev), indent=2))
        return
    _summary(ev)
    if scale is not None:
        _case_scale(scale)


def _write_document(view: PlanView, out: Path) -> None:
    """Write the case's PDF or workbook to ``out`` (its suffix says which)."""
    data = plan_pdf(view) if out.suffix.lower() == ".pdf" else plan_workbook(view)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from exc
    err_console.print(f"Wrote {out}", soft_wrap=True, markup=False)


def _scale_of(case: Case, year: str) -> CaseScale:
    """The scale fits of the case's functions in ``year`` and the scale saving of combining its
    partners (their turnovers from the store): the table of the case page, PDF and workbook
    (``views.plan_scale.scale_of_case``)."""
    if not case.partners:
        raise fail("The case names no partners: there is no consortium to combine.")
    with open_store() as store:
        engine = load_engine(store)
    found = scale_of_case(
        engine, year, [p.org_code for p in case.partners], list(case.function_codes())
    )
    if found is None:
        known = ", ".join(engine.years()) or "none"
        raise fail(f"No figures for {year} (years with figures: {known}).")
    if found.left_out:
        err_console.print(
            f"Warning: no turnover for {year} of " + ", ".join(found.left_out) + "; left out.",
            soft_wrap=True,
            markup=False,
        )
    return found


def _case_scale(scale: CaseScale) -> None:
    """The economies of scale beside the business case, for people."""
    year = scale.year
    t = Table(title=f"Economies of scale, {year}: one combined service for the partners")
    for name in ("function", "β", "95% interval", "R²", "organisations", "scale saving"):
        t.add_column(name, justify="left" if name == "function" else "right")
    for r in scale.table.iter_rows(named=True):
        if r["beta"] is None:
            t.add_row(r["function_label"], "no fit", "", "", "", "")
            continue
        low, high, r2 = r["beta_low"], r["beta_high"], r["r_squared"]
        t.add_row(
            r["function_label"],
            format_number(r["beta"], 2),
            "" if low is None else f"{format_number(low, 2)} to {format_number(high, 2)}",
            "" if r2 is None else format_number(r2, 2),
            str(r["n"]),
            _money(r["scale_saving"]),
        )
    out_console.print(t)


_money = format_pounds


def _year(v: int | None) -> str:
    return "not within the horizon" if v is None else f"year {v}"


def _summary(ev: Evaluation) -> None:
    case = ev.case
    out = machine_output(ev)
    functions = ", ".join(function_label(f.code) for f in case.functions)
    out_console.print(
        f"[bold]{plan_model_label(case.option.model)}[/] for {functions}: "
        f"{case.horizon} years at {format_pct(100 * case.discount_rate, 1)}"
    )
    head = Table(title="The business case")
    head.add_column("figure")
    head.add_column("value", justify="right")
    head.add_row("Net present value", _money(out["npv"]))
    head.add_row("Payback", _year(out["payback_year"]))
    head.add_row("Discounted payback", _year(out["discounted_payback_year"]))
    roi = out["roi"]
    head.add_row("Return on investment", "no one-off costs" if roi is None else f"{roi:.2f}")
    head.add_row("Run-rate saving a year", _money(out["run_rate_saving"]))
    out_console.print(head)

    years = Table(title="Cash flows (£)")
    for name in ("year", "benefit", "one-off", "recurring", "fee", "net", "cumulative"):
        years.add_column(name, justify="right")
    for y in out["years"]:
        years.add_row(
            str(y["t"]),
            *(
                format_money(y[k])
                for k in ("benefit", "one_off", "recurring", "fee", "net", "cumulative")
            ),
        )
    out_console.print(years)

    ways = Table(title="Sequencing: the same case phased two ways")
    ways.add_column("phasing")
    ways.add_column("NPV", justify="right")
    ways.add_column("payback", justify="right")
    for seq in sequencings(case)[1:]:
        ways.add_row(plan_phasing_label(seq.sequencing), _money(seq.npv), _year(seq.payback_year))
    out_console.print(ways)

    if ev.tornado:
        t = Table(title="Tornado: NPV with each uncertain figure at its low and high")
        t.add_column("figure")
        t.add_column("NPV at low", justify="right")
        t.add_column("NPV at high", justify="right")
        for b in ev.tornado:
            t.add_row(plan_parameter_label(b.parameter), _money(b.npv_low), _money(b.npv_high))
        out_console.print(t)
    if (mc := ev.monte_carlo) is not None:
        m = Table(title=f"Monte Carlo: {mc.draws:,} draws (seed {mc.seed})")
        m.add_column("figure")
        m.add_column("value", justify="right")
        m.add_row("Mean NPV", _money(mc.mean))
        m.add_row("P10 / P50 / P90 NPV", " / ".join(_money(x) for x in (mc.p10, mc.p50, mc.p90)))
        m.add_row("Chance NPV is positive", format_pct(100 * mc.p_npv_positive, 1))
        m.add_row("Chance of payback within 3 years", format_pct(100 * mc.p_payback_within_3, 1))
        out_console.print(m)
    if (ap := ev.appraisal) is not None:
        a = Table(title="Option appraisal against the design principles")
        a.add_column("option")
        a.add_column("score", justify="right")
        a.add_column("rank", justify="right")
        for o, score in ap.scores.items():
            a.add_row(plan_model_label(o), format_number(score, 2), str(ap.ranks[o]))
        out_console.print(a)
        w = Table(title=f"Weights over which {plan_model_label(ap.top)} stays top")
        w.add_column("principle")
        w.add_column("weight", justify="right")
        w.add_column("stays top from", justify="right")
        w.add_column("to", justify="right")
        w.add_column("discriminates")
        for c, (lo, hi) in ap.weight_intervals.items():
            w.add_row(
                c,
                format_number(ap.weights[c], 3),
                format_number(lo, 3),
                format_number(hi, 3),
                "no" if c in ap.not_discriminating else "yes",
            )
        out_console.print(w)
    if (gs := ev.gain_share) is not None:
        g = Table(title="Gain share")
        g.add_column("partner")
        g.add_column("key", justify="right")
        g.add_column("NPV", justify="right")
        g.add_column("one-off", justify="right")
        g.add_column("exit charge", justify="right")
        exits = {x.org_code: x.exit_charge for x in gs.leave}
        for p in gs.partners:
            g.add_row(
                p.org_code,
                format_number(p.key, 3),
                _money(p.npv),
                _money(p.one_off),
                _money(exits[p.org_code]),
            )
        out_console.print(g)
        for j in gs.join:
            total = sum(j.charge_change.values())
            out_console.print(
                f"If {j.org_code} joins, the partners' charges change by {_money(total)} a year."
            )


# --- the consortium baseline, a new case, the optimiser -------------------------------------

FootprintOpt = Annotated[
    str | None, typer.Option("--footprint", help="The footprint (as named in the register).")
]
OrgsOpt = Annotated[
    str | None, typer.Option("--orgs", help="Organisation codes, comma-separated: A,B,C.")
]
YearOpt = Annotated[str, typer.Option("--year", help="Financial year, e.g. 2016/17.")]


def _consortium(
    footprint: str | None, orgs: str | None, year: str
) -> tuple[str, ConsortiumBaseline, Benchmark]:
    """The named consortium's baseline from the store's current figures (a clear error for an
    unknown footprint, organisation or year)."""
    if (footprint is None) == (orgs is None):
        raise usage_error("Give either --footprint or --orgs (one of them).")
    codes = None if orgs is None else [c for c in orgs.split(",") if c.strip()]
    if codes == []:
        raise usage_error("--orgs names no organisation.")
    with open_store() as store:
        engine = load_engine(store)
        found = store.rounds.of_year(year)
    classes = found.definition.process_classes if found is not None else PROCESS_CLASSES
    try:
        name, baseline = named_consortium(
            engine, year, classes, footprint=footprint, org_codes=codes
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if baseline.employees_from_fte:
        err_console.print(
            "Warning: employees missing; counted by total FTE for "
            + ", ".join(baseline.employees_from_fte),
            soft_wrap=True,
            markup=False,
        )
    if baseline.not_responding:
        err_console.print(
            f"Note: no return for {year} from " + ", ".join(baseline.not_responding),
            soft_wrap=True,
            markup=False,
        )
    return name, baseline, engine


def _scale(engine: Benchmark, baseline: ConsortiumBaseline) -> dict[str, dict[str, object]]:
    fits = scale_fits(engine.totals(baseline.year), engine.finance)
    turnover = baseline.partners["turnover"].to_list()
    table = consortium_scale(fits, baseline.year, turnover)
    return {row["function"]: row for row in table.iter_rows(named=True)}


@plan_app.command("baseline")
def baseline(
    year: YearOpt,
    footprint: FootprintOpt = None,
    orgs: OrgsOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the CSV to FILE.")] = None,
    table: Annotated[
        bool, typer.Option("--table", help="Print tables for people instead of the CSV.")
    ] = False,
) -> None:
    """A consortium's baseline (planning methods §1, §2) with the economies of scale: a machine
    CSV (docs/commands.md), or tables for people with --table."""
    _, base, engine = _consortium(footprint, orgs, year)
    scale = _scale(engine, base)
    fits = scale_fits(engine.totals(year), engine.finance)
    ratios = size_adjusted(engine.totals(year), engine.finance, fits).filter(
        pl.col("org_code").is_in(list(base.partner_codes))
    )
    if table:
        _baseline_tables(base, scale)
        return
    with output_stream(out) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(BASELINE_CSV_COLUMNS)
        for row in baseline_rows(base, scale, ratios):
            writer.writerow([format_value(v) for v in row])


def _baseline_tables(base: ConsortiumBaseline, scale: dict[str, dict[str, object]]) -> None:
    employees = "unknown" if base.employees is None else format_number(base.employees, 0)
    out_console.print(
        f"[bold]{len(base.partner_codes)} partners[/] in {base.year}: {employees} employees "
        f"({'no scale test' if base.scale is None else scale_label(base.scale)})"
    )
    t = Table(title="Baseline by function (£)")
    for name in (
        "function",
        "cost",
        "FTE",
        "shared",
        "transactional",
        "operational",
        "strategic",
        "scale β",
        "scale saving",
    ):
        t.add_column(name, justify="left" if name == "function" else "right")
    for row in base.functions.iter_rows(named=True):
        fit = scale.get(row["function"], {})
        beta, saving = fit.get("beta"), fit.get("scale_saving")
        t.add_row(
            function_label(row["function"]),
            format_money(row["cost"]),
            format_number(row["fte"], 1),
            "" if row["shared"] is None else format_money(row["shared"]),
            format_money(row["transactional"]),
            format_money(row["operational"]),
            format_money(row["strategic"]),
            "" if not isinstance(beta, float) else format_number(beta, 2),
            "" if not isinstance(saving, float) else _money(saving),
        )
    out_console.print(t)
    p = Table(title="Partners: Carter's test and employees")
    for name in ("organisation", "cost", "% of turnover", "within 7%", "within 6%", "employees"):
        p.add_column(name, justify="left" if name == "organisation" else "right")
    for row in base.partners.iter_rows(named=True):
        pct = row["pct_turnover"]
        p.add_row(
            row["org_code"],
            format_money(row["cost"] or 0.0),
            "" if pct is None else format_pct(pct, 2),
            "yes" if row["within_7"] else "no",
            "yes" if row["within_6"] else "no",
            "" if row["employees"] is None else format_number(row["employees"], 0),
        )
    out_console.print(p)


@plan_app.command("new")
def new(
    year: YearOpt,
    out: Annotated[
        Path, typer.Option("--out", help="The case file to write: CASE.toml or CASE.json.")
    ],
    footprint: FootprintOpt = None,
    orgs: OrgsOpt = None,
) -> None:
    """Write a case made from a consortium's baseline with the default option
    (docs/planning.md), ready for ``plan evaluate`` and for editing."""
    if out.suffix.lower() not in (".toml", ".json"):
        raise usage_error(f"--out must name a .toml or .json file, not {out.name!r}.")
    name, base, _ = _consortium(footprint, orgs, year)
    try:
        document = case_document(base)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    what = f"footprint {name}" if footprint is not None else f"organisations {name}"
    comment = [
        f"A case made by corpbench plan new from the baseline of {what} in {year}:",
        "the default option of docs/planning.md; edit it, then corpbench plan evaluate.",
    ]
    try:
        write_document(document, out, comment)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from exc
    err_console.print(
        f"Wrote {out} ({len(document['functions'])} functions, "
        f"{len(document['partners'])} partners).",
        soft_wrap=True,
        markup=False,
    )


@plan_app.command("optimise")
def optimise_command(
    region: Annotated[str, typer.Option("--region", help="The region (as in the register).")],
    year: YearOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    max_group: Annotated[
        int,
        typer.Option("--max-group", min=1, help="Most organisations of one footprint in a group."),
    ] = DEFAULT_MAX_GROUP,
    max_footprints: Annotated[
        int,
        typer.Option("--max-footprints", min=1, help="Most whole footprints joined in a group."),
    ] = DEFAULT_MAX_FOOTPRINTS,
) -> None:
    """Group a region's organisations into consortia of at least 20,000 employees that together
    save the most under the default option (planning methods §7, HiGHS)."""
    with open_store() as store:
        try:
            result = actions.optimise_region(
                store,
                operator(),
                region=region,
                year=year,
                max_group=max_group,
                max_footprints=max_footprints,
                benchmark=load_engine(store),
            )
        except actions.ActionError as exc:
            raise refused(exc) from exc
    if as_json:
        typer.echo(json.dumps(optimum_output(result), indent=2))
        return
    _optimum_tables(result)


def _optimum_tables(result: Optimum) -> None:
    out_console.print(
        f"[bold]{len(result.groups)} {'consortium' if len(result.groups) == 1 else 'consortia'}"
        f"[/] in {result.region}, {result.year}: "
        f"run-rate saving {_money(result.run_rate_saving)} a year "
        f"(of {result.candidates:,} candidate groups)"
    )
    t = Table(title="Chosen groups")
    for name in ("organisations", "footprints", "employees", "above 20,000", "saving a year"):
        t.add_column(name, justify="left" if name in ("organisations", "footprints") else "right")
    for g in result.groups:
        t.add_row(
            ", ".join(g.org_codes),
            ", ".join(g.footprints),
            format_number(g.employees, 0),
            format_number(g.margin, 0),
            _money(g.run_rate_saving),
        )
    out_console.print(t)
    if result.unassigned:
        out_console.print("In no group: " + ", ".join(result.unassigned), markup=False)
