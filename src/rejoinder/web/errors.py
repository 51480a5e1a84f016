"""One error shape on the wire: ``{"error": {"code", "message", "field"}}``, for every JSON endpoint.

Typed exceptions from ``rejoinder.errors`` map to their status here, once, and their message is
said in the reader's language when it has a translation (``rejoinder.i18n``); FastAPI's own
request-validation errors are rewritten to the same shape so a client learns which field to fix.
Nothing here answers 500 for bad input: an unexpected exception is logged (without secrets) and
answered as 500 only if it is truly our fault.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rejoinder import errors
from rejoinder.i18n import localise
from rejoinder.web.language import reader_language

STATUS: dict[type[errors.RejoinderError], int] = {
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.ValidationError: 400,
    errors.PayloadTooLarge: 413,
    errors.Forbidden: 403,
    errors.ThreadClosed: 403,
    errors.RateLimited: 429,
}


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def status_of(exc: errors.RejoinderError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.RejoinderError)
    async def _rejoinder_error(request: Request, exc: errors.RejoinderError) -> JSONResponse:
        headers = {}
        if isinstance(exc, errors.RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        message = localise(exc.message, reader_language(request))
        return JSONResponse(
            error_body(exc.code, message, exc.field), status_code=status_of(exc), headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return JSONResponse(error_body("invalid_json", "The body is not valid JSON."), status_code=400)
        loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or None
        message = str(first.get("msg", "the request is malformed"))
        if field:
            message = f"{field}: {message}"
        return JSONResponse(error_body("invalid", message, field), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "error")
        return JSONResponse(
            error_body(code, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
