"""Submitting a return: the template, the upload form and the load report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from corpbench.access import Principal
from corpbench.loading import LoadOutcome, load_path
from corpbench.reports.template import write_template
from corpbench.store import StoreError
from corpbench.web.auth import checked_form, client_of, get_store, signed_in, submitter
from corpbench.web.errors import BadRequest, PayloadTooLarge
from corpbench.web.security import mebibytes
from corpbench.web.templating import render
from corpbench.web.uploads import save_uploads

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/template.xlsx")
def template(principal: Annotated[Principal, Depends(signed_in)]) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpbench-return.xlsx"
        write_template(path)
        data = path.read_bytes()
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="corpbench-return.xlsx"'},
    )


@router.get("/submit")
def submit_page(request: Request, principal: Annotated[Principal, Depends(submitter)]) -> Response:
    return render(request, "submit.html", {"max_size": _max_size(request)})


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
    allowed = None if principal.is_national else {principal.org_code or ""}
    with tempfile.TemporaryDirectory(prefix="corpbench-upload-") as folder:
        try:
            saved = await save_uploads(files, Path(folder), settings.max_upload_bytes)
        except (BadRequest, PayloadTooLarge) as exc:
            return render(
                request,
                "submit.html",
                {"max_size": _max_size(request), "form_error": exc.message},
                status_code=exc.status,
            )

        def run() -> LoadOutcome:
            return load_path(
                store,
                saved.path,
                by=principal.email,
                settings=settings,
                allowed_org_codes=allowed,
                source=saved.source,
            )

        try:
            outcome = await run_in_threadpool(run)
            store_error = None
        except StoreError as exc:
            outcome, store_error = None, str(exc)
    client = client_of(request)
    if outcome is None or not outcome.stored:
        n_errors = len(outcome.report.errors) if outcome else 1
        store.audit.record(
            principal.email,
            "upload_rejected",
            saved.source,
            {"errors": n_errors},
            client=client,
        )
        return render(
            request,
            "submit_result.html",
            {"outcome": outcome, "store_error": store_error, "source": saved.source},
            status_code=422,
        )
    result = outcome.result
    assert result is not None
    request.app.state.figures.invalidate()
    store.audit.record(
        principal.email,
        "upload",
        saved.source,
        {
            "load_id": result.load_id,
            "new_return_versions": [
                f"{v.org_code} {v.year} v{v.version}" for v in result.new_return_versions
            ],
            "warnings": len(outcome.report.warnings),
        },
        client=client,
    )
    return render(
        request,
        "submit_result.html",
        {"outcome": outcome, "result": result, "source": saved.source},
    )
