"""End to end: the real app served on 127.0.0.1, driven in headless Chromium (Debian's) by Playwright."""

import os
import shutil
import socket
import threading
import time

import pytest

from midcourse.demo import demo_record
from midcourse.store import Store

CHROMIUM = os.environ.get("MIDCOURSE_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The app on a demo database, served by uvicorn in a thread; yields (base URL, database path)."""
    import uvicorn

    from midcourse.web.app import create_app

    db = str(tmp_path / "e2e.db")
    with Store(db) as store:
        store.save("demo", demo_record())
    port = free_port()
    config = uvicorn.Config(create_app(db, settings_path=tmp_path / "settings.toml"), host="127.0.0.1",
                            port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server):
    """A fresh browser page that may use the clipboard."""
    from playwright.sync_api import sync_playwright

    base, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=base)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        pg = context.new_page()
        outside = []
        pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        yield pg
        assert outside == [], f"requests to outside hosts: {outside}"
        browser.close()


def alliance_points(page):
    return page.locator("svg.timeline circle.point title", has_text="alliance").count()


def test_recording_a_checkin_changes_the_state_and_the_chart(page, server):
    page.goto("/")
    assert page.locator("#state").get_attribute("data-state") == "breakthrough"
    before = alliance_points(page)
    page.click("text=Record a session")
    page.fill("input[name=date]", "2026-10-19T17:00")
    for name, value in {"bond": "2", "goals": "2", "tasks": "3", "depth": "4", "insight": "4", "quit": "6"}.items():
        page.fill(f"input[name={name}]", value)
    assert page.locator("#bond-value").inner_text() == "2"
    page.select_option("select[name=after]", "upset")
    page.fill("input[name='score:PHQ-9']", "6")
    page.click("#save-session")
    page.wait_for_url("**/")
    assert page.locator("#state").get_attribute("data-state") == "rupture"
    assert alliance_points(page) == before + 1
    assert page.locator("svg.timeline title", has_text="2026-10-19T17:00: alliance 2.3").count() == 1
    _, db = server
    assert Store(db).load("demo").sessions[-1].checkin.after == "upset"


def test_copy_the_conversation_starter(page):
    page.goto("/")
    starter = page.locator("#starter").inner_text().strip()
    page.click("#copy-starter")
    page.wait_for_selector("#copied", state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == starter
    assert starter.startswith("I've noticed something good")


def test_print_the_report(page, tmp_path):
    page.goto("/report")
    assert page.locator("h1").first.inner_text() == "midcourse report: demo"
    assert page.locator(".no-print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".no-print").is_visible()
    pdf = page.pdf(path=str(tmp_path / "printed.pdf"))
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    response = page.request.get("/report.pdf")
    assert response.headers["content-type"] == "application/pdf"


def test_delete_the_record(page, server):
    page.goto("/settings")
    page.fill("#confirm-delete", "delete")
    page.click("#delete-record")
    page.wait_for_url("**/")
    assert page.locator("#state").get_attribute("data-state") == "insufficient_data"
    assert page.locator("text=No record yet.").is_visible()
    _, db = server
    assert Store(db).clients() == []


ATTACK = """<!doctype html><html><body>
<form id="f" method="post" action="{target}/delete">
  <input name="csrf_token" value="{token}"><input name="confirm" value="delete">
</form>
<script>
  document.cookie = "midcourse_csrf={token}; path=/";
  document.getElementById("f").submit();
</script></body></html>"""


@pytest.fixture
def attacker(server):
    """A page on another 127.0.0.1 port that plants the CSRF cookie and posts the delete form."""
    import http.server

    base, _ = server
    token = "x" * 43

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = ATTACK.format(target=base, token=token).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_a_page_on_another_port_cannot_delete_the_record(server, attacker):
    """The attack of issue 16: ports do not separate cookies, so the page can plant the cookie; the
    signed token and the origin check refuse the post all the same."""
    from playwright.sync_api import sync_playwright

    base, db = server
    clients = Store(db).clients()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(attacker)  # before the app set a cookie of its own (an HttpOnly one cannot be replaced)
        page.wait_for_url(base + "/delete")
        assert "did not come from midcourse's own pages" in page.content()
        cookies = {c["name"]: c["value"] for c in page.context.cookies(base)}
        assert cookies.get("midcourse_csrf") == "x" * 43  # the planted cookie did arrive
        browser.close()
    assert Store(db).clients() == clients
    assert len(Store(db).load(clients[0]).sessions) == 20
