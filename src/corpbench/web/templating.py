"""Jinja2 templates: the app's own, over the NHS design system's components
(nhsuk-frontend-jinja). Autoescaping is on for every template."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    select_autoescape,
)

from corpbench.access import Principal
from corpbench.standard import labels as standard_labels
from corpbench.views import labels
from corpbench.web import formatting
from corpbench.web.addresses import footprint_path
from corpbench.web.auth import CSRF_FIELD, Auth, auth_of
from corpbench.web.errors import NotSignedIn

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def build_environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES_DIR),
                PackageLoader("nhsuk_frontend_jinja", "templates"),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        # the NHS components read optional nested parameters (params.search.action ...)
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = formatting.thousands
    env.filters["millions"] = formatting.millions
    env.filters["pct"] = formatting.pct
    env.filters["number"] = formatting.number
    env.filters["money"] = formatting.money
    env.filters["plan_figure"] = formatting.plan_figure
    # words for the standard's codes (form values, URLs and data attributes keep the codes)
    env.filters["org_type_label"] = labels.org_type_label
    env.filters["grouping_label"] = labels.grouping_label
    env.filters["group_label"] = lambda group, grouping, name=None: labels.group_label(
        grouping, group, name
    )
    env.filters["function_label"] = labels.function_label
    env.filters["plan_model_label"] = standard_labels.plan_model_label
    env.filters["kpi_label"] = labels.kpi_label
    env.filters["method_label"] = labels.method_label
    env.filters["process_label"] = labels.process_label
    env.filters["indicator_label"] = labels.indicator_label
    env.filters["delivery_model_label"] = labels.delivery_model_label
    env.filters["publication_scope_label"] = labels.publication_scope_label
    env.filters["outcome_label"] = standard_labels.outcome_label
    env.filters["message_kind_label"] = standard_labels.message_kind_label
    env.filters["role_label"] = standard_labels.role_label
    env.filters["query_state_label"] = standard_labels.query_state_label
    env.filters["warning_label"] = standard_labels.warning_label
    env.filters["warning_meaning"] = standard_labels.warning_meaning
    return env


ENVIRONMENT = build_environment()


def navigation(principal: Principal | None, path: str) -> list[dict[str, Any]]:
    """The header's navigation for the principal's role."""
    if principal is None:
        return []
    items: list[tuple[str, str]] = []
    if principal.role == "organisation" and principal.org_code:
        items.append(("Benchmark", f"/organisations/{principal.org_code}"))
        items.append(("Submit a return", "/submit"))
        items.append(("Returns", "/returns"))
        items.append(("Queries", "/queries"))
        items.append(("My peers", "/peers"))
        items.append(("Plans", "/plans"))
        items.append(("Programmes", "/programmes"))
        items.append(("Lessons", "/lessons"))
    elif principal.role == "footprint" and principal.footprint:
        items.append(("Footprint", footprint_path(principal.footprint)))
        items.append(("My peers", "/peers"))
        items.append(("Plans", "/plans"))
        items.append(("Programmes", "/programmes"))
        items.append(("Lessons", "/lessons"))
    else:
        items.append(("National", "/national"))
        items.append(("Plans", "/plans"))
        items.append(("Programmes", "/programmes"))
        items.append(("Lessons", "/lessons"))
        items.append(("Returns", "/returns"))
        items.append(("Queries", "/queries"))
        items.append(("Submit", "/submit"))
        items.append(("Users", "/users"))
        items.append(("Rounds", "/rounds"))
        items.append(("Audit log", "/audit"))
    return [
        {
            "text": text,
            "href": href,
            "current": path == unquote(href) or path.startswith(unquote(href) + "/"),
        }
        for text, href in items
    ]


def render_fragment(request: Request, template: str, context: dict[str, Any]) -> str:
    """A fragment template rendered with ``context`` and the principal (no per-request
    values: fragments are cached and shared)."""
    auth = auth_of(request)
    return ENVIRONMENT.get_template(template).render({"principal": auth.principal, **context})


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """The page ``template`` rendered with ``context`` and what every page needs."""
    try:
        auth = auth_of(request)
    except NotSignedIn:  # an error page for a request with a bad bearer token
        auth = Auth(None, None, "")
    principal = auth.principal
    nav = navigation(principal, request.url.path)
    fragments = request.app.state.fragments
    current = next((item["href"] for item in nav if item["current"]), "")
    # the NHS header and footer macros are slow to render: each distinct one is cached
    header_key = ("header", principal, current)
    header_html = fragments.get(
        header_key,
        lambda: ENVIRONMENT.get_template("_header.html").render(
            {"principal": principal, "nav": nav}
        ),
    )
    footer_html = fragments.get(
        ("footer",), lambda: ENVIRONMENT.get_template("_footer.html").render({})
    )
    values: dict[str, Any] = {
        "request": request,
        "principal": principal,
        "csrf_field": CSRF_FIELD,
        "csrf_token": auth.csrf_token,
        "cspNonce": getattr(request.state, "csp_nonce", ""),
        "nav": nav,
        "header_html": header_html,
        "footer_html": footer_html,
        "assetPath": "/static/vendor/nhsuk/assets",
    }
    values.update(context or {})
    html = ENVIRONMENT.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
