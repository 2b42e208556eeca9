"""The web app (FastAPI + Jinja2 + htmx): `create_app` assembles the state, the edge and the routers;
everything a page shows comes from the library."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from midcourse.store import Store
from midcourse.text import TextReader
from midcourse.web.render import WEB
from midcourse.web.routes import ROUTERS
from midcourse.web.security import CSP, LOOPBACK_HOSTS, security_headers
from midcourse.web.state import WebState

__all__ = ["CSP", "create_app"]


def create_app(db: str | None = None, client: str | None = None, settings_path: Path | None = None,
               reader: TextReader | None = None, allowed_hosts: list[str] | None = None,
               warm: bool = False, passphrase: str | None = None) -> FastAPI:
    """The app for one database; `allowed_hosts` guards against DNS rebinding (loopback by default);
    `warm` assesses the record once in the background so that the first page is quick."""
    if reader is None:
        from midcourse.text.reader import default_reader

        reader = default_reader()
    state = WebState(Store(db, passphrase=passphrase), client, settings_path, reader)
    app = FastAPI(title="midcourse", version=_version(), docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.midcourse = state
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.middleware("http")(security_headers)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    if warm:
        threading.Thread(target=_warm_up, args=(state,), daemon=True, name="midcourse-warm-up").start()
    return app


def _warm_up(state: WebState) -> None:
    try:
        state.assessment(state.record()[1])
    except Exception as exc:  # noqa: BLE001  (warming is an optimisation; the page will show the error)
        logging.getLogger("midcourse").debug("warm-up failed: %s", exc)


def _version() -> str:
    from midcourse import __version__

    return __version__
