"""The web edge over HTTP: host names, origins, signed CSRF tokens, body limits, headers, odd paths
and the passphrase login of remote mode (the cross-port attack in a real browser is in test_e2e.py)."""

import re

import pytest
from fastapi.testclient import TestClient

from midcourse.demo import demo_record
from midcourse.store import Store
from midcourse.text.reader import LexicalReader
from midcourse.web.app import create_app
from midcourse.web.security import FAILURES_PER_ADDRESS, Guard, Login, host_name, same_origin

BASE = "http://127.0.0.1:8765"
PASSPHRASE = "correct horse battery"


def client_for(app, base=BASE, origin=True):
    return TestClient(app, base_url=base, headers={"Origin": base} if origin else {})


@pytest.fixture
def app(sam_db):
    """The app on that database (loopback only)."""
    return create_app(sam_db, reader=LexicalReader())


def token_of(c, url="/journal"):
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(url).text).group(1)


def journal_post(c, token, **headers):
    return c.post("/journal", data={"csrf_token": token, "date": "2026-10-15", "text": "Posted."},
                  headers=headers, follow_redirects=False)


DEMO_JOURNAL = len(demo_record().journal)


def journal_count(sam_db):
    """Journal entries added to the demo's."""
    return len(Store(sam_db).load("sam").journal) - DEMO_JOURNAL


def test_a_post_from_this_origin_with_its_token_is_accepted(app, sam_db):
    with client_for(app) as c:
        assert journal_post(c, token_of(c)).status_code == 303
    assert journal_count(sam_db) == 1


@pytest.mark.parametrize("headers", [
    {"Origin": "http://127.0.0.1:9999"},                          # another port of the same machine
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": BASE, "Sec-Fetch-Site": "same-site"},              # e.g. another port, as Chromium says it
    {"Origin": BASE, "Sec-Fetch-Site": "cross-site"},
])
def test_a_post_from_another_origin_is_refused_even_with_a_valid_token(app, sam_db, headers):
    with client_for(app, origin=False) as c:
        token = token_of(c)
        response = journal_post(c, token, **headers)
    assert response.status_code == 403
    assert "did not come from midcourse's own pages" in response.text
    assert journal_count(sam_db) == 0


def test_a_post_that_names_no_origin_at_all_is_refused(app, sam_db):
    with client_for(app, origin=False) as c:
        assert journal_post(c, token_of(c)).status_code == 403
        assert journal_post(c, token_of(c), **{"Sec-Fetch-Site": "same-origin"}).status_code == 303
    assert journal_count(sam_db) == 1


def test_a_planted_cookie_and_a_token_equal_to_it_are_refused(app, sam_db):
    """What a page on another port could do: set the cookie and send the same value as the token."""
    with client_for(app) as c:
        c.cookies.set("midcourse_csrf", "x" * 43)
        assert journal_post(c, "x" * 43).status_code == 403
        assert journal_post(c, "").status_code == 403
    assert journal_count(sam_db) == 0


def test_a_token_of_an_earlier_launch_is_out_of_date(sam_db):
    with client_for(create_app(sam_db, reader=LexicalReader(), secret=b"1" * 32)) as first:
        old = token_of(first)
        cookie = first.cookies.get("midcourse_csrf")
    with client_for(create_app(sam_db, reader=LexicalReader(), secret=b"2" * 32)) as second:
        second.cookies.set("midcourse_csrf", cookie)
        response = journal_post(second, old)
        assert response.status_code == 403 and "out of date" in response.text
        assert journal_post(second, token_of(second)).status_code == 303


def test_the_token_is_bound_to_the_browser_cookie(app):
    with client_for(app) as one, client_for(app) as two:
        assert token_of(one) != token_of(two)
        assert journal_post(two, token_of(one)).status_code == 403


@pytest.mark.parametrize("base", ["http://testserver", "http://evil.example:8765", "http://192.168.1.20:8765"])
def test_only_loopback_host_names_are_accepted_by_default(app, base):
    with client_for(app, base) as c:
        response = c.get("/")
    assert response.status_code == 400 and "Unknown host name" in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST"])
def test_loopback_names_are_accepted(app, host):
    with client_for(app) as c:
        assert c.get("/", headers={"Host": host}).status_code == 200


def test_remote_mode_adds_the_names_it_was_given_and_never_a_wildcard(sam_db):
    login = Login(PASSPHRASE)
    app = create_app(sam_db, reader=LexicalReader(), hosts=["laptop.local"], login=login)
    with client_for(app, "http://laptop.local:8765") as c:
        assert c.get("/login").status_code == 200
    with client_for(app, "http://other.local:8765") as c:
        assert c.get("/login").status_code == 400
    for wildcard in ("*", "*.local"):
        with pytest.raises(ValueError, match="wildcard"):
            Guard([wildcard])


def test_bodies_over_the_limit_are_refused_and_nothing_is_stored(app, sam_db):
    with client_for(app) as c:
        token = token_of(c)
        big = c.post("/journal", data={"csrf_token": token, "date": "2026-10-15", "text": "x" * (1024 * 1024 + 1)})
        assert big.status_code == 413

        def chunks():  # no Content-Length: counted as it arrives
            yield f"csrf_token={token}&date=2026-10-15&text=".encode()
            for _ in range(1100):
                yield b"y" * 1024

        streamed = c.post("/journal", content=chunks(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert streamed.status_code == 413
    assert journal_count(sam_db) == 0


def test_pages_and_the_record_api_are_not_cached_but_assets_may_be(app):
    with client_for(app) as c:
        for url in ("/", "/journal", "/settings", "/api/record", "/api/assessment", "/export.json"):
            assert c.get(url).headers["cache-control"] == "no-store", url
        assert "no-store" not in c.get("/static/app.css").headers.get("cache-control", "")


@pytest.mark.parametrize("path", ["/static/%00", "/static/a%00b.css", "/static/" + "a" * 5000,
                                  "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                                  "/sessions/%00/edit", "/journal/%00/delete", "/%ff%fe", "/api/%00"])
def test_odd_paths_are_not_found_never_a_server_error(app, path):
    with client_for(app) as c:
        response = c.get(path)
    assert response.status_code in (404, 405), (path, response.status_code)


def test_security_headers_on_every_response(app):
    with client_for(app) as c:
        headers = c.get("/").headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_host_names_and_origins_are_read_exactly():
    assert host_name("127.0.0.1:8765") == "127.0.0.1"
    assert host_name("[::1]:8765") == "[::1]"
    assert host_name("LAPTOP.local") == "laptop.local"
    from starlette.datastructures import Headers

    assert same_origin(Headers({"origin": "http://127.0.0.1:8765"}), "127.0.0.1:8765")
    assert not same_origin(Headers({"origin": "http://127.0.0.1:8766"}), "127.0.0.1:8765")
    assert not same_origin(Headers({"origin": "http://127.0.0.1:8765.evil"}), "127.0.0.1:8765")


# remote mode: the passphrase login ------------------------------------------------------------------

@pytest.fixture
def remote(sam_db):
    """The app in remote mode with a login, and a clock the test moves."""
    now = [1000.0]
    login = Login(PASSPHRASE, clock=lambda: now[0])
    app = create_app(sam_db, reader=LexicalReader(), hosts=["192.168.1.20"], login=login)
    return app, now


def log_in(c, passphrase, next_url="/"):
    return c.post("/login", data={"csrf_token": token_of(c, "/login"), "passphrase": passphrase,
                                  "next": next_url}, follow_redirects=False)


def test_remote_mode_asks_for_the_passphrase_first(remote):
    app, _ = remote
    with client_for(app, "http://192.168.1.20:8765") as c:
        first = c.get("/record", follow_redirects=False)
        assert (first.status_code, first.headers["location"]) == (303, "/login?next=/record")
        assert c.get("/api/record").status_code == 401
        page = c.get("/login").text
        assert "This connection is not encrypted" in page
        wrong = log_in(c, "wrong passphrase")
        assert wrong.status_code == 401 and "That is not the passphrase." in wrong.text
        right = log_in(c, PASSPHRASE, "/record")
        assert (right.status_code, right.headers["location"]) == (303, "/record")
        cookie = right.headers["set-cookie"]
        assert cookie.startswith("midcourse_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert c.get("/record").status_code == 200
        assert c.get("/api/record").json()["client"]["name"] == "demo"
        out = c.post("/logout", data={"csrf_token": token_of(c)}, follow_redirects=False)
        assert out.headers["location"] == "/login" and "Max-Age=0" in out.headers["set-cookie"]
        assert c.get("/record", follow_redirects=False).status_code == 303


def test_login_over_https_uses_host_cookies_that_are_secure(remote):
    app, _ = remote
    with client_for(app, "https://192.168.1.20:8765") as c:
        assert "not encrypted" not in c.get("/login").text
        right = log_in(c, PASSPHRASE)
        cookie = right.headers["set-cookie"]
        assert cookie.startswith("__Host-midcourse_session=") and "Secure" in cookie and "Path=/" in cookie
        assert c.get("/").status_code == 200


def test_wrong_passphrases_are_rate_limited_per_address(remote):
    app, now = remote
    with client_for(app, "http://192.168.1.20:8765") as c:
        for _ in range(FAILURES_PER_ADDRESS):
            assert log_in(c, "guess").status_code == 401
        locked = log_in(c, PASSPHRASE)  # even the right one waits
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "Too many wrong passphrases" in locked.text
        now[0] += 15 * 60 + 1
        assert log_in(c, PASSPHRASE).status_code == 303


def test_sessions_expire(remote):
    app, now = remote
    with client_for(app, "http://192.168.1.20:8765") as c:
        log_in(c, PASSPHRASE)
        assert c.get("/", follow_redirects=False).status_code == 200
        now[0] += 12 * 3600 + 1
        assert c.get("/", follow_redirects=False).status_code == 303


def test_a_short_login_passphrase_is_refused():
    with pytest.raises(ValueError, match="at least 10 characters"):
        Login("short")


def test_the_login_page_only_redirects_within_the_app(remote):
    app, _ = remote
    with client_for(app, "http://192.168.1.20:8765") as c:
        right = log_in(c, PASSPHRASE, "//evil.example/")
        assert right.headers["location"] == "/"


@pytest.mark.parametrize("url", ["/?as_of=garbage", "/?as_of=0001-01-01", "/?as_of=9999-12-31", "/report?as_of=x",
                                 "/report.pdf?as_of=0001-01-01", "/api/assessment?as_of=2026-13-01",
                                 "/journal?edit=999", "/defenses?edit=abc", "/record?undo=zzz", "/?done=zzz",
                                 "/sessions/new?date=garbage"])
def test_odd_queries_are_answered_never_a_server_error(app, url):
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        response = c.get(url)
    assert response.status_code < 500, (url, response.status_code)
