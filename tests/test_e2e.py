"""End to end: the real app served on 127.0.0.1, driven in headless Chromium (Debian's) by Playwright."""

import datetime as dt
import os
import re
import shutil
import threading

import pytest

from midcourse.demo import demo_record
from midcourse.store import Store
from tests.servers import serve

CHROMIUM = os.environ.get("MIDCOURSE_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


@pytest.fixture
def server(tmp_path):
    """The app on a database holding the demo's course as the client's own record 'sam'; yields
    (base URL, database path)."""
    from midcourse.web.app import create_app

    db = str(tmp_path / "e2e.db")
    with Store(db) as store:
        store.save("sam", demo_record())
    base, stop = serve(create_app(db, settings_path=tmp_path / "settings.toml"))
    yield base, db
    stop()


@pytest.fixture
def empty_server(tmp_path):
    """The app on an empty database (a first run)."""
    from midcourse.web.app import create_app

    db = str(tmp_path / "first.db")
    base, stop = serve(create_app(db, settings_path=tmp_path / "settings.toml"))
    yield base, db
    stop()


@pytest.fixture
def chromium():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, base, **context):
    """A page that records requests to other hosts and every console error."""
    ctx = browser.new_context(base_url=base, **context)
    pg = ctx.new_page()
    pg.outside, pg.errors = [], []
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(base) else None)
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return pg


@pytest.fixture
def page(server, chromium):
    """A fresh browser page that may use the clipboard."""
    base, _ = server
    pg = open_page(chromium, base)
    pg.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    yield pg
    assert pg.outside == [], f"requests to outside hosts: {pg.outside}"
    assert pg.errors == [], f"console errors: {pg.errors}"


HOME = re.compile(r"/(\?done=[^/]*)?$")  # the dashboard, perhaps saying what was just done
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def alliance_points(page):
    return page.locator(".chart-wide svg.timeline circle.point title", has_text="alliance").count()


def test_recording_a_checkin_changes_the_state_and_the_chart(page, server):
    page.goto("/")
    assert page.locator("#state").get_attribute("data-state") == "breakthrough"
    before = alliance_points(page)
    page.click("text=Record a session")
    page.fill("input[name=date]", "2026-10-19T17:00")
    for name, value in {"bond": "2", "goals": "2", "tasks": "3", "depth": "4", "insight": "4", "quit": "6"}.items():
        page.fill(f"#r-{name}", value)
    assert page.locator("#bond-value").inner_text() == "2"
    page.select_option("select[name=after]", "upset")
    page.fill("input[name='score:PHQ-9']", "6")
    page.click("#save-session")
    page.wait_for_url(HOME)
    assert page.locator("#state").get_attribute("data-state") == "rupture"
    assert alliance_points(page) == before + 1
    assert page.locator(".chart-wide svg.timeline title", has_text="2026-10-19T17:00: alliance 2.3").count() == 1
    _, db = server
    checkin = Store(db).load("sam").sessions[-1].checkin
    assert (checkin.after, checkin.bond, checkin.quit) == ("upset", 2, 6)


def test_copy_the_conversation_starter(page):
    page.goto("/")
    starter = page.locator("#starter").inner_text().strip()
    page.click("#copy-starter")
    page.wait_for_selector("#copied", state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == starter
    assert starter.startswith("There's something good I'd like to share.")


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
    page.wait_for_url("**/welcome")
    assert page.locator("#start-record").is_visible()
    _, db = server
    assert Store(db).clients() == []


def test_no_page_logs_a_console_error_or_is_wider_than_a_phone(server, chromium):
    base, _ = server
    for context in ({}, PHONE, {**PHONE, "viewport": {"width": 360, "height": 740}}, {"viewport": {"width": 760, "height": 900}}):
        pg = open_page(chromium, base, **context)
        for url in ("/", "/?as_of=2026-08-10", "/sessions/new", "/sessions/2026-08-17T17:00/edit", "/record",
                    "/journal", "/defenses", "/report", "/settings", "/welcome"):
            pg.goto(url)
            pg.wait_for_load_state("networkidle")
            wider = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wider <= 0, (url, context, wider)
        assert pg.errors == [] and pg.outside == []
        pg.context.close()


def test_the_first_run_starts_the_clients_own_record_on_a_phone(empty_server, chromium):
    base, db = empty_server
    pg = open_page(chromium, base, **PHONE)
    pg.goto("/")
    pg.wait_for_url("**/welcome")
    pg.fill("input[name=name]", "Robin")
    pg.fill("input[name=started]", "2026-09-01")
    pg.select_option("#crisis-locale", "UK")
    pg.click("#start-record")
    pg.wait_for_url(HOME)
    assert pg.locator("#state").get_attribute("data-state") == "insufficient_data"
    pg.click("#nav-record")
    pg.fill("input[name=date]", "2026-09-01T17:00")
    pg.fill("#r-bond", "8")
    pg.click("#save-session")
    pg.wait_for_url(HOME)
    assert pg.locator("#state").get_attribute("data-state") == "early"
    record = Store(db).load("Robin")
    assert record.sessions[0].checkin.to_dict() == {"bond": 8}  # the untouched sliders stored nothing
    assert pg.errors == []


def test_exploring_the_example_never_writes_it(empty_server, chromium):
    base, db = empty_server
    pg = open_page(chromium, base)
    pg.goto("/welcome")
    pg.click("#explore-example")
    pg.wait_for_url(HOME)
    assert pg.locator("#example-note").is_visible()
    assert pg.locator("#state").get_attribute("data-state") == "breakthrough"
    assert pg.locator("#nav-record").count() == 0
    assert Store(db).clients() == []


def test_recording_a_session_at_a_phone_viewport(server, chromium):
    """No horizontal scroll, every control reachable and at least 44 px tall, untouched sliders stored as
    nothing, a future date refused with its error beside the field, an existing session edited."""
    base, db = server
    pg = open_page(chromium, base, **PHONE)
    pg.goto("/sessions/new")
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    controls = pg.locator("#session-form input:not([type=hidden]):not([type=radio]), #session-form select, "
                          "#session-form textarea, #session-form button, #session-form label.check")
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue  # fields of another status, or items inside a closed <details>
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, control.evaluate("e => e.outerHTML")
        assert box["height"] >= 44 or control.get_attribute("type") == "range" and box["height"] >= 40, \
            control.evaluate("e => e.outerHTML")
    later = (dt.date.today() + dt.timedelta(days=2)).isoformat() + "T17:00"
    pg.fill("input[name=date]", later)
    pg.fill("#r-depth", "3")
    pg.check("input[name=safety][value='0']")
    pg.fill("#score-PHQ-9", "40")
    pg.click("#save-session")
    error = pg.locator("#error-date")
    assert error.is_visible() and "can only be planned" in error.inner_text()
    assert pg.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    pg.errors.clear()  # the refused form is answered 400, which Chromium reports; nothing else may be
    pg.fill("input[name=date]", "2026-10-19T17:00")
    pg.click("#save-session")  # now the score's own error shows, beside the score
    score_error = pg.locator("#error-score-PHQ-9")
    assert score_error.is_visible() and "above the instrument's maximum 27" in score_error.inner_text()
    below = score_error.bounding_box()["y"] - pg.locator("#score-PHQ-9").bounding_box()["y"]
    assert 0 < below < 200  # next to its field
    pg.errors.clear()
    pg.fill("#score-PHQ-9", "")
    assert pg.locator("#depth-value").inner_text() == "3"  # what was entered is still there
    pg.click("#save-session")
    pg.wait_for_url(HOME)
    session = Store(db).load("sam").session_at("2026-10-19T17:00")
    assert session.checkin.to_dict() == {"depth": 3, "safety": 0}
    pg.goto("/sessions/new?date=2026-10-19T17:00")
    assert "/sessions/2026-10-19T17:00/edit" in pg.url
    pg.fill("#r-insight", "7")
    pg.click("#save-session")
    pg.wait_for_url(HOME)
    session = Store(db).load("sam").session_at("2026-10-19T17:00")
    assert session.checkin.to_dict() == {"depth": 3, "insight": 7, "safety": 0}
    assert pg.errors == []


CELLS_OUTSIDE_THEIR_ROW = """() => [...document.querySelectorAll("table.record tbody tr")].flatMap((tr) => {
  const row = tr.getBoundingClientRect();
  return [...tr.children].filter((td) => {
    const box = td.getBoundingClientRect();
    return Math.abs(box.top - row.top) > 1 || Math.abs(box.bottom - row.bottom) > 1 || box.right > row.right + 1;
  }).map((td) => tr.id + ": " + td.outerHTML.slice(0, 60));
})"""


def test_the_sessions_table_draws_no_stray_lines_on_a_desktop(server, empty_server, chromium):
    """Every cell of the sessions table is a cell of its row, as tall as the row: no cell drawn as a box of
    its own with a border of its own beside the table (the own record, with its buttons, and the example)."""
    own = open_page(chromium, server[0], viewport={"width": 1280, "height": 900})
    own.goto("/record")
    assert own.locator("table.record tbody tr").count() == 20
    assert own.evaluate(CELLS_OUTSIDE_THEIR_ROW) == []
    example = open_page(chromium, empty_server[0], viewport={"width": 1280, "height": 900})
    example.goto("/welcome")
    example.click("#explore-example")
    example.wait_for_url(HOME)
    example.goto("/record")
    assert example.locator("table.record tbody tr").count() == 20
    assert example.evaluate(CELLS_OUTSIDE_THEIR_ROW) == []
    assert own.errors == [] and example.errors == []


RATING_LOOK = """name => { const box = document.querySelector(`.rating[data-rating="${name}"]`);
  const style = getComputedStyle(box), out = getComputedStyle(box.querySelector("output"));
  return [style.backgroundColor, style.borderLeftColor, out.backgroundColor, out.color]; }"""


def test_tapping_the_middle_of_an_untouched_slider_rates_it_five(server, chromium):
    """A tap (phone) or a click (desktop) where the slider already stands gives no input event; it is a
    rating all the same. A slider left alone stays absent, and a rated slider looks unlike an unrated one."""
    base, db = server
    pg = open_page(chromium, base, **PHONE)
    pg.goto("/sessions/new")
    unrated = pg.evaluate(RATING_LOOK, "bond")
    pg.locator("#r-bond").scroll_into_view_if_needed()
    box = pg.locator("#r-bond").bounding_box()
    pg.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert pg.locator("#bond-value").inner_text() == "5"
    assert pg.locator("input[name=bond]").input_value() == "5"
    rated = pg.evaluate(RATING_LOOK, "bond")
    assert all(a != b for a, b in zip(rated, unrated)), (rated, unrated)  # background, edge, and the number's look
    assert pg.evaluate(RATING_LOOK, "goals") == unrated
    pg.fill("input[name=date]", "2026-10-19T17:00")
    pg.click("#save-session")
    pg.wait_for_url(HOME)
    assert Store(db).load("sam").session_at("2026-10-19T17:00").checkin.to_dict() == {"bond": 5}
    desk = open_page(chromium, base, viewport={"width": 1280, "height": 900})
    desk.goto("/sessions/new")
    desk.locator("#r-quit").click()  # the middle of the slider, where it stands
    desk.locator("#r-depth").focus()
    desk.keyboard.press("End")
    desk.keyboard.press("End")  # 10 already: no input event, still a rating
    desk.fill("input[name=date]", "2026-10-20T17:00")
    desk.click("#save-session")
    desk.wait_for_url(HOME)
    assert Store(db).load("sam").session_at("2026-10-20T17:00").checkin.to_dict() == {"depth": 10, "quit": 5}
    assert pg.errors == [] and desk.errors == []


def test_delete_a_journal_entry_and_undo_it(page, server):
    _, db = server
    before = len(Store(db).load("sam").journal)
    page.goto("/journal")
    page.locator("li.entry").first.get_by_role("button", name="Delete").click()
    page.wait_for_selector(".undo-row")
    assert len(Store(db).load("sam").journal) == before - 1
    with page.expect_navigation():
        page.get_by_role("button", name="Undo").click()
    assert len(Store(db).load("sam").journal) == before


def test_reminders_download(page, server, tmp_path):
    page.goto("/settings")
    page.fill("#weekly", "Mon 17:00")
    page.click("#save-everyday")
    page.wait_for_url("**/settings?saved=everyday")
    with page.expect_download() as info:
        page.click("#download-reminders")
    download = info.value
    assert download.suggested_filename == "midcourse-sessions.ics"
    path = tmp_path / "r.ics"
    download.save_as(path)
    text = path.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "RRULE:FREQ=WEEKLY;BYDAY=MO" in text
    assert "BEGIN:VALARM" in text


def test_remote_login_from_a_phone(tmp_path, chromium):
    """Remote mode over plain HTTP: the warning, a wrong passphrase refused, the right one lets in, logout."""
    from midcourse.web.app import Login, create_app

    db = str(tmp_path / "remote.db")
    Store(db).save("sam", demo_record())
    # "localhost" stands in for the phone's view of this machine's name: remote mode adds it to the hosts
    base, stop = serve(create_app(db, hosts=["localhost"], login=Login("correct horse battery")))
    base = base.replace("127.0.0.1", "localhost")
    try:
        pg = open_page(chromium, base, **PHONE)
        pg.goto("/record")
        pg.wait_for_url("**/login?next=/record")
        pg.fill("input[name=passphrase]", "wrong passphrase")
        pg.click("button[type=submit]")
        assert pg.locator("#login-error").inner_text() == "That is not the passphrase."
        assert pg.errors == ["Failed to load resource: the server responded with a status of 401 (Unauthorized)"]
        pg.errors.clear()
        pg.fill("input[name=passphrase]", "correct horse battery")
        pg.click("button[type=submit]")
        pg.wait_for_url("**/record")
        assert pg.locator("h1").inner_text() == "Sessions"
        cookie = next(c for c in pg.context.cookies() if c["name"] == "midcourse_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        pg.get_by_role("button", name="Log out").click()
        pg.wait_for_url("**/login")
        pg.goto("/")
        assert "/login" in pg.url
        assert pg.errors == []
    finally:
        stop()


def test_answering_are_you_safe_keeps_resources_on_the_page(page, server):
    _, db = server
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    with Store(db) as store:
        record = store.load("sam")
        from midcourse.validation import parse_record

        record.journal.append(parse_record({"format": "midcourse/1", "journal": [
            {"date": yesterday, "text": "I don't want to live anymore."}]}).journal[0])
        store.save("sam", record)
    page.goto("/")
    assert page.locator("body > *").first.get_attribute("id") == "safety"
    assert "you wrote: I don't want to live anymore." in page.locator(".are-you-safe").inner_text()
    page.get_by_role("button", name="Yes, I'm safe / that is not what I meant").click()
    page.wait_for_url("**/?done=*")
    assert page.locator("#notice").inner_text() == "Recorded your answer that you are safe right now."
    assert page.locator("#safety").is_visible()  # the help stays on the page
    assert page.locator(".are-you-safe").count() == 0
    answers = Store(db).load("sam").safety_answers
    assert [(a.answer, a.text) for a in answers] == [("safe", "I don't want to live anymore.")]


def test_a_safety_rating_of_one_shows_resources_first(page, server):
    """Issue 11: a session recorded with a safety rating of 1 leads with the crisis resources."""
    page.goto("/sessions/new")
    page.fill("input[name=date]", "2026-10-19T17:00")
    page.check("input[name=safety][value='1']")
    page.click("#save-session")
    page.wait_for_url(HOME)
    assert page.locator("body > *").first.get_attribute("id") == "safety"
    assert page.locator("#safety h1").inner_text() == "Your safety comes first"
    assert page.locator("#state").get_attribute("data-state") == "crisis"
    assert "keep going" not in page.locator("body").inner_text().lower()


ATTACK = """<!doctype html><html><body>
<form id="f" method="post" action="{target}/delete">
  <input name="csrf_token" value="{token}"><input name="record" value="sam"><input name="confirm" value="delete">
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
    httpd.server_close()


def test_a_page_on_another_port_cannot_delete_the_record(server, attacker, chromium):
    """The attack of issue 16: ports do not separate cookies, so the page can plant the cookie; the
    signed token and the origin check refuse the post all the same."""
    base, db = server
    clients = Store(db).clients()
    page = chromium.new_page()
    page.goto(attacker)  # before the app set a cookie of its own (an HttpOnly one cannot be replaced)
    page.wait_for_url(base + "/delete")
    assert "did not come from midcourse's own pages" in page.content()
    cookies = {c["name"]: c["value"] for c in page.context.cookies(base)}
    assert cookies.get("midcourse_csrf") == "x" * 43  # the planted cookie did arrive
    assert Store(db).clients() == clients
    assert len(Store(db).load(clients[0]).sessions) == 20
