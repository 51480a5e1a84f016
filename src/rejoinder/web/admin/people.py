"""Moderators and the audit log (owner only): who may moderate, and who did what, when."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.domain import Moderator, Role
from rejoinder.errors import NotFound, RejoinderError
from rejoinder.web.admin.forms import enum_field, optional_int
from rejoinder.web.admin.security import (
    AdminRoute,
    OwnerCsrfSession,
    OwnerSession,
    RowId,
    auth_of,
    services_of,
)
from rejoinder.web.admin.templating import render
from rejoinder.web.errors import status_of

router = APIRouter(route_class=AdminRoute)
AUDIT_PAGE = 100


@router.get("/admin/moderators")
async def moderators_page(request: Request, session: OwnerSession) -> Response:
    return await _page(request, "", 200)


@router.post("/admin/moderators")
async def add_moderator(request: Request, session: OwnerCsrfSession) -> Response:
    form = await request.form()
    name = str(form.get("name", "")).strip()
    try:
        role = enum_field(Role, str(form.get("role", "")), "role")
        password = str(form.get("password", ""))
        await auth_of(request).add_moderator(name, password, role, actor=session.moderator.name)
    except RejoinderError as exc:
        return await _page(request, exc.message, status_of(exc))
    return RedirectResponse("/admin/moderators", status_code=303)


@router.get("/admin/moderators/{moderator_id}/remove")
async def confirm_removal(request: Request, moderator_id: RowId, session: OwnerSession) -> Response:
    """A page of its own to confirm on: the dashboard runs no inline script, so no confirm() box."""
    moderator = await _moderator(request, moderator_id)
    return render(
        request,
        "remove_moderator.html",
        {"moderator": moderator, "self": moderator.id == session.moderator.id},
    )


@router.post("/admin/moderators/{moderator_id}/remove")
async def remove_moderator(request: Request, moderator_id: RowId, session: OwnerCsrfSession) -> Response:
    moderator = await _moderator(request, moderator_id)
    try:
        await auth_of(request).remove_moderator(moderator.name, actor=session.moderator.name)
    except RejoinderError as exc:
        return await _page(request, exc.message, status_of(exc))
    return RedirectResponse("/admin/moderators", status_code=303)


@router.get("/admin/audit")
async def audit_page(request: Request, session: OwnerSession) -> Response:
    page = optional_int(request.query_params.get("page", ""), "page") or 1
    entries = await services_of(request).moderation.audit(limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    return render(request, "audit.html", {"entries": entries, "page_number": page, "page_size": AUDIT_PAGE})


async def _page(request: Request, error: str, status: int) -> Response:
    context = {"moderators": await auth_of(request).list_moderators(), "roles": list(Role), "error": error}
    return render(request, "moderators.html", context, status_code=status)


async def _moderator(request: Request, moderator_id: int) -> Moderator:
    for moderator in await auth_of(request).list_moderators():
        if moderator.id == moderator_id:
            return moderator
    raise NotFound(f"no moderator with id {moderator_id}; were they removed already?", field="moderator_id")
