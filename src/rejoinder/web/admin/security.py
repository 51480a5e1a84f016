"""The dashboard's guard: sessions from the cookie, CSRF on every POST, roles, and safe headers.

Every admin route is built with ``AdminRoute``, which adds the security headers to every answer
(errors included) and turns the typed exceptions into HTML pages: a visitor without a session
is sent to the login page (GET) or refused with 403 (anything else).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from python_multipart.exceptions import FormParserError

from rejoinder.errors import Forbidden, RateLimited, RejoinderError
from rejoinder.i18n.dashboard import dashboard_text
from rejoinder.services.auth import SESSION_LIFETIME, AuthService
from rejoinder.storage.base import AdminSession
from rejoinder.web.admin.templating import render
from rejoinder.web.errors import status_of

SESSION_COOKIE = "rejoinder_admin"
LOGIN_COOKIE = "rejoinder_login"  # double-submit token for the login form, which has no session yet
COOKIE_PATH = "/admin"
UNREADABLE_FORM = dashboard_text(
    "The form could not be read: send it as application/x-www-form-urlencoded "
    "or as well-formed multipart/form-data."
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class NotLoggedIn(Forbidden):
    """No live session: the login page for a GET, 403 for anything else."""

    code = "not_logged_in"


def services_of(request: Request) -> Any:
    return request.app.state.services


def auth_of(request: Request) -> AuthService:
    auth: AuthService = services_of(request).auth
    return auth


async def current_session(request: Request) -> AdminSession:
    """The FastAPI dependency of every protected page."""
    session = await auth_of(request).session(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotLoggedIn("log in first")
    request.state.admin_session = session
    return session


async def csrf_session(request: Request) -> AdminSession:
    """For state changes: a session AND the session's CSRF token in the form."""
    session = await current_session(request)
    form = await request.form()
    token = form.get("csrf")
    AuthService.check_csrf(session, token if isinstance(token, str) else None)
    return session


async def owner_session(request: Request) -> AdminSession:
    session = await current_session(request)
    AuthService.require_owner(session)
    return session


async def owner_csrf_session(request: Request) -> AdminSession:
    session = await csrf_session(request)
    AuthService.require_owner(session)
    return session


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    settings = services_of(request).settings
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=bool(settings.secure_cookies),
    )


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    set_cookie(request, response, SESSION_COOKIE, token, int(SESSION_LIFETIME.total_seconds()))


def clear_session_cookie(request: Request, response: Response) -> None:
    set_cookie(request, response, SESSION_COOKIE, "", 0)


def safe_next(target: str | None, default: str = "/admin/comments") -> str:
    """Only a local dashboard path may be a redirect target (no open redirect)."""
    if not target or not target.startswith("/admin") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target


class AdminRoute(APIRoute):
    """An ``APIRoute`` whose every answer carries the security headers and whose errors are HTML."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                response = await handler(request)
            except NotLoggedIn:
                if request.method in ("GET", "HEAD"):
                    target = quote(request.url.path + ("?" + request.url.query if request.url.query else ""))
                    response = RedirectResponse(f"/admin/login?next={target}", status_code=303)
                else:
                    response = error_page(
                        request, 403, dashboard_text("Log in first: this action needs a session.")
                    )
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {}
                where = ".".join(str(p) for p in first.get("loc", ()))
                response = error_page(request, 400, f"{where}: {first.get('msg', 'malformed request')}")
            except FormParserError:  # a body that is not what its Content-Type says (Starlette lets it out)
                response = error_page(request, 400, UNREADABLE_FORM)
            except RejoinderError as exc:
                response = error_page(request, status_of(exc), exc.message)
                if isinstance(exc, RateLimited):
                    response.headers["Retry-After"] = str(exc.retry_after)
            response.headers.update(SECURITY_HEADERS)
            return response

        return guarded


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


# A row id in a dashboard path: past a 64-bit integer no database can look it up, so it is a 400.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]

# Route parameters: ``session: Session`` on a page, ``CsrfSession`` on a form post, and the owner forms.
Session = Annotated[AdminSession, Depends(current_session)]
CsrfSession = Annotated[AdminSession, Depends(csrf_session)]
OwnerSession = Annotated[AdminSession, Depends(owner_session)]
OwnerCsrfSession = Annotated[AdminSession, Depends(owner_csrf_session)]
