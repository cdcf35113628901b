"""The FastAPI application: the API router, the pages, vendored static files, and what guards them.

Guards: a body limit (413 before the body is read when Content-Length says so, else as it streams),
security headers on every answer (a Content-Security-Policy that allows no inline script and nothing
from other hosts, nosniff, no framing), and errors as JSON (`{"error": {"status", "message", "code"}}`)
or as an error page, never a stack trace (an unexpected exception is answered by the guard, so a 500
carries the security headers too, and its trace goes to the log).
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ClaimledgerError
from .state import Settings, State

log = logging.getLogger("claimledger.serve")
INTERNAL = "Internal error: the server could not answer this request."
THREADS = 12  # requests handled at once (sync endpoints run in anyio's worker threads)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer")]

# A library error's status: what the client asked for is missing (404), the store is unusable (503),
# else the input was bad (400).
NOT_FOUND = {"E075", "E076", "E087", "E093"}
UNAVAILABLE = {"E060", "E062", "E063", "E064"}


def status_of(error: ClaimledgerError) -> int:
    return 404 if error.code in NOT_FOUND else 503 if error.code in UNAVAILABLE else 400


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: security headers on every response, and the request body limit (413)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _too_large(self.max_body, send_guarded)
            return
        seen = 0

        async def receive_counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, receive_counted, send_guarded)
        except _TooLarge:
            if not started:
                await _too_large(self.max_body, send_guarded)
        except Exception:  # noqa: BLE001: answered here, inside the guard, so a 500 carries the headers too
            log.exception("unexpected error on %s", scope.get("path"))  # the trace goes to the log only
            if not started:
                response = error_response(Request(scope), 500, INTERNAL)
                await response(scope, _nothing, send_guarded)


async def _too_large(limit: int, send: Send) -> None:
    response = JSONResponse({"error": {"status": 413, "message": f"Request body over the limit of {limit:,} bytes."}},
                            status_code=413)
    await response({"type": "http"}, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, code: str | None = None,
                   headers: Mapping[str, str] | None = None) -> Response:
    if _wants_html(request):
        from .pages import error_page

        return error_page(request, status, message)
    body: dict[str, Any] = {"status": status, "message": message}
    if code:
        body["code"] = code
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ClaimledgerError)
    async def _ours(request: Request, error: ClaimledgerError) -> Response:
        return error_response(request, status_of(error), str(error), error.code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "Request refused."
        return error_response(request, error.status_code, message, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
                             for e in error.errors()[:5])
        return error_response(request, 422, f"Invalid request: {problems}"[:1000])



SETTINGS_ENV = "CLAIMLEDGER_SERVE_SETTINGS"  # how `serve --workers N` hands its settings to each worker


def from_environment() -> FastAPI:
    """The app of one uvicorn worker process of `claimledger serve --workers N`: the settings come from
    SETTINGS_ENV (JSON: db, max_body) and the token from CLAIMLEDGER_TOKEN, never from a command line."""
    raw = json.loads(os.environ[SETTINGS_ENV])
    return create_app(Settings(db=str(raw["db"]), token=os.environ.get("CLAIMLEDGER_TOKEN") or None,
                               max_body=int(raw["max_body"])))


def check_store(settings: Settings) -> None:
    """Open (and with settings.create, create) the store once, so a bad URL fails before workers start."""
    State(settings).close()


def create_app(settings: Settings) -> FastAPI:
    """The application for `settings` (the store is opened now: a bad URL fails here, not on a request)."""
    state = State(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Fewer threads than the store's connection pool (5 + 10 overflow): with anyio's default of 40, 200
        # clients at once made requests wait 30 s for a connection and fail (bench/serve_load.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield
        state.close()

    app = FastAPI(title="claimledger", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
                  description="Who said what, on whose authority, asserting, denying or hedging: the claim "
                              "ledger of stored news articles. Writes need `Authorization: Bearer TOKEN` "
                              "(the server's CLAIMLEDGER_TOKEN).")
    app.state.claimledger = state
    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _install_errors(app)
    app.add_middleware(Guard, max_body=settings.max_body)
    return app


__all__ = ["CSP", "SETTINGS_ENV", "check_store", "create_app", "error_response", "from_environment", "status_of"]
