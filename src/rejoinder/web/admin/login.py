"""Logging in and out. The login form has no session yet, so its CSRF token is a double-submit
cookie: a random value set with the form and echoed by it, which another site cannot read."""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.errors import Forbidden, RateLimited
from rejoinder.i18n.dashboard import dashboard_text, phrase
from rejoinder.web.admin.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    AdminRoute,
    CsrfSession,
    auth_of,
    clear_session_cookie,
    safe_next,
    set_cookie,
    set_session_cookie,
)
from rejoinder.web.admin.templating import render

router = APIRouter(route_class=AdminRoute)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


@router.get("/admin/login")
async def login_form(request: Request, next: str = "") -> Response:
    if await auth_of(request).session(request.cookies.get(SESSION_COOKIE)):
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, safe_next(next), "", 200)


@router.post("/admin/login")
async def login(request: Request) -> Response:
    form = await request.form()
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    target = safe_next(str(form.get("next", "")))
    cookie_token = request.cookies.get(LOGIN_COOKIE, "")
    form_token = str(form.get("csrf", ""))
    if not cookie_token or not hmac.compare_digest(cookie_token.encode(), form_token.encode()):
        return _form(request, target, dashboard_text("The form expired; please log in again."), 403)
    if not name or not password:
        return _form(request, target, dashboard_text("Give your name and password."), 400, name)
    try:
        result = await auth_of(request).login(name, password, client_ip(request))
    except Forbidden as exc:
        return _form(request, target, exc.message, 403, name)
    except RateLimited as exc:
        return _locked_out(request, target, name, exc.retry_after)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, result.token)
    set_cookie(request, response, LOGIN_COOKIE, "", 0)
    return response


@router.post("/admin/logout")
async def logout(request: Request, session: CsrfSession) -> Response:
    await auth_of(request).logout(session)
    response = RedirectResponse("/admin/login", status_code=303)
    clear_session_cookie(request, response)
    return response


def _locked_out(request: Request, target: str, name: str, retry_after: int) -> Response:
    """The login form again, with when to try next in the moderator's language (the limiter's
    own sentence is English) and ``Retry-After``. A clock time, not "in N seconds", because it
    stays true while the page is open and needs no plural forms; minutes rounded up, so trying
    at that time is never refused again."""
    until = (datetime.now(UTC) + timedelta(seconds=retry_after + 60)).replace(second=0, microsecond=0)
    sentence = phrase("Too many failed logins. Try again after %(time)s.", time=until.strftime("%H:%M UTC"))
    response = _form(request, target, sentence, 429, name)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _form(request: Request, target: str, error: str, status: int, name: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    context = {"next": target, "error": error, "login_csrf": token, "name": name}
    response = render(request, "login.html", context, status_code=status)
    set_cookie(request, response, LOGIN_COOKIE, token, 3600)
    return response
