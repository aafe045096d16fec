"""Downloads of an organisation's benchmark: the board PDF, the workbook and the CSV table, for
anyone who may see the organisation, with the figures (and peer names) they may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corpbench import actions
from corpbench.access import Principal
from corpbench.documents.board_pdf import board_pdf
from corpbench.documents.org_workbook import functions_csv, org_workbook
from corpbench.views import OrganisationView, organisation_view
from corpbench.views.scorecard import scorecard_view
from corpbench.views.uncertainty import organisation_interval
from corpbench.web.acting import actor_of
from corpbench.web.attachment import attachment
from corpbench.web.auth import get_store, signed_in
from corpbench.web.benchmark_page import benchmark_with
from corpbench.web.errors import NotFound
from corpbench.web.figures import Figures
from corpbench.web.fragments import FragmentCache
from corpbench.web.scope import (
    MyPeers,
    check_org,
    choose_grouping,
    choose_method,
    figures_for,
    my_peers_of,
    revealed_peers,
)

router = APIRouter(include_in_schema=False)

#: What an organisation's report downloads as.
KINDS = ("pdf", "xlsx", "csv")


def _view(
    request: Request,
    principal: Principal,
    code: str,
    year: str | None,
    grouping: str | None,
    method: str | None,
    view: str | None,
) -> tuple[OrganisationView, Figures, bool | frozenset[str], MyPeers]:
    check_org(request, principal, code)
    figures = figures_for(request, principal, view)
    if figures is None:
        raise NotFound("no figures have been published yet")
    reveal = revealed_peers(request, principal)
    mine = my_peers_of(get_store(request), principal)
    chosen = choose_grouping(figures, grouping, mine)
    try:
        model = organisation_view(
            benchmark_with(figures.benchmark, code, chosen, mine),
            code,
            year or None,
            chosen,
            choose_method(figures, method),
            reveal_peers=reveal,
        )
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    return model, figures, reveal, mine


def _download(
    request: Request,
    principal: Principal,
    code: str,
    kind: str,
    year: str | None,
    grouping: str | None,
    method: str | None,
    view: str | None,
) -> Response:
    model, figures, reveal, mine = _view(request, principal, code, year, grouping, method, view)
    published = figures.as_of.strftime("%d %B %Y") if figures.as_of else None
    draft = figures.label if figures.draft else None
    cache: FragmentCache = request.app.state.downloads
    # the notes on the return travel with it into the PDF and the workbook
    notes = get_store(request).conversation.notes(code, model.year) if kind != "csv" else []
    key = (
        kind,
        figures.key,
        model.code,
        model.year,
        model.grouping,
        model.method,
        reveal,
        mine,
        tuple((n.number, n.version) for n in notes),
    )

    def make() -> bytes:
        if kind == "csv":
            return functions_csv(model).encode("utf-8")
        bench = benchmark_with(figures.benchmark, code, model.grouping, mine)
        card = scorecard_view(bench, code, model.year, model.grouping)
        # the saving's 95% interval (None for a method or grouping without)
        interval = organisation_interval(
            figures.benchmark, model.code, model.year, model.method, model.grouping
        )
        write = board_pdf if kind == "pdf" else org_workbook
        return write(
            model,
            published_date=published,
            draft=draft,
            notes=notes,
            scorecard=card,
            interval=interval,
        )

    data = cache.get_bytes(key, make)
    actions.record_export(
        get_store(request),
        actor_of(request, principal),
        f"{code} report.{kind}",
        {
            "year": model.year,
            "method": model.method,
            "grouping": model.grouping,
            **({"draft": True} if draft else {}),
        },
    )
    stem = f"{code}-{model.year.replace('/', '-')}-{model.method.replace(':', '-')}"
    name = f"{stem}{'-draft' if draft else ''}.{kind}"
    return attachment(data, name)


@router.get("/organisations/{code}/report.{kind}")
def report(
    request: Request,
    code: str,
    kind: str,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
    grouping: str | None = None,
    method: str | None = None,
    view: str | None = None,
) -> Response:
    """``report.pdf`` (the board report), ``report.xlsx`` (the workbook), ``report.csv``."""
    if kind not in KINDS:
        raise NotFound(f"there is no report.{kind}: ask for report.pdf, .xlsx or .csv")
    return _download(request, principal, code, kind, year, grouping, method, view)
