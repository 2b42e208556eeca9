"""The passphrase login of remote mode (`serve --allow-remote`), and logging out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse.web.render import templates
from midcourse.web.security import LOOPBACK_HOSTS, CheckedForm, Guard, host_name, session_cookie

router = APIRouter(include_in_schema=False)


def _guard(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


def _next(target: str) -> str:
    """Only a path of this app (never '//elsewhere' or a full URL)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _login_page(request: Request, status_code: int = 200, error: str = "", target: str = "/") -> HTMLResponse:
    plain = not request.state.https and host_name(request.headers.get("host", "")) not in LOOPBACK_HOSTS
    return templates.TemplateResponse(request, "login.html", {
        "csrf": request.state.csrf, "error": error, "next": _next(target), "plain_http": plain,
        "enabled": _guard(request).login is not None}, status_code=status_code)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    login = _guard(request).login
    if login is None or login.valid(request.state.session):
        return RedirectResponse(_next(next), 303)
    return _login_page(request, target=next)


@router.post("/login")
def log_in(request: Request, form: CheckedForm) -> Response:
    login = _guard(request).login
    target = _next(str(form.get("next") or "/"))
    if login is None:
        return RedirectResponse(target, 303)
    address = request.client.host if request.client else "unknown"
    wait = login.wait_seconds(address)
    if wait:
        response = _login_page(request, 429, f"Too many wrong passphrases. Try again in {(wait + 59) // 60} "
                                             "minutes.", target)
        response.headers["Retry-After"] = str(wait)
        return response
    session = login.attempt(address, str(form.get("passphrase") or ""))
    if session is None:
        return _login_page(request, 401, "That is not the passphrase.", target)
    done = RedirectResponse(target, 303)
    done.headers.append("Set-Cookie", session_cookie(request, session))
    return done


@router.post("/logout")
def log_out(request: Request, form: CheckedForm) -> Response:
    login = _guard(request).login
    if login is not None:
        login.logout(request.state.session)
    response = RedirectResponse("/login" if login is not None else "/", 303)
    response.headers.append("Set-Cookie", session_cookie(request, None))
    return response
