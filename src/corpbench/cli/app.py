"""The Typer application: wires each verb to its module."""

from __future__ import annotations

import typer

from corpbench.cli import export, load, people, register, web

app = typer.Typer(
    name="corpbench",
    help="Benchmark the cost of NHS corporate services: load returns, export figures, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("load")(load.load)
app.command("history")(register.history)
app.command("template")(register.template)
app.command("demo")(register.demo)
app.add_typer(register.peers_app, name="peers")
app.add_typer(export.export_app, name="export")
app.command("report")(people.report)
app.command("summary")(people.summary)
app.command("serve")(web.serve)
app.command("publish")(web.publish)
app.add_typer(web.user_app, name="user")
app.add_typer(web.token_app, name="token")
