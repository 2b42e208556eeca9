"""The web app (FastAPI + Jinja2 + htmx): `create_app` assembles the state, the edge and the routers;
everything a page shows comes from the library."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import Scope

from midcourse.store import Store
from midcourse.text import TextReader
from midcourse.web.render import WEB
from midcourse.web.routes import ROUTERS
from midcourse.web.security import CSP, Edge, Guard, Login
from midcourse.web.state import WebState

__all__ = ["CSP", "Login", "create_app"]


class Static(StaticFiles):
    """The app's assets; a path the file system cannot even look up (a NUL byte, an overlong name)
    is simply not found, never a server error."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except (ValueError, OSError):
            raise StarletteHTTPException(404) from None


def create_app(db: str | None = None, client: str | None = None, settings_path: Path | None = None,
               reader: TextReader | None = None, hosts: list[str] | None = None, login: Login | None = None,
               warm: bool = False, passphrase: str | None = None, secret: bytes | None = None) -> FastAPI:
    """The app for one database. Only loopback host names are accepted, plus `hosts` (remote mode,
    which also needs a `login`); `secret` signs the CSRF tokens (default: new at each launch);
    `warm` assesses the record once in the background so that the first page is quick."""
    if reader is None:
        from midcourse.text.reader import default_reader

        reader = default_reader()
    store = Store(db, passphrase=passphrase)
    from midcourse.privacy import protect_cache

    protect_cache(store)  # an encrypted record's words are cached only under its secret
    state = WebState(store, client, settings_path, reader)
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()  # the server stops: let go of the database's connections

    app = FastAPI(title="midcourse", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.midcourse = state
    guard = Guard(hosts, login, secret)
    app.state.guard = guard
    app.add_middleware(Edge, guard=guard)
    app.mount("/static", Static(directory=str(WEB / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _error_page)
    if warm:
        threading.Thread(target=_warm_up, args=(state,), daemon=True, name="midcourse-warm-up").start()
    return app


TITLES = {400: "That did not work", 403: "Not allowed", 404: "Not found", 409: "Not changed",
          413: "Too large", 429: "Please wait"}


async def _error_page(request: Request, exc: Exception) -> Response:
    """Errors as a page for people (with a way back), as JSON for the API and other programs."""
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return await http_exception_handler(request, exc)
    from midcourse.web.render import page

    state: WebState = request.app.state.midcourse
    if not hasattr(request.state, "csrf"):
        return await http_exception_handler(request, exc)
    return page(request, state, "error.html", exc.status_code, title=TITLES.get(exc.status_code, "Error"),
                detail=exc.detail)


def _warm_up(state: WebState) -> None:
    try:
        state.assessment(state.current().record)
    except Exception as exc:  # noqa: BLE001  (warming is an optimisation; the page will show the error)
        logging.getLogger("midcourse").debug("warm-up failed: %s", exc)


def _version() -> str:
    from midcourse import __version__

    return __version__
