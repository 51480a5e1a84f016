"""Bans: an e-mail, a website domain, an IP network or a name pattern, on one site or all.

The spam check reads them (``services.spam_check``): a future comment that matches goes straight
to spam with the ban named first among the reasons.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.domain import BanKind
from rejoinder.errors import RejoinderError
from rejoinder.i18n.dashboard import dashboard_text
from rejoinder.web.admin.forms import enum_field, optional_int
from rejoinder.web.admin.security import AdminRoute, CsrfSession, RowId, Session, services_of
from rejoinder.web.admin.templating import render
from rejoinder.web.errors import status_of

router = APIRouter(route_class=AdminRoute)

KIND_LABELS = {
    BanKind.EMAIL: dashboard_text("E-mail address"),
    BanKind.DOMAIN: dashboard_text("Website domain (and its subdomains)"),
    BanKind.IP_NETWORK: dashboard_text("IP address or network (CIDR)"),
    BanKind.NAME_PATTERN: dashboard_text("Author name pattern (* and ?)"),
}


@router.get("/admin/bans")
async def bans_page(request: Request, session: Session) -> Response:
    params = request.query_params
    prefill = {
        "kind": params.get("kind", ""),
        "value": params.get("value", "")[:500],
        "site": params.get("site", ""),
    }
    return await _page(request, prefill, "", 200)


@router.post("/admin/bans")
async def add_ban(request: Request, session: CsrfSession) -> Response:
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("kind", "value", "site")}
    try:
        kind = enum_field(BanKind, values["kind"], "kind")
        site_id = optional_int(values["site"], "site")
        await services_of(request).moderation.add_ban(session.moderator.name, site_id, kind, values["value"])
    except RejoinderError as exc:
        return await _page(request, values, exc.message, status_of(exc))
    return RedirectResponse("/admin/bans", status_code=303)


@router.post("/admin/bans/{ban_id}/delete")
async def remove_ban(request: Request, ban_id: RowId, session: CsrfSession) -> Response:
    await services_of(request).moderation.remove_ban(session.moderator.name, ban_id)
    return RedirectResponse("/admin/bans", status_code=303)


async def _page(request: Request, prefill: dict[str, str], error: str, status: int) -> Response:
    services = services_of(request)
    context = {
        "bans": await services.moderation.list_bans(),
        "sites": {s.id: s for s in await services.store.list_sites()},
        "kinds": KIND_LABELS,
        "prefill": prefill,
        "error": error,
    }
    return render(request, "bans.html", context, status_code=status)
