"""Site settings (owner only): required fields, moderation policy, thresholds, edit window,
allowed origins, retention, the webhook (with its signing secret and its delivery failures),
and e-mail (the moderator address, reply notifications, and mail that could not be sent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.domain import ModerationPolicy, ModeratorMail, RequiredField
from rejoinder.errors import RejoinderError
from rejoinder.i18n.dashboard import dashboard_text
from rejoinder.services.webhooks import webhook_secret
from rejoinder.web.admin.forms import parse_site_settings
from rejoinder.web.admin.security import AdminRoute, OwnerCsrfSession, OwnerSession, RowId, services_of
from rejoinder.web.admin.templating import render
from rejoinder.web.errors import status_of

router = APIRouter(route_class=AdminRoute)

POLICIES = {
    ModerationPolicy.PUBLISH_HAM: dashboard_text("Publish comments the filter calls ham at once"),
    ModerationPolicy.HOLD_FIRST_TIME: dashboard_text("Hold first-time commenters for a moderator"),
    ModerationPolicy.HOLD_ALL: dashboard_text("Hold every comment for a moderator"),
}

MODERATOR_MAIL_CHOICES = (
    (ModeratorMail.HELD.value, dashboard_text("comments held for moderation")),
    (ModeratorMail.ALL.value, dashboard_text("every new comment (never spam)")),
    (ModeratorMail.OFF.value, dashboard_text("nothing")),
)


@router.get("/admin/sites")
async def sites_page(request: Request, session: OwnerSession) -> Response:
    return await _page(request, None, "", 200)


@router.post("/admin/sites/{site_id}/settings")
async def save_settings(request: Request, site_id: RowId, session: OwnerCsrfSession) -> Response:
    services = services_of(request)
    site = await services.store.get_site(site_id)
    form = await request.form()
    try:
        settings = parse_site_settings(form, site.settings)
        await services.moderation.update_site_settings(session.moderator.name, site_id, settings)
    except RejoinderError as exc:
        return await _page(request, site_id, exc.message, status_of(exc))
    return RedirectResponse(f"/admin/sites#site-{site_id}", status_code=303)


async def _page(request: Request, error_site: int | None, error: str, status: int) -> Response:
    services = services_of(request)
    sites = await services.store.list_sites()
    context = {
        "sites": sites,
        "webhooks": {
            site.id: {
                "secret": webhook_secret(services.settings.secret_key, site.id),
                "failures": await services.store.webhook_failures(site.id),
            }
            for site in sites
            if site.settings.webhook_url
        },
        "mail": {
            "enabled": services.settings.mail_enabled,
            "choices": MODERATOR_MAIL_CHOICES,
            "problems": {
                site.id: await services.store.mail_problems(site.id, datetime.now(UTC) - timedelta(days=7))
                for site in sites
                if site.settings.moderator_email or site.settings.reply_notifications
            },
        },
        "policies": POLICIES,
        "required_fields": list(RequiredField),
        "error_site": error_site,
        "error": error,
    }
    return render(request, "sites.html", context, status_code=status)
