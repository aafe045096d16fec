"""Round definitions for national users: the list of rounds with their years, functions and
organisation types, and each round's definition as written, to download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from corpbench.access import Principal
from corpbench.web.attachment import attachment
from corpbench.web.auth import get_store, national_only
from corpbench.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/rounds")
def rounds_page(
    request: Request, principal: Annotated[Principal, Depends(national_only)]
) -> Response:
    return render(request, "rounds.html", {"rounds": get_store(request).rounds.all()})


@router.get("/rounds/{name}.toml")
def round_file(
    request: Request, name: str, principal: Annotated[Principal, Depends(national_only)]
) -> Response:
    found = [r for r in get_store(request).rounds.all() if r.name == name]
    if not found:
        raise HTTPException(status_code=404, detail="no such round")
    return attachment(found[0].text, f"{name}.toml")
