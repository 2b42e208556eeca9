"""The web app through its HTTP interface (real SQLite; the browser tests are in test_e2e.py, the edge
in test_web_security.py)."""

import datetime as dt
import html
import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from midcourse import preferences
from midcourse.assess import assess
from midcourse.cli import app as cli_app
from midcourse.demo import demo_record
from midcourse.record import Record
from midcourse.store import Store
from midcourse.text import signals
from midcourse.text.reader import LexicalReader
from midcourse.validation import parse_record
from midcourse.web.app import CSP, create_app
from midcourse.web.words import human_date

BASE = "http://127.0.0.1:8765"
TODAY = dt.date.today()


def browser(app, base=BASE):
    """A test client that sends what a browser sends with a form post of the app's own page."""
    return TestClient(app, base_url=base, headers={"Origin": base, "Accept": "text/html"})


@pytest.fixture
def client(sam_db, tmp_path):
    """The app on that database, with the rule-based reader (fast) and its own settings file."""
    with browser(create_app(sam_db, reader=LexicalReader(), settings_path=tmp_path / "settings.toml")) as c:
        yield c


def token(client, url="/journal"):
    """The CSRF token a page of the app carries in its forms."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


def form(client, **fields):
    return {"csrf_token": token(client), "record": "sam", **fields}


def wide_chart(html):
    return html[html.index('class="chart-wide"'):html.index('class="chart-narrow"')]


def sam(sam_db):
    return Store(sam_db).load("sam")


def test_dashboard_shows_the_state_the_starter_and_the_chart(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'data-state="breakthrough"' in page.text
    assert "Something has shifted for the better" in page.text
    assert "I&#39;d like to understand what helped" in page.text
    assert "As of Wed 14 Oct" in page.text and "20 sessions recorded" in page.text
    chart = wide_chart(page.text)
    assert chart.count('class="point"') == 18 + 18  # alliance and PHQ-9 points
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"') == 2  # wide and narrow


def test_findings_are_named_in_plain_words_with_the_technical_term_a_click_away(client):
    page = client.get("/").text
    assert "A big one-week improvement" in page
    assert "<summary>The technical term</summary>" in page and "sudden gain</strong>. Source: Tang &amp; DeRubeis 1999." in page
    assert "2026-09-14T17:00" not in page.split('class="evidence"')[1].split("<svg")[0]
    assert "Mon 14 Sep, 17:00" in page


def test_every_page_has_a_strict_csp_and_no_outside_origin(client):
    for url in ("/", "/sessions/new", "/record", "/journal", "/defenses", "/report", "/settings", "/welcome"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP
        outside = re.findall(r'(?:src|href|action)="(https?:)?//', page.text)
        assert outside == [], url
        assert "<script>" not in page.text and " style=" not in page.text, url
    assert '"includeIndicatorStyles": false' in client.get("/").text


def test_forms_need_the_csrf_token(client, sam_db):
    response = client.post("/sessions", data={"date": "2026-10-19T17:00", "status": "attended"},
                           follow_redirects=False)
    assert response.status_code == 403
    assert "security token" in response.text
    assert len(sam(sam_db).sessions) == 20


def test_recording_a_session_changes_the_state(client, sam_db):
    data = form(client, date="2026-10-19T17:00", status="attended", minutes_late="0", bond="2", goals="2",
                tasks="3", depth="5", insight="5", quit="6", after="upset", **{"score:PHQ-9": "6"},
                note="She checked her phone twice.")
    response = client.post("/sessions", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/?done=")
    assert ("Added the session of Mon 19 Oct 2026, 17:00: attended, minutes late 0, “I felt understood and "
            "respected” 2") in client.get(response.headers["location"]).text
    session = sam(sam_db).sessions[-1]
    assert (session.key, session.checkin.bond, session.measures) == ("2026-10-19T17:00", 2, {"PHQ-9": 6})
    assert 'data-state="fit_concern"' in client.get("/").text


def test_what_a_save_did_is_said_in_the_forms_own_words(client, sam_db):
    """The web says what it changed with the form's questions, never the record's field names; the CLI keeps its own."""
    data = form(client, date="2026-10-19T17:00", status="attended", bond="8", quit="0", after="drained",
                checkin_note="Heard.")
    said = html.unescape(client.get(client.post("/sessions", data=data, follow_redirects=False)
                                    .headers["location"]).text)
    assert ("Added the session of Mon 19 Oct 2026, 17:00: attended, “I felt understood and respected” 8, "
            "“I'm thinking about stopping therapy” 0, after the session I felt drained, your note on how it was "
            "'Heard.'.") in said
    data = form(client, date="2026-10-19T17:00", status="attended", bond="9", quit="0", after="drained",
                checkin_note="Heard.", original="2026-10-19T17:00", note="We talked.")
    said = html.unescape(client.get(client.post("/sessions", data=data, follow_redirects=False)
                                    .headers["location"]).text)
    assert ("The session of Mon 19 Oct 2026, 17:00: changed “I felt understood and respected” 8 → 9; added notes "
            "on this session 'We talked.'.") in said
    for field in ("bond", "quit", "feeling after", "check-in note"):
        assert f"{field} " not in said.split('id="notice"')[1].split("</p>")[0]
    result = CliRunner().invoke(cli_app, ["--db", sam_db, "add", "checkin", "--date", "2026-10-19T17:00",
                                          "--goals", "7"])
    assert result.exit_code == 0 and "added goals 7" in result.output


def test_untouched_ratings_are_absent_not_five(client, sam_db):
    data = form(client, date="2026-10-19T17:00", status="attended", bond="", goals="", tasks="", depth="",
                insight="", quit="", safety="", after="calm")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    checkin = sam(sam_db).sessions[-1].checkin
    assert checkin.to_dict() == {"after": "calm"}
    data = form(client, date="2026-10-20T17:00", status="attended", bond="", quit="")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    assert sam(sam_db).sessions[-1].checkin is None


def test_the_new_form_starts_with_every_rating_unrated_and_no_safety_answer(client):
    page = client.get("/sessions/new").text
    for name in ("bond", "goals", "tasks", "depth", "insight", "quit"):
        assert f'<input type="hidden" name="{name}" id="{name}" value="">' in page
        assert f'<output id="{name}-value" for="r-{name}">not rated</output>' in page
    assert "how often have you had thoughts that you would be better off dead, or of hurting yourself?" in page
    assert re.search(r'name="safety" value="" checked', page)


def test_the_two_notes_say_which_is_which_and_land_where_they_say(client, sam_db):
    """The check-in's own note sits with the check-in's questions; the session's note, for any session, at the
    end; both are boxes that show long text; a cancellation's reason says what it is for."""
    page = client.get("/sessions/new").text
    checkin = page[page.index('id="checkin"'):page.index('id="scores"')]
    assert re.search(r"<label[^>]*>In your own words, how was it\? <span class=\"hint\">\(optional; part of "
                     r"this check-in\)</span>\s*<textarea name=\"checkin_note\"", checkin)
    assert 'name="note"' not in checkin and '<input type="text" name="checkin_note"' not in page
    after = page[page.index('id="scores"'):]
    assert re.search(r"<label[^>]*>Notes on this session <span class=\"hint\">\(optional; what you talked "
                     r"about, or what to bring up next time\)</span>\s*<textarea name=\"note\"", after)
    assert re.search(r"<label[^>]*>Why it was missed or cancelled <span class=\"hint\">\(optional\)</span>\s*"
                     r"<input type=\"text\" name=\"reason\"", page)
    data = form(client, date="2026-10-19T17:00", status="attended", checkin_note="I felt heard today.",
                note="We talked about my sister.")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    session = sam(sam_db).sessions[-1]
    assert (session.checkin.note, session.note) == ("I felt heard today.", "We talked about my sister.")


def test_a_rating_of_the_alliance_given_alone_shows_in_the_sessions_list(client, sam_db):
    """The alliance is the mean of three ratings; one given alone is shown as it is, never a mean made of it."""
    data = form(client, date="2026-10-19T17:00", status="attended", bond="8")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    page = client.get("/record").text
    row = page[page.index('<tr id="session-21">'):]
    row = row[:row.index("</tr>")]
    cell = re.search(r'<td data-label="Alliance">(.*?)</td>', row, re.DOTALL).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", cell).split() == \
        "I felt understood and respected 8 (1 of the 3 alliance questions)".split()
    data = form(client, date="2026-10-20T17:00", status="attended", bond="8", tasks="6")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    page = client.get("/record").text
    row = page[page.index('<tr id="session-22">'):]
    cell = re.search(r'<td data-label="Alliance">(.*?)</td>', row, re.DOTALL).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", cell).split() == ("I felt understood and respected 8 The way we work "
                                                          "fits me 6 (2 of the 3 alliance questions)").split()
    row = page[page.index('<tr id="session-20">'):]  # all three given: their mean, as before
    assert re.search(r'<td data-label="Alliance">9</td>', row[:row.index("</tr>")])


def test_a_safety_rating_of_one_puts_resources_first(client, sam_db, tmp_path):
    client.post("/settings/everyday", data=form(client, crisis_locale="UK"))
    data = form(client, date="2026-10-19T17:00", status="attended", safety="1")
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    assert sam(sam_db).sessions[-1].checkin.safety == 1
    edit = client.get("/sessions/2026-10-19T17:00/edit").text
    assert re.search(r'name="safety" value="1" checked', edit)
    page = client.get("/record").text  # the answer the client gave is shown where their session is listed
    row = page[page.index('<tr id="session-21">'):]
    assert re.search(r'<td data-label="Safety"><span title="[^"]+">some days</span></td>', row[:row.index("</tr>")])
    body = client.get("/").text
    body = body[body.index("<body"):]
    assert 'data-state="crisis"' in body
    assert body.index('class="safety"') < body.index('<header class="top">')
    assert "Samaritans on 116 123" in body  # the client's country
    assert "keep going" not in body.lower()


def test_the_dashboard_and_report_show_the_state_over_time(client):
    chart = wide_chart(client.get("/").text)
    assert "Where things stood" in chart and 'class="state state-' in chart
    assert "Where things stood" in client.get("/report").text


def test_a_score_entered_item_by_item_stores_the_items_and_their_total(client, sam_db):
    items = {f"item:PHQ-9:{i}": v for i, v in enumerate(["1", "2", "1", "0", "1", "2", "0", "1", "0"])}
    data = form(client, date="2026-10-19T17:00", status="attended", **items)
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    session = sam(sam_db).sessions[-1]
    assert (session.measures, session.items) == ({"PHQ-9": 8}, {"PHQ-9": [1, 2, 1, 0, 1, 2, 0, 1, 0]})
    wrong = form(client, date="2026-10-20T17:00", status="attended", **items, **{"score:PHQ-9": "9"})
    response = client.post("/sessions", data=wrong)
    assert response.status_code == 400 and "the items add up to 8, not 9" in response.text
    some = form(client, date="2026-10-20T17:00", status="attended", **{"item:PHQ-9:0": "1"})
    assert "1 of 9 items answered" in client.post("/sessions", data=some).text


def test_every_field_error_is_shown_next_to_its_field_and_nothing_changes(client, sam_db):
    data = form(client, date="2026-10-19T17:00", status="attended", bond="11", goals="x", minutes_late="-3",
                **{"score:PHQ-9": "40"})
    response = client.post("/sessions", data=data)
    assert response.status_code == 400
    assert 'id="error-goals" role="alert">&#39;x&#39; is not a number' in response.text
    data["goals"] = "5"
    response = client.post("/sessions", data=data).text
    assert 'id="error-bond" role="alert">11 is above the scale&#39;s maximum 10' in response
    assert 'id="error-score-PHQ-9" role="alert">40 is above the instrument&#39;s maximum 27' in response
    assert 'id="error-minutes_late"' in response
    cancelled = form(client, date="2026-10-19T17:00", status="cancelled_by_client", notice_hours="-2")
    assert 'id="error-notice_hours"' in client.post("/sessions", data=cancelled).text
    assert len(sam(sam_db).sessions) == 20


def test_a_date_after_today_is_refused_unless_planned(client, sam_db):
    later = (TODAY + dt.timedelta(days=3)).isoformat() + "T17:00"
    response = client.post("/sessions", data=form(client, date=later, status="attended", bond="7"))
    assert response.status_code == 400 and "A session in the future can only be planned" in response.text
    planned = client.post("/sessions", data=form(client, date=later, status="planned", bond="7",
                                                 **{"score:PHQ-9": "5"}), follow_redirects=False)
    assert planned.status_code == 303
    session = sam(sam_db).session_at(later)
    assert (session.status, session.checkin, session.measures) == ("planned", None, {})


def test_opening_the_form_at_an_existing_time_edits_that_session(client, sam_db):
    response = client.get("/sessions/new?date=2026-10-12T17:00", follow_redirects=False)
    assert response.headers["location"] == "/sessions/2026-10-12T17:00/edit"
    page = client.get("/sessions/2026-10-12T17:00/edit").text
    assert 'value="2026-10-12T17:00"' in page and "Edit the session of Mon 12 Oct, 17:00" in page
    before = sam(sam_db).session_at("2026-10-12T17:00")
    clash = client.post("/sessions", data=form(client, date="2026-10-12T17:00", status="no_show"))
    assert clash.status_code == 409 and 'href="/sessions/2026-10-12T17:00/edit"' in clash.text
    assert sam(sam_db).session_at("2026-10-12T17:00") == before


def test_editing_a_session_changes_what_was_edited_and_keeps_the_rest(client, sam_db):
    from midcourse.web.routes.sessions import session_values

    before = sam(sam_db).session_at("2026-10-12T17:00")
    values = {k: str(v) for k, v in session_values(before).items()}
    values["checkin_note"] = "Edited."
    values["insight"] = ""  # the client cleared a rating
    data = form(client, original="2026-10-12T17:00", **values)
    response = client.post("/sessions", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert ("The session of Mon 12 Oct 2026, 17:00: removed “I learned something about myself” 8; added your note on "
            "how it was &#39;Edited.&#39;." in client.get(response.headers["location"]).text)
    after = sam(sam_db).session_at("2026-10-12T17:00")
    assert after.checkin.note == "Edited." and after.checkin.insight is None
    assert (after.measures, after.checkin.bond, after.note) == (before.measures, before.checkin.bond, before.note)
    values["score:PHQ-9"] = ""  # a score cleared in the form is removed, and says so
    client.post("/sessions", data=form(client, original="2026-10-12T17:00", **values))
    assert sam(sam_db).session_at("2026-10-12T17:00").measures == {}
    moved = form(client, original="2026-10-12T17:00", date="2026-10-13T18:00", status="no_show")
    assert client.post("/sessions", data=moved, follow_redirects=False).status_code == 303
    keys = [s.key for s in sam(sam_db).sessions]
    assert "2026-10-12T17:00" not in keys and keys[-1] == "2026-10-13T18:00"
    assert sam(sam_db).sessions[-1].status == "no_show"


def test_a_second_session_on_the_same_day_asks_first(client, sam_db):
    data = form(client, date="2026-10-12T19:00", status="attended")
    asked = client.post("/sessions", data=data)
    assert asked.status_code == 409 and "Was this a second session that day?" in asked.text
    assert len(sam(sam_db).sessions) == 20
    data["confirm_same_day"] = "1"
    assert client.post("/sessions", data=data, follow_redirects=False).status_code == 303
    assert len(sam(sam_db).sessions) == 21


def test_deleting_a_session_offers_undo(client, sam_db):
    response = client.post("/sessions/2026-10-12T17:00/delete", data=form(client), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Deleted the session of Mon 12 Oct, 17:00." in response.text
    assert len(sam(sam_db).sessions) == 19
    undo = re.search(r'name="token" value="([^"]+)"', response.text).group(1)
    restored = client.post("/undo", data={"csrf_token": token(client), "token": undo}, follow_redirects=False)
    assert restored.headers["location"].startswith("/record?done=")
    assert "Put back the session of Mon 12 Oct, 17:00." in client.get(restored.headers["location"]).text
    assert sam(sam_db).sessions == demo_record().sessions
    plain = client.post("/sessions/2026-10-12T17:00/delete", data=form(client), follow_redirects=False)
    assert plain.headers["location"].startswith("/record?undo=")
    assert "Deleted the session of Mon 12 Oct, 17:00." in client.get(plain.headers["location"]).text


def test_journal_entries_are_added_edited_and_deleted_with_undo(client, sam_db):
    assert client.post("/journal", data=form(client, date="2026-10-15", text="Felt calm.", tags="mood, #calm"),
                       follow_redirects=False).status_code == 303
    record = sam(sam_db)
    index = next(i for i, j in enumerate(record.journal) if j.text == "Felt calm.")
    assert record.journal[index].tags == ["mood", "calm"]
    page = client.get(f"/journal?edit={index}").text
    fingerprint = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    edited = form(client, date="2026-10-15", text="Felt calm, mostly.", tags="mood", index=str(index),
                  digest=fingerprint)
    assert client.post("/journal", data=edited, follow_redirects=False).status_code == 303
    record = sam(sam_db)
    assert [j.text for j in record.journal].count("Felt calm, mostly.") == 1
    assert "Felt calm." not in [j.text for j in record.journal]
    stale = client.post("/journal", data=edited)
    assert stale.status_code == 409 and "changed since the page was loaded" in stale.text
    index = next(i for i, j in enumerate(record.journal) if j.text == "Felt calm, mostly.")
    page = client.get("/journal").text
    fingerprint = re.search(rf'action="/journal/{index}/delete".*?name="digest" value="([^"]+)"', page, re.DOTALL).group(1)
    gone = client.post(f"/journal/{index}/delete", data=form(client, digest=fingerprint), follow_redirects=False)
    assert "Felt calm, mostly." not in [j.text for j in sam(sam_db).journal]
    undo = gone.headers["location"].split("undo=")[1]
    client.post("/undo", data={"csrf_token": token(client), "token": undo})
    assert "Felt calm, mostly." in [j.text for j in sam(sam_db).journal]
    empty = client.post("/journal", data=form(client, date="someday", text=""))
    assert empty.status_code == 400 and 'id="error-text"' in empty.text


def test_the_defense_picker_has_no_default_and_notes_can_be_edited_and_deleted(client, sam_db):
    page = client.get("/defenses").text
    assert '<option value="" selected>Choose one…</option>' in page
    assert "neurotic" not in page.split("The catalogue")[0]
    missing = client.post("/defenses", data=form(client, date="2026-10-15", defense=""))
    assert missing.status_code == 400 and "Choose the defense you noticed" in missing.text
    count = len(sam(sam_db).defenses)
    assert client.post("/defenses", data=form(client, date="2026-10-15", defense="humour"),
                       follow_redirects=False).status_code == 303
    record = sam(sam_db)
    index = next(i for i, d in enumerate(record.defenses) if d.defense == "humour" and str(d.date) == "2026-10-15")
    page = client.get("/defenses").text
    fingerprint = re.search(rf'action="/defenses/{index}/delete".*?name="digest" value="([^"]+)"', page,
                            re.DOTALL).group(1)
    client.post(f"/defenses/{index}/delete", data=form(client, digest=fingerprint))
    assert len(sam(sam_db).defenses) == count


def test_api_assessment_is_the_analyze_json(client, sam_db):
    api = client.get("/api/assessment").json()
    assert api == json.loads(json.dumps(assess(sam(sam_db), reader=LexicalReader()).to_dict()))
    spec = client.get("/api/openapi.json").json()
    assert "/api/assessment" in spec["paths"] and "/api/record" in spec["paths"]
    assert client.get("/api/docs").status_code == 404  # no page that would need outside assets
    assert client.get("/api/record").json() == demo_record().to_dict()


def test_report_page_as_of_and_pdf(client):
    page = client.get("/report")
    assert "midcourse report: demo" in page.text and 'id="print"' in page.text
    assert "Mon 1 Jun 2026 to Wed 14 Oct 2026" in page.text
    earlier = client.get("/report?as_of=2026-08-10").text
    assert "Mon 1 Jun 2026 to Mon 10 Aug 2026" in earlier and 'value="2026-08-10"' in earlier
    pdf = client.get("/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_the_pdf_has_its_period_and_page_numbers_on_every_page(client, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get("/report.pdf").content)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
        assert "Mon 1 Jun 2026 to Wed 14 Oct 2026" in text


def test_everyday_settings_save_the_country_name_questionnaires_and_weekly_slots(client, sam_db, tmp_path):
    page = client.get("/settings").text
    assert page.index("Where do you live?") < page.index("Advanced thresholds (for therapists and researchers)")
    data = form(client, crisis_locale="UK", name="Sam K", instruments=["PHQ-9", "CORE-10"], weekly="Mon 17:00, thu 9:30")
    assert client.post("/settings/everyday", data=data, follow_redirects=False).status_code == 303
    assert 'crisis_locale = "UK"' in (tmp_path / "settings.toml").read_text()
    assert sam(sam_db).client.name == "Sam K"
    assert preferences.load("sam") == preferences.Preferences(["PHQ-9", "CORE-10"], ["MO 17:00", "TH 09:30"])
    assert 'id="score-CORE-10"' in client.get("/sessions/new").text
    bad = client.post("/settings/everyday", data=form(client, crisis_locale="UK", weekly="someday"))
    assert bad.status_code == 400 and 'id="error-weekly"' in bad.text


def test_a_questionnaire_of_the_clients_own_is_defined_and_offered(client, sam_db):
    data = form(client, instrument="Mood diary", min="0", max="10", worse="lower", cutoff="4", reliable_change="2")
    assert client.post("/instruments", data=data, follow_redirects=False).status_code == 303
    assert sam(sam_db).instruments["Mood diary"] == {"min": 0, "max": 10, "worse": "lower", "cutoff": 4,
                                                 "reliable_change": 2}
    assert 'id="score-Mood diary"' in client.get("/sessions/new").text
    bad = client.post("/instruments", data=form(client, instrument="Bad", min="10", max="x"))
    assert bad.status_code == 400 and 'id="error-def-max"' in bad.text


def test_advanced_settings_have_proper_inputs_and_errors_by_field(client, tmp_path):
    page = client.get("/settings").text
    assert re.search(r'id="s-recent_sessions" name="recent_sessions" value="4" type="number" step="1"', page)
    assert 'type="checkbox" name="sudden_gain_adjust" value="true" checked' in page
    assert '<select id="s-sudden_loss_pct_rule"' in page
    t = token(client)
    ok = client.post("/settings", data={"csrf_token": t, "late_minutes": "15", "sudden_gain_adjust": "false"},
                     follow_redirects=False)
    assert ok.status_code == 303
    text = (tmp_path / "settings.toml").read_text()
    assert "late_minutes = 15.0" in text and "sudden_gain_adjust = false" in text
    bad = client.post("/settings", data={"csrf_token": t, "recent_sessions": "four"})
    assert bad.status_code == 400 and 'id="error-recent_sessions"' in bad.text
    wide = client.post("/settings", data={"csrf_token": t, "crisis_days": "0"}).text
    assert 'id="error-crisis_days" role="alert">expected a whole number from' in wide
    assert re.search(r'name="crisis_days" value="30" type="number" step="1" inputmode="decimal" min="1"', page)


def test_export_and_complete_deletion(client, sam_db):
    exported = client.get("/export.json")
    assert json.loads(exported.text) == demo_record().to_dict()
    client.post("/delete", data=form(client, confirm="no"))
    assert Store(sam_db).clients() == ["sam"]
    client.get("/")  # the dashboard reads every note of the record
    assert signals._find_signals.cache_info().currsize > 0
    client.post("/delete", data=form(client, confirm="delete"))
    assert Store(sam_db).clients() == []
    assert signals._find_signals.cache_info().currsize == 0  # its words are not kept in memory either
    assert client.get("/", follow_redirects=False).headers["location"] == "/welcome"


def test_reminders_download(client, sam_db):
    client.post("/settings/everyday", data=form(client, crisis_locale="international", weekly="Tue 18:00"))
    ics = client.get("/reminders.ics")
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "attachment" in ics.headers["content-disposition"]
    assert ics.text.startswith("BEGIN:VCALENDAR\r\n") and "RRULE:FREQ=WEEKLY;BYDAY=TU" in ics.text


# crisis and the "are you safe?" answer -----------------------------------------------------------

YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def crisis_db(sam_db):
    """Sam's record with a journal sentence about not wanting to live, written yesterday."""
    with Store(sam_db) as store:
        record = store.load("sam")
        entry = parse_record({"format": "midcourse/1", "journal": [
            {"date": YESTERDAY.isoformat(), "text": "I don't want to live anymore."}]}).journal[0]
        record.journal.append(entry)
        store.save("sam", record)
    return sam_db


def test_crisis_resources_come_first_and_the_client_is_asked_about_their_own_words(crisis_db):
    with browser(create_app(crisis_db, reader=LexicalReader())) as c:
        html = c.get("/").text
        body = html[html.index("<body"):]
        assert body.index('class="safety"') < body.index('<header class="top">')
        assert "keep going" not in body.lower()
        assert f"On {human_date(YESTERDAY)} you wrote: <q>I don&#39;t want to live anymore.</q>" in body
        assert "Are you safe right now?" in body and "Yes, I'm safe / that is not what I meant" in body
        t = token(c)
        answer = c.post("/safety", data={"csrf_token": t, "record": "sam", "answer": "safe",
                                         "text": "I don't want to live anymore.", "text_date": YESTERDAY.isoformat()},
                        follow_redirects=False)
        assert answer.status_code == 303
        after = c.get(answer.headers["location"]).text
        assert "Recorded your answer that you are safe right now." in after
        assert "Are you safe right now?" not in after  # the assessment cleared that sentence
        assert 'id="safety"' in after and "If you need help, any time" in after  # the help stays
        assert 'id="safety-answered"' in after
    answers = Store(crisis_db).load("sam").safety_answers
    assert [(a.answer, a.text, a.text_date) for a in answers] == [
        ("safe", "I don't want to live anymore.", YESTERDAY)]


def test_answering_not_safe_keeps_the_crisis_and_resources_first(crisis_db):
    with browser(create_app(crisis_db, reader=LexicalReader())) as c:
        c.post("/safety", data={"csrf_token": token(c), "record": "sam", "answer": "not_safe",
                                "text": "I don't want to live anymore.", "text_date": YESTERDAY.isoformat()})
        body = c.get("/").text
        body = body[body.index("<body"):]
        assert 'data-state="crisis"' in body and body.index('class="safety"') < body.index('<header class="top">')
        assert "Your safety comes first" in body


# the first run, the example and the switcher ------------------------------------------------------

def test_the_first_run_welcomes_and_starts_the_clients_own_record(tmp_path):
    db = str(tmp_path / "empty.db")
    with browser(create_app(db, reader=LexicalReader(), settings_path=tmp_path / "s.toml")) as c:
        assert c.get("/", follow_redirects=False).headers["location"] == "/welcome"
        assert c.get("/sessions/new", follow_redirects=False).headers["location"] == "/welcome"
        page = c.get("/welcome").text
        assert "Start your own record" in page and "Explore the example" in page
        data = {"csrf_token": token(c, "/welcome"), "name": "Robin", "started": "2026-03-02",
                "instruments": ["GAD-7"], "crisis_locale": "IE"}
        assert c.post("/welcome", data=data, follow_redirects=False).headers["location"] == "/"
        assert 'data-state="insufficient_data"' in c.get("/").text
        assert 'id="score-GAD-7"' in c.get("/sessions/new").text
    assert Store(db).clients() == ["Robin"]
    record = Store(db).load("Robin")
    assert (record.client.name, record.client.therapy_started) == ("Robin", dt.date(2026, 3, 2))
    assert 'crisis_locale = "IE"' in (tmp_path / "s.toml").read_text()


def test_before_a_record_exists_the_journal_and_defenses_offer_to_start_one_not_a_form(tmp_path):
    """A form that could only answer "there is no record yet" (and lose what was typed) is not shown."""
    db = str(tmp_path / "empty.db")
    with browser(create_app(db, reader=LexicalReader(), settings_path=tmp_path / "s.toml")) as c:
        for url, form_id in (("/journal", "journal-form"), ("/defenses", "defense-form")):
            page = c.get(url)
            assert page.status_code == 200
            assert f'id="{form_id}"' not in page.text and "<textarea" not in page.text
            assert re.search(r'<a href="/welcome"[^>]*id="start-own-record"[^>]*>Start your own record</a>', page.text)
            assert "There is no record yet" in page.text
        assert c.get("/sessions/new", follow_redirects=False).headers["location"] == "/welcome"
    assert Store(db).clients() == []


def test_the_welcome_form_names_its_errors(tmp_path):
    db = str(tmp_path / "empty.db")
    with browser(create_app(db, reader=LexicalReader(), settings_path=tmp_path / "s.toml")) as c:
        later = (TODAY + dt.timedelta(days=5)).isoformat()
        data = {"csrf_token": token(c, "/welcome"), "name": "demo", "started": later, "crisis_locale": "XX"}
        page = c.post("/welcome", data=data).text
        assert 'id="error-name"' in page and 'id="error-started"' in page and 'id="error-crisis_locale"' in page
    assert Store(db).clients() == []


def test_the_example_is_explored_without_ever_being_written(tmp_path):
    db = str(tmp_path / "empty.db")
    with browser(create_app(db, reader=LexicalReader())) as c:
        c.post("/records/switch", data={"csrf_token": token(c, "/welcome"), "record": "demo"})
        page = c.get("/").text
        assert 'id="example-note"' in page and 'data-state="breakthrough"' in page
        refused = c.post("/sessions", data={"csrf_token": token(c), "record": "demo",
                                            "date": "2026-10-19T17:00", "status": "attended"})
        assert refused.status_code == 409 and "This is the example" in refused.text
        refused = c.post("/journal", data={"csrf_token": token(c), "date": "2026-10-19", "text": "Mine."})
        assert refused.status_code == 409
    assert Store(db).clients() == []


def test_a_database_with_several_clients_has_a_record_switcher(sam_db):
    Store(sam_db).create_client("robin", Record())
    with browser(create_app(sam_db, reader=LexicalReader())) as c:
        page = c.get("/").text
        assert 'id="switch-record"' in page and 'data-state="breakthrough"' in page
        c.post("/records/switch", data={"csrf_token": token(c), "record": "robin"})
        assert 'data-state="insufficient_data"' in c.get("/").text
        stale = c.post("/journal", data={"csrf_token": token(c), "record": "sam", "date": "2026-10-19", "text": "x"})
        assert stale.status_code == 409 and "Reload the page" in stale.text
        assert c.post("/records/switch", data={"csrf_token": token(c), "record": "nobody"}).status_code == 404


def test_serve_refuses_a_non_loopback_host_without_allow_remote(sam_db):
    result = CliRunner().invoke(cli_app, ["--db", sam_db, "serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 1
    assert "add --allow-remote if you really mean it" in result.output
    result = CliRunner().invoke(cli_app, ["--db", sam_db, "serve", "--host", "0.0.0.0", "--allow-remote",
                                          "--no-browser"])
    assert result.exit_code == 1
    assert "name the one your phone will use, e.g. --hostname 192.168.1.20" in result.output
    result = CliRunner().invoke(cli_app, ["--db", sam_db, "serve", "--host", "0.0.0.0", "--allow-remote",
                                          "--hostname", "laptop.local", "--no-browser"],
                                env={"MIDCOURSE_WEB_PASSPHRASE": "short"})
    assert result.exit_code == 1 and "at least 10 characters" in result.output


@pytest.mark.parametrize("url, fields", [
    ("/sessions", {"date": "2026-10-19T17:00", "status": "attended"}),
    ("/sessions/2026-10-12T17:00/delete", {}),
    ("/journal", {"date": "2026-10-19", "text": "Mine."}),
    ("/journal/0/delete", {"digest": "x"}),
    ("/defenses", {"date": "2026-10-19", "defense": "humour"}),
    ("/defenses/0/delete", {"digest": "x"}),
    ("/safety", {"answer": "safe"}),
    ("/instruments", {"instrument": "Mine", "min": "0", "max": "10"}),
    ("/delete", {"confirm": "delete"}),
])
def test_no_form_writes_into_the_example(tmp_path, url, fields):
    db = str(tmp_path / "example.db")
    Store(db).save("demo", demo_record())  # as `midcourse demo` stores it
    with browser(create_app(db, reader=LexicalReader())) as c:
        c.post("/records/switch", data={"csrf_token": token(c, "/welcome"), "record": "demo"})
        response = c.post(url, data={"csrf_token": token(c), "record": "demo", **fields}, follow_redirects=False)
        assert response.status_code == 409 and "This is the example" in response.text
    assert Store(db).load("demo") == demo_record()
