"""Moderators and the audit log (owner only): who may moderate, and who did what, when."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.domain import Role
from rejoinder.errors import RejoinderError
from rejoinder.web.admin.forms import enum_field, optional_int
from rejoinder.web.admin.security import AdminRoute, OwnerCsrfSession, OwnerSession, auth_of, services_of
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


@router.get("/admin/audit")
async def audit_page(request: Request, session: OwnerSession) -> Response:
    page = optional_int(request.query_params.get("page", ""), "page") or 1
    entries = await services_of(request).moderation.audit(limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    return render(request, "audit.html", {"entries": entries, "page_number": page, "page_size": AUDIT_PAGE})


async def _page(request: Request, error: str, status: int) -> Response:
    context = {"moderators": await auth_of(request).list_moderators(), "roles": list(Role), "error": error}
    return render(request, "moderators.html", context, status_code=status)
