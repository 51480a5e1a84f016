"""The moderation dashboard at ``/admin``: server-rendered pages, a small script for the keyboard.

login.py    log in / log out (the only pages, with static/, reachable without a session)
queue.py    the queues, filters, comment actions, undo, closing threads
bans.py     bans on e-mail, domain, IP network, name pattern
sites.py    site settings (owner)
people.py   moderators and the audit log (owner)
stats.py    statistics as inline SVG charts (charts.py)
security.py sessions, CSRF, roles, security headers, HTML errors
"""

from fastapi import APIRouter

from rejoinder.web.admin import bans, login, people, queue, sites, static, stats

router = APIRouter()
for module in (login, queue, bans, sites, people, stats, static):
    router.include_router(module.router)

__all__ = ["router"]
