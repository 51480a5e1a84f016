"""The queues (pending, spam, approved, deleted), their filters, and the actions on comments.

Everything works without JavaScript: the list is one form; each comment's buttons submit
``act=ACTION:ID`` and the toolbar's buttons apply ``action`` to the ticked ``ids``. After an
action the browser is sent back (303) to the page it came from, where the undo bar offers to
revert it. ``static/admin.js`` only adds keyboard shortcuts and "select all" on top.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.domain import CommentStatus
from rejoinder.errors import ValidationError
from rejoinder.i18n.dashboard import dashboard_text
from rejoinder.services.moderation import Action
from rejoinder.web.admin.forms import PAGE_SIZE, parse_ids, parse_queue
from rejoinder.web.admin.security import AdminRoute, CsrfSession, RowId, Session, safe_next, services_of
from rejoinder.web.admin.templating import render

router = APIRouter(route_class=AdminRoute)

ACTIONS_BY_STATUS = {
    CommentStatus.PENDING: (Action.APPROVE, Action.SPAM, Action.DELETE),
    CommentStatus.APPROVED: (Action.SPAM, Action.DELETE),
    CommentStatus.SPAM: (Action.APPROVE, Action.DELETE),
    CommentStatus.DELETED: (Action.RESTORE,),
}
LABELS = {
    Action.APPROVE: dashboard_text("Approve"),
    Action.SPAM: dashboard_text("Spam"),
    Action.DELETE: dashboard_text("Delete"),
    Action.RESTORE: dashboard_text("Restore"),
}
KEYS = {Action.APPROVE: "a", Action.SPAM: "s", Action.DELETE: "d", Action.RESTORE: "r"}


@router.get("/admin")
@router.get("/admin/")
async def home(session: Session) -> Response:
    return RedirectResponse("/admin/comments", status_code=303)


@router.get("/admin/comments")
async def queue(request: Request, session: Session) -> Response:
    services = services_of(request)
    query = parse_queue(request.query_params)
    page = await services.store.search_comments(query.to_filter())
    counts = await services.store.count_by_status(query.site)
    sites = {s.id: s for s in await services.store.list_sites()}
    thread = await services.store.get_thread_by_id(query.thread) if query.thread else None
    last = await services.moderation.last_action(session.moderator.name)
    reports = await services.store.reports_of([c.id for c, _ in page.items])
    pages = max(1, -(-page.total // PAGE_SIZE))
    context = {
        "query": query,
        "page": page,
        "pages": pages,
        "counts": {s: counts.get(s, 0) for s in CommentStatus},
        "statuses": list(CommentStatus),
        "sites": sites,
        "thread": thread,
        "last": last,
        "actions": ACTIONS_BY_STATUS[query.status],
        "labels": LABELS,
        "keys": KEYS,
        "reports": reports,
        "here": query.url(),
    }
    return render(request, "queue.html", context)


@router.post("/admin/comments/action")
async def act(request: Request, session: CsrfSession) -> Response:
    """One comment (``act=approve:12``), or the ticked ones (``action=approve`` + ``ids``)."""
    form = await request.form()
    services = services_of(request)
    one = str(form.get("act", ""))
    if one:
        action, _, raw_id = one.partition(":")
        ids = parse_ids([raw_id])
    else:
        action = str(form.get("action", ""))
        ids = parse_ids([str(v) for v in form.getlist("ids")])
    if action == Action.REPLY:
        if len(ids) != 1:
            raise ValidationError(dashboard_text("ids: reply to one comment at a time"), field="ids")
        text = str(form.get(f"reply_{ids[0]}", ""))
        await services.moderation.reply_as_site(session.moderator.name, ids[0], text)
    else:
        await services.moderation.act(session.moderator.name, action, ids)
    return RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)


@router.post("/admin/undo")
async def undo(request: Request, session: CsrfSession) -> Response:
    form = await request.form()
    await services_of(request).moderation.undo(session.moderator.name)
    return RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)


@router.post("/admin/threads/{thread_id}/close")
async def close_thread(request: Request, thread_id: RowId, session: CsrfSession) -> Response:
    return await _set_closed(request, thread_id, session.moderator.name, True)


@router.post("/admin/threads/{thread_id}/reopen")
async def reopen_thread(request: Request, thread_id: RowId, session: CsrfSession) -> Response:
    return await _set_closed(request, thread_id, session.moderator.name, False)


async def _set_closed(request: Request, thread_id: int, actor: str, closed: bool) -> Response:
    form = await request.form()
    await services_of(request).moderation.set_thread_closed(actor, thread_id, closed)
    default = f"/admin/comments?thread={thread_id}"
    return RedirectResponse(safe_next(str(form.get("next", "")), default), status_code=303)
