"""The moderation dashboard at ``/admin``: server-rendered pages, a small script for the keyboard.

login.py    log in / log out (the only pages, with static/, reachable without a session)
queue.py    the queues, filters, comment actions, undo, closing threads
bans.py     bans on e-mail, domain, IP network, name pattern
sites.py    site settings (owner)
people.py   moderators and the audit log (owner)
stats.py    statistics as inline SVG charts (charts.py)
language.py the moderator's choice of language (templating.py negotiates it)
security.py sessions, CSRF, roles, security headers, HTML errors
"""

from fastapi import APIRouter

from rejoinder.errors import NotFound
from rejoinder.i18n.dashboard import phrase
from rejoinder.web.admin import bans, language, login, people, queue, sites, static, stats
from rejoinder.web.admin.security import AdminRoute, CsrfSession, Session

router = APIRouter()
for module in (login, queue, bans, sites, people, stats, language, static):
    router.include_router(module.router)

fallback = APIRouter(route_class=AdminRoute)


@fallback.get("/admin/{rest:path}")
async def page_not_found(rest: str, session: Session) -> None:
    """Any other /admin page: the login page without a session, an HTML 404 with one."""
    raise NotFound(phrase("There is no dashboard page /admin/%(rest)s.", rest=rest))


@fallback.post("/admin/{rest:path}")
async def action_not_found(rest: str, session: CsrfSession) -> None:
    raise NotFound(phrase("There is no dashboard action /admin/%(rest)s.", rest=rest))


router.include_router(fallback)

__all__ = ["router"]
