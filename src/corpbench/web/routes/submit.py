"""Submitting a return: the template, the upload form and the load report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from corpbench import actions
from corpbench.access import Principal
from corpbench.documents.blank_return import write_blank_return
from corpbench.documents.issue_list import issue_csv
from corpbench.loading import LoadOutcome
from corpbench.standard.rounds import is_financial_year
from corpbench.web.acting import actor_of
from corpbench.web.attachment import attachment
from corpbench.web.auth import checked_form, get_store, signed_in, submitter
from corpbench.web.errors import BadRequest, PayloadTooLarge
from corpbench.web.issue_pages import listing
from corpbench.web.security import mebibytes
from corpbench.web.templating import render
from corpbench.web.uploads import save_uploads

router = APIRouter(include_in_schema=False)


@router.get("/template.xlsx")
def template(
    request: Request,
    principal: Annotated[Principal, Depends(signed_in)],
    year: str | None = None,
) -> Response:
    """The blank return workbook; ``?year=2021/22`` follows the round of that year."""
    definition = None
    name = "corpbench-return.xlsx"
    if year is not None:
        if not is_financial_year(year):
            raise BadRequest("The year must be a financial year such as 2021/22.")
        definition = get_store(request).rounds.by_year().round_of(year)
        name = f"corpbench-return-{year.replace('/', '-')}.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write_blank_return(path, definition=definition)
        data = path.read_bytes()
    return attachment(data, name)


@router.get("/submit")
def submit_page(request: Request, principal: Annotated[Principal, Depends(submitter)]) -> Response:
    return render(request, "submit.html", _submit_context(request))


def _submit_context(request: Request) -> dict[str, object]:
    """What the submit page shows besides the form: the upload limit and the template of each
    year that a round names (``/template.xlsx?year=YYYY/YY``)."""
    rounds = get_store(request).rounds.all()
    years = sorted({(y, r.definition.title) for r in rounds for y in r.definition.years})
    return {"max_size": _max_size(request), "template_years": years}


def _max_size(request: Request) -> str:
    return mebibytes(request.app.state.settings.max_upload_bytes)


@router.post("/submit")
async def submit(
    request: Request,
    principal: Annotated[Principal, Depends(submitter)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    settings = request.app.state.settings
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    store = get_store(request)
    actor = actor_of(request, principal)
    with tempfile.TemporaryDirectory(prefix="corpbench-upload-") as folder:
        try:
            saved = await save_uploads(files, Path(folder), settings.max_upload_bytes)
        except (BadRequest, PayloadTooLarge) as exc:
            return render(
                request,
                "submit.html",
                {**_submit_context(request), "form_error": exc.message},
                status_code=exc.status,
            )

        def run() -> LoadOutcome:
            return actions.load(store, actor, saved.path, settings=settings, source=saved.source)

        try:
            outcome = await run_in_threadpool(run)
            store_error = None
        except actions.ActionError as exc:
            outcome, store_error = None, exc.message
    if outcome is None or not outcome.stored:
        return render(
            request,
            "submit_result.html",
            {"store_error": store_error, "source": saved.source, **_issue_lists(outcome)},
            status_code=422,
        )
    result = outcome.result
    assert result is not None
    request.app.state.figures.invalidate()
    return render(
        request,
        "submit_result.html",
        {"result": result, "source": saved.source, **_issue_lists(outcome)},
    )


def _issue_lists(outcome: LoadOutcome | None) -> dict[str, object]:
    """The errors and warnings of a load as the result page lists them (grouped, then the
    first page of each)."""
    if outcome is None:
        return {"errors": None, "warnings": None, "errors_csv": ""}
    errors, warnings = outcome.report.errors, outcome.report.warnings
    return {
        "errors": listing(errors) if errors else None,
        "warnings": listing(warnings) if warnings else None,
        "errors_csv": _data_url(issue_csv(errors)) if errors else "",
    }


def _data_url(text: str) -> str:
    """``text`` as a ``data:`` address of a CSV file: the errors of a rejected upload (at most
    a few thousand, each cut to a bounded length) download from the page itself, since nothing
    was stored to fetch them from later."""
    return "data:text/csv;charset=utf-8," + quote(text, safe="")
