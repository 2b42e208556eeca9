"""The iCalendar file of reminders: RFC 5545 basics checked line by line, and the CLI command."""

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from midcourse.cli import app as cli_app
from midcourse.record import Record, Session
from midcourse.reminders import Weekly, calendar, fold, parse_weekly
from midcourse.store import Store

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def record():
    """A record with a held session, two planned ones (one without a time) and a past planned one."""
    return Record(sessions=[
        Session(dt.datetime(2026, 11, 23, 17, 0), "attended"),
        Session(dt.datetime(2026, 11, 20, 17, 0), "planned"),
        Session(dt.datetime(2026, 11, 30, 17, 0), "planned"),
        Session(dt.date(2026, 12, 7), "planned"),
    ])


def unfold(text):
    return text.replace("\r\n ", "")


def components(text):
    """(name, properties) of every component, innermost first closed."""
    stack, found = [], []
    for line in unfold(text).split("\r\n")[:-1]:
        if line.startswith("BEGIN:"):
            stack.append((line[6:], []))
        elif line.startswith("END:"):
            name, props = stack.pop()
            assert name == line[4:]
            found.append((name, props))
        else:
            stack[-1][1].append(line)
    assert stack == []
    return found


def test_the_file_follows_rfc_5545_basics(record):
    text = calendar(record, [parse_weekly("Mon 17:00")], now=NOW, salt="me")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    found = components(text)
    assert [name for name, _ in found].count("VEVENT") == 3  # 2 planned from today on + 1 weekly slot
    calendar_props = next(props for name, props in found if name == "VCALENDAR")
    assert "VERSION:2.0" in calendar_props and any(p.startswith("PRODID:") for p in calendar_props)
    uids = []
    for name, props in found:
        if name == "VEVENT":
            uids += [p for p in props if p.startswith("UID:")]
            assert [p for p in props if p.startswith("DTSTAMP:")] == ["DTSTAMP:20261126T090000Z"]
            assert any(p.startswith("DTSTART") for p in props)
        if name == "VALARM":
            assert "ACTION:DISPLAY" in props
            assert any(p.startswith("TRIGGER;RELATED=END:") for p in props)
            assert "DESCRIPTION:How did the session go? Record your check-in in midcourse while it is fresh." \
                in props
    assert len(uids) == len(set(uids)) == 3
    assert [name for name, _ in found].count("VALARM") == 3


def test_events_and_alarms_are_where_they_should_be(record):
    text = unfold(calendar(record, [Weekly(0, dt.time(17, 0))], now=NOW, alarm_minutes=20, session_minutes=45))
    assert "DTSTART:20261130T170000\r\nDTEND:20261130T174500" in text
    assert "DTSTART;VALUE=DATE:20261207" in text
    assert "20261120" not in text  # a planned session in the past is left out
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in text and "DTSTART:20261130T170000\r\nDTEND" in text
    assert text.count("TRIGGER;RELATED=END:PT20M") == 2
    assert "SUMMARY:Therapy session" in text


def test_the_same_session_keeps_its_uid_and_records_differ():
    record = Record(sessions=[Session(dt.datetime(2026, 12, 1, 9, 0), "planned")])
    uid = re.compile(r"UID:(\S+)")
    one = uid.findall(calendar(record, now=NOW, salt="me"))
    again = uid.findall(calendar(record, now=NOW + dt.timedelta(days=1), salt="me"))
    other = uid.findall(calendar(record, now=NOW, salt="sam"))
    assert one == again and one != other


def test_long_lines_fold_at_75_octets_and_never_inside_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert unfold(folded) == line


@pytest.mark.parametrize("text, slot", [("Mon 17:00", "MO 17:00"), ("monday 9:30", "MO 09:30"),
                                        ("SU 08:05", "SU 08:05"), ("Thu 23:59", "TH 23:59")])
def test_weekly_slots_are_read_as_people_write_them(text, slot):
    assert str(parse_weekly(text)) == slot


@pytest.mark.parametrize("text", ["", "Mon", "17:00", "Mo 25:00", "Xy 10:00", "M 10:00", "Mon 10:60"])
def test_a_bad_weekly_slot_says_what_is_expected(text):
    with pytest.raises(ValueError, match="write a day and a time, e.g. 'Mon 17:00'"):
        parse_weekly(text)


def test_the_cli_writes_the_file(tmp_path, record):
    db = str(tmp_path / "r.db")
    Store(db).save("me", record)
    target = tmp_path / "sessions.ics"
    result = CliRunner().invoke(cli_app, ["--db", db, "reminders", "--ics", "-o", str(target),
                                          "--weekly", "Tue 18:00"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target}: import it into your calendar app.\n"
    text = target.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "RRULE:FREQ=WEEKLY;BYDAY=TU" in text
    bad = CliRunner().invoke(cli_app, ["--db", db, "reminders", "--ics", "--weekly", "someday"])
    assert bad.exit_code == 1
    assert "--weekly: 'someday' is not a weekly slot" in bad.output


def test_the_cli_lists_the_reminders_in_words(tmp_path):
    db = str(tmp_path / "r.db")
    later = dt.date.today() + dt.timedelta(days=3)
    Store(db).save("me", Record(sessions=[Session(dt.datetime.combine(later, dt.time(17, 0)), "planned")]))
    result = CliRunner().invoke(cli_app, ["--db", db, "reminders", "--weekly", "Mon 17:00"])
    from midcourse.wording import when_words

    assert result.exit_code == 0, result.output
    assert result.output == (f"{when_words(dt.datetime.combine(later, dt.time(17, 0)))}: session, then a check-in "
                             "reminder 15 min after\nEvery MO 17:00: session, then a check-in reminder 15 min after\n")
