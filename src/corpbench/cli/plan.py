"""``corpbench plan evaluate``: the business case of a case file (docs/planning.md).

Evaluating a file reads it and computes; it stores nothing, so it is a reading door over the
library (``corpbench.plan``) like ``report`` and ``summary``, not an action.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpbench.cli.common import err_console, fail, out_console
from corpbench.formatting import format_money, format_number, format_pct
from corpbench.plan import CaseInvalid, Evaluation, evaluate_plan, machine_output, read_case
from corpbench.plan.engine import evaluate_case, in_sequence, share_first
from corpbench.standard.labels import function_label, plan_model_label, plan_parameter_label

plan_app = typer.Typer(
    help="Shared-service business cases (docs/planning.md).", no_args_is_help=True
)


@plan_app.command("evaluate")
def evaluate(
    case_file: Annotated[
        Path, typer.Argument(metavar="CASE", help="The case: a .json or .toml file.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print planning methods §8's JSON object.")
    ] = False,
) -> None:
    """Evaluate a case: yearly cash flows, NPV, payback, ROI, tornado, Monte Carlo, option
    appraisal and gain share. A case with errors prints every one with its path (exit 1)."""
    try:
        case = read_case(case_file)
    except CaseInvalid as exc:
        n = len(exc.errors)
        exit_ = fail(f"{case_file.name} is not a valid case: {n} error{'s' if n != 1 else ''}.")
        for error in exc.errors:
            err_console.print(f"  {error}", soft_wrap=True, markup=False)
        raise exit_ from exc
    ev = evaluate_plan(case)
    if as_json:
        typer.echo(json.dumps(machine_output(ev), indent=2))
        return
    _summary(ev)


def _money(v: float | None) -> str:
    if v is None:
        return ""
    return f"−£{format_money(-v)}" if v < 0 else f"£{format_money(v)}"


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
    for label, variant in (
        ("simplify → standardise → share", in_sequence(case)),
        ("share first", share_first(case)),
    ):
        f = evaluate_case(variant)
        pb = float(f.payback_year[0])
        ways.add_row(label, _money(float(f.npv[0])), _year(None if math.isnan(pb) else int(pb)))
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
