"""The Typer application: wires each verb to its module."""

from __future__ import annotations

import typer

from corpbench.cli import (
    benefits,
    conversation,
    demo,
    export,
    figures,
    funnel,
    history,
    load,
    peers,
    plan,
    plancases,
    programmes,
    publish,
    review,
    rounds,
    serve,
    spc,
    template,
    tokens,
    users,
)

app = typer.Typer(
    name="corpbench",
    help="Benchmark the cost of NHS corporate services: load returns, export figures, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("load")(load.load)
app.command("history")(history.history)
app.command("template")(template.template)
app.command("demo")(demo.demo)
app.add_typer(peers.peers_app, name="peers")
app.add_typer(export.export_app, name="export")
app.command("report")(figures.report)
app.command("summary")(figures.summary)
app.command("funnel")(funnel.funnel_command)
app.command("serve")(serve.serve)
app.command("spc")(spc.spc)
app.command("publish")(publish.publish)
app.command("review")(review.review)
app.add_typer(users.user_app, name="user")
app.add_typer(tokens.token_app, name="token")
app.add_typer(rounds.round_app, name="round")
app.add_typer(plan.plan_app, name="plan")  # with plancases' commands (save, list, show, retire)
_PLAN_CASES = plancases  # imported for its commands on plan_app
app.add_typer(programmes.programme_app, name="programme")
app.add_typer(programmes.readiness_app, name="readiness")
app.add_typer(programmes.lessons_app, name="lessons")
app.add_typer(benefits.benefits_app, name="benefits")
app.add_typer(conversation.query_app, name="query")
app.add_typer(conversation.note_app, name="note")
