"""The moderator's own choice of language, over what the browser asks for.

A moderator whose browser speaks English but who would rather moderate in German (or the other
way round) picks a language from the menu in the dashboard's header. The choice is a cookie of
this browser (``rejoinder_lang``, like the session: ``/admin`` only, HttpOnly, SameSite=Strict), not
a column of the moderator: it needs no migration, and a language is a property of the person at
this screen rather than of the account. "As the browser asks" removes it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from rejoinder.errors import ValidationError
from rejoinder.i18n import LANGUAGES
from rejoinder.i18n.dashboard import phrase
from rejoinder.web.admin.security import AdminRoute, CsrfSession, safe_next, set_cookie
from rejoinder.web.admin.templating import LANGUAGE_COOKIE

router = APIRouter(route_class=AdminRoute)
A_YEAR = 365 * 24 * 3600


@router.post("/admin/language")
async def choose_language(request: Request, session: CsrfSession) -> Response:
    form = await request.form()
    language = str(form.get("language", ""))
    if language and language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise ValidationError(
            phrase(
                "language: %(raw)s is not one of %(choices)s, or empty",
                raw=repr(language[:40]),
                choices=choices,
            ),
            field="language",
        )
    response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
    set_cookie(request, response, LANGUAGE_COOKIE, language, A_YEAR if language else 0)
    return response
