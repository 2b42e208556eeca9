"""The web edge: security headers and the CSRF check of every form post."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

CSRF_COOKIE = "midcourse_csrf"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1", "testserver"]


async def security_headers(request: Request, call_next: Any) -> Response:
    """Give the request its CSRF token and every response the security headers."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf = token
    response: Response = await call_next(request)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the cookie (403 otherwise)."""
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent, cookie):
        raise HTTPException(status_code=403, detail="The form's security token is missing or out of date. "
                                                    "Reload the page and try again.")
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]
