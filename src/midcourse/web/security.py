"""The web edge: host allow-list, request-body limit, same-origin check of every unsafe request,
signed CSRF tokens, security headers, and the passphrase login of remote mode.

Why each piece (docs/web.md has the whole story):
- Ports do not separate cookies, so a page on another 127.0.0.1 port can set this app's cookies.
  A token that only had to equal its cookie could be planted that way; ours is an HMAC of the
  browser's cookie under a secret made at each launch, which no other page can compute. Every
  unsafe request must also come from this origin (`Sec-Fetch-Site`, else `Origin`).
- `__Host-` cookies must be `Secure`, which browsers store only from HTTPS (Chromium also from
  loopback, other browsers not always): over HTTPS the cookies are `__Host-`, over plain HTTP they
  keep their plain names, and the signed token and origin check carry the protection.
- The Host allow-list is always on (DNS rebinding): loopback names, plus in remote mode the names
  the user gave; never `*`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData, Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
       "manifest-src 'self'")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A form post of the app is a few kilobytes; a megabyte is far more than a long journal entry needs.
MAX_BODY = 1024 * 1024
CSRF_COOKIE = "midcourse_csrf"
SESSION_COOKIE = "midcourse_session"
SESSION_SECONDS = 12 * 3600
# Login attempts: per client address, and for the whole server (against guessing from many addresses).
FAILURES_PER_ADDRESS = 5
FAILURES_OVERALL = 20
FAILURE_WINDOW_SECONDS = 15 * 60
MIN_PASSPHRASE = 10
FORBIDDEN = ("This request did not come from midcourse's own pages, so it was refused. "
             "Open midcourse in its own tab and try again.")
OUT_OF_DATE = "The form's security token is missing or out of date. Reload the page and try again."


def cookie_name(base: str, https: bool) -> str:
    """`__Host-` names over HTTPS (Secure, path /, no domain); plain names over HTTP."""
    return f"__Host-{base}" if https else base


def host_name(host_header: str) -> str:
    """The host of a Host header, without its port ('[::1]:8765' -> '[::1]')."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def same_origin(headers: Headers, host_header: str) -> bool:
    """Whether an unsafe request comes from this app's own pages: `Sec-Fetch-Site: same-origin`
    where the browser sends it (secure contexts), and an `Origin` naming this host and port."""
    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return site == "same-origin"
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.strip().lower()


@dataclass
class Login:
    """The passphrase login of remote mode: sessions in memory, failed attempts rate-limited."""

    passphrase: str
    clock: Callable[[], float] = time.monotonic
    _salt: bytes = field(default_factory=lambda: secrets.token_bytes(16), repr=False)
    _hash: bytes = field(default=b"", repr=False)
    sessions: dict[str, float] = field(default_factory=dict, repr=False)
    failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    all_failures: deque[float] = field(default_factory=deque, repr=False)

    def __post_init__(self) -> None:
        if len(self.passphrase) < MIN_PASSPHRASE:
            raise ValueError(f"the login passphrase needs at least {MIN_PASSPHRASE} characters")
        self._hash = self._derive(self.passphrase)
        self.passphrase = ""  # only the derived key is kept

    def _derive(self, attempt: str) -> bytes:
        return hashlib.scrypt(attempt.encode("utf-8"), salt=self._salt, n=2**14, r=8, p=1)

    def wait_seconds(self, address: str) -> int:
        """How long this address must wait before trying again (0: it may try now)."""
        now = self.clock()
        for queue in (self.failures.get(address), self.all_failures):
            while queue and now - queue[0] > FAILURE_WINDOW_SECONDS:
                queue.popleft()
        mine = self.failures.get(address) or deque()
        waits = [FAILURE_WINDOW_SECONDS - (now - q[0]) for q, limit in
                 ((mine, FAILURES_PER_ADDRESS), (self.all_failures, FAILURES_OVERALL)) if len(q) >= limit]
        return int(max(waits)) + 1 if waits else 0

    def attempt(self, address: str, passphrase: str) -> str | None:
        """A new session id for the right passphrase, else None (and the failure counts)."""
        if self.wait_seconds(address):
            return None
        if hmac.compare_digest(self._derive(passphrase), self._hash):
            self.failures.pop(address, None)
            session = secrets.token_urlsafe(32)
            self.sessions[session] = self.clock() + SESSION_SECONDS
            return session
        now = self.clock()
        self.failures.setdefault(address, deque()).append(now)
        self.all_failures.append(now)
        return None

    def valid(self, session: str | None) -> bool:
        expiry = self.sessions.get(session or "")
        if expiry is None:
            return False
        if expiry < self.clock():
            self.sessions.pop(session or "", None)
            return False
        return True

    def logout(self, session: str | None) -> None:
        self.sessions.pop(session or "", None)


class Guard:
    """The edge's configuration for one app: the per-launch secret, the accepted host names, the
    login (remote mode only) and the body limit."""

    def __init__(self, hosts: list[str] | None = None, login: Login | None = None, secret: bytes | None = None,
                 max_body: int = MAX_BODY):
        names = [h.strip().lower() for h in (hosts or [])]
        if any(h in ("*", "") or "*" in h for h in names):
            raise ValueError("a wildcard host name would let any site reach the app (DNS rebinding); "
                             "name each host instead")
        self.hosts = frozenset([*LOOPBACK_HOSTS, *names])
        self.login = login
        self.secret = secret or secrets.token_bytes(32)
        self.max_body = max_body

    def token(self, browser: str, session: str | None) -> str:
        """The CSRF token of a browser (and its login session): an HMAC under the launch secret."""
        mac = hmac.new(self.secret, f"csrf|{browser}|{session or ''}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _public(path: str) -> bool:
    """Paths that need no login: the login page itself and the static assets."""
    return path in ("/login", "/favicon.ico") or path.startswith("/static/")


class Edge:
    """ASGI middleware that applies the Guard to every HTTP request."""

    def __init__(self, app: ASGIApp, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = self.guard
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host_name(host) not in guard.hosts:
            await PlainTextResponse(f"Unknown host name '{host_name(host)[:80]}'.", 400)(scope, receive, send)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > guard.max_body):
            await PlainTextResponse(f"The request is too large (more than {guard.max_body // 1024} KB).",
                                    413)(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and not same_origin(headers, host):
            await PlainTextResponse(FORBIDDEN, 403)(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        cookies = cookie_parser(headers.get("cookie", ""))
        browser = cookies.get(cookie_name(CSRF_COOKIE, https), "")
        fresh = not (16 <= len(browser) <= 64 and browser.replace("-", "").replace("_", "").isalnum())
        if fresh:
            browser = secrets.token_urlsafe(32)
        session = cookies.get(cookie_name(SESSION_COOKIE, https))
        if guard.login is not None and not guard.login.valid(session):
            session = None
            path = scope.get("path", "")
            if not _public(path):
                if path.startswith("/api/"):
                    response: Any = PlainTextResponse("Log in first.", 401)
                else:
                    response = RedirectResponse("/login" + (f"?next={path}" if path not in ("/", "") else ""),
                                                303)
                await response(scope, receive, self._sender(send, scope, browser, fresh, https))
                return
        state = scope.setdefault("state", {})
        state["csrf"] = guard.token(browser, session)
        state["session"] = session
        state["https"] = https
        await self.app(scope, self._limited(receive), self._sender(send, scope, browser, fresh, https))

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.guard.max_body

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, f"The request is too large (more than {limit // 1024} KB).")
            return message

        return limited

    def _sender(self, send: Send, scope: Scope, browser: str, fresh: bool, https: bool) -> Send:
        static = str(scope.get("path", "")).startswith("/static/")

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["Content-Security-Policy"] = CSP
                out["X-Content-Type-Options"] = "nosniff"
                out["Referrer-Policy"] = "same-origin"
                out["X-Frame-Options"] = "DENY"
                out["Cross-Origin-Opener-Policy"] = "same-origin"
                out["Cross-Origin-Resource-Policy"] = "same-origin"
                if not static:
                    out["Cache-Control"] = "no-store"
                if fresh:
                    out.append("Set-Cookie", _cookie(cookie_name(CSRF_COOKIE, https), browser, https))
            await send(message)

        return sender


def _cookie(name: str, value: str, https: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if https:
        parts.append("Secure")
    return "; ".join(parts)


def session_cookie(request: Request, session: str | None) -> str:
    """The Set-Cookie value that starts (or, with None, ends) a login session."""
    https = bool(request.state.https)
    return _cookie(cookie_name(SESSION_COOKIE, https), session or "", https,
                   SESSION_SECONDS if session else 0)


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token (403 otherwise)."""
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    expected = getattr(request.state, "csrf", "")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail=OUT_OF_DATE)
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]
