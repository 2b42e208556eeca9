"""The web app through its HTTP interface (real SQLite; the browser tests are in test_e2e.py)."""

import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from midcourse.assess import assess
from midcourse.cli import app as cli_app
from midcourse.demo import demo_record
from midcourse.store import Store
from midcourse.text.reader import LexicalReader
from midcourse.web.app import CSP, create_app


@pytest.fixture
def db(tmp_path):
    """A database holding the demo record."""
    path = str(tmp_path / "web.db")
    with Store(path) as store:
        store.save("demo", demo_record())
    return path


BASE = "http://127.0.0.1:8765"


def browser(app, base=BASE):
    """A test client that sends what a browser sends with a form post of the app's own page."""
    return TestClient(app, base_url=base, headers={"Origin": base})


@pytest.fixture
def client(db, tmp_path):
    """The app on that database, with the rule-based reader (fast) and its own settings file."""
    with browser(create_app(db, reader=LexicalReader(), settings_path=tmp_path / "settings.toml")) as c:
        yield c


def token(client, url="/journal"):
    """The CSRF token a page of the app carries in its forms."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


def test_dashboard_shows_the_state_the_starter_and_the_chart(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'data-state="breakthrough"' in page.text
    assert "Something has shifted for the better" in page.text
    assert "I&#39;d like to understand what helped" in page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"' in page.text
    assert page.text.count('class="point"') == 18 + 18  # alliance and PHQ-9 points


def test_every_page_has_a_strict_csp_and_no_outside_origin(client):
    for url in ("/", "/sessions/new", "/record", "/journal", "/defenses", "/report", "/settings"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP
        outside = re.findall(r'(?:src|href|action)="(https?:)?//', page.text)
        assert outside == [], url
        assert "<script>" not in page.text and " style=" not in page.text, url


def test_forms_need_the_csrf_token(client, db):
    response = client.post("/sessions", data={"date": "2026-10-19T17:00", "status": "attended"},
                           follow_redirects=False)
    assert response.status_code == 403
    assert "security token" in response.text
    assert len(Store(db).load("demo").sessions) == 20


def test_recording_a_session_changes_the_state(client, db):
    data = {"csrf_token": token(client), "date": "2026-10-19T17:00", "status": "attended", "minutes_late": "0",
            "has_checkin": "on", "bond": "2", "goals": "2", "tasks": "3", "depth": "5", "insight": "5",
            "quit": "6", "after": "upset", "score:PHQ-9": "6", "note": "She checked her phone twice."}
    response = client.post("/sessions", data=data, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    session = Store(db).load("demo").sessions[-1]
    assert (session.key, session.checkin.bond, session.measures) == ("2026-10-19T17:00", 2, {"PHQ-9": 6})
    page = client.get("/")
    assert 'data-state="fit_concern"' in page.text


def test_invalid_form_names_the_field_and_changes_nothing(client, db):
    data = {"csrf_token": token(client), "date": "2026-10-19T17:00", "status": "attended", "has_checkin": "on",
            "bond": "11", "goals": "x", "score:PHQ-9": "40"}
    response = client.post("/sessions", data=data)
    assert response.status_code == 400
    assert "&#39;x&#39; is not a number" in response.text
    data["goals"] = "5"
    response = client.post("/sessions", data=data)
    assert "11 is above the scale&#39;s maximum 10" in response.text
    assert "40 is above the instrument&#39;s maximum 27" in response.text
    assert len(Store(db).load("demo").sessions) == 20


def test_editing_a_session_moves_it(client, db):
    form = client.get("/sessions/2026-10-12T17:00/edit").text
    assert 'value="2026-10-12T17:00"' in form
    data = {"csrf_token": token(client), "original": "2026-10-12T17:00", "date": "2026-10-13T18:00",
            "status": "no_show"}
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    keys = [s.key for s in Store(db).load("demo").sessions]
    assert "2026-10-12T17:00" not in keys and keys[-1] == "2026-10-13T18:00"


def test_deleting_a_row_with_htmx_returns_an_empty_fragment(client, db):
    response = client.post("/sessions/2026-10-12T17:00/delete", data={"csrf_token": token(client)},
                           headers={"HX-Request": "true"})
    assert (response.status_code, response.text) == (200, "")
    assert len(Store(db).load("demo").sessions) == 19


def test_journal_and_defenses(client, db):
    t = token(client)
    assert client.post("/journal", data={"csrf_token": t, "date": "2026-10-15", "text": "Felt calm.",
                                         "tags": "mood, #calm"}, follow_redirects=False).status_code == 303
    assert client.post("/journal", data={"csrf_token": t, "date": "someday", "text": "x"}).status_code == 400
    assert client.post("/defenses", data={"csrf_token": t, "date": "2026-10-15", "defense": "humour"},
                       follow_redirects=False).status_code == 303
    record = Store(db).load("demo")
    assert (record.journal[-1].text, record.journal[-1].tags) == ("Felt calm.", ["mood", "calm"])
    assert record.defenses[-1].defense == "humour"


def test_api_assessment_is_the_analyze_json(client, db):
    api = client.get("/api/assessment").json()
    assert api == json.loads(json.dumps(assess(Store(db).load("demo"), reader=LexicalReader()).to_dict()))
    spec = client.get("/api/openapi.json").json()
    assert client.get("/api/docs").status_code == 404  # no page that would need outside assets
    assert "/api/assessment" in spec["paths"] and "/api/record" in spec["paths"]
    assert client.get("/api/record").json() == demo_record().to_dict()


def test_report_page_and_pdf(client):
    page = client.get("/report")
    assert "midcourse report: demo" in page.text and 'id="print"' in page.text
    pdf = client.get("/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_settings_are_saved_and_validated(client, tmp_path):
    t = token(client)
    response = client.post("/settings", data={"csrf_token": t, "late_minutes": "15", "crisis_locale": "UK"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert (tmp_path / "settings.toml").read_text().splitlines()[1:] == [
        "[thresholds]", "late_minutes = 15.0", 'crisis_locale = "UK"']
    bad = client.post("/settings", data={"csrf_token": t, "recent_sessions": "four"})
    assert bad.status_code == 400 and "recent_sessions: expected a whole number from 1 to 100, got &#39;four&#39;" in bad.text


def test_export_and_complete_deletion(client, db):
    exported = client.get("/export.json")
    assert json.loads(exported.text) == demo_record().to_dict()
    t = token(client)
    client.post("/delete", data={"csrf_token": t, "confirm": "no"})
    assert Store(db).clients() == ["demo"]
    client.post("/delete", data={"csrf_token": t, "confirm": "delete"})
    assert Store(db).clients() == []
    assert 'data-state="insufficient_data"' in client.get("/").text


def test_crisis_resources_come_first(db, tmp_path):
    with Store(db) as store:
        record = store.load("demo")
        record.journal.append(parse_journal("2026-10-13", "I don't want to live anymore."))
        store.save("demo", record)
    with browser(create_app(db, reader=LexicalReader())) as c:
        html = c.get("/").text
    body = html[html.index("<body"):]
    assert body.index('class="safety"') < body.index('<header class="top">')
    assert "keep going" not in body.lower()


def parse_journal(date, text):
    from midcourse.validation import parse_record

    return parse_record({"format": "midcourse/1", "journal": [{"date": date, "text": text}]}).journal[0]




def test_serve_refuses_a_non_loopback_host_without_allow_remote(db):
    result = CliRunner().invoke(cli_app, ["--db", db, "serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 1
    assert "add --allow-remote if you really mean it" in result.output


def test_recording_the_first_session_creates_the_record(tmp_path):
    db = str(tmp_path / "empty.db")
    with browser(create_app(db, reader=LexicalReader())) as c:
        page = c.get("/")
        assert 'data-state="insufficient_data"' in page.text and "No record yet." in page.text
        data = {"csrf_token": token(c), "date": "2026-03-02T17:00", "status": "attended",
                "has_checkin": "on", "bond": "7", "goals": "7", "tasks": "7"}
        assert c.post("/sessions", data=data, follow_redirects=False).status_code == 303
        assert 'data-state="early"' in c.get("/").text
    assert Store(db).clients() == ["me"]
