"""The conversation starter reads each finding's data, never its prose."""

import dataclasses

from midcourse.assess import assess
from midcourse.findings import Evidence, Finding
from midcourse.settings import Settings
from midcourse.starter import conversation_starter, quoted
from midcourse.states import BY_NAME
from tests.builders import START, attended, record, steady


def test_the_surface_threshold_is_the_setting():
    sessions = steady(6) + [attended(6, depth=4), attended(7, depth=4)]
    result = assess(record(sessions), settings=Settings(low_depth=4))
    assert "I rated \"We talked about what really matters\" 4 or lower out of 10." in result.conversation_starter


def test_late_arrivals_are_read_from_the_data_not_the_words():
    sessions = steady(4) + [attended(4, late=15), attended(5, late=12, depth=2), attended(6, depth=2), attended(7)]
    result = assess(record(sessions))
    attendance = result.finding("attendance")
    reworded = dataclasses.replace(attendance, summary="x", evidence=[
        dataclasses.replace(e, detail="came in after the start") for e in attendance.evidence])
    text = conversation_starter(BY_NAME["wall"], [reworded], START.date())
    assert text.startswith("There's something I'd like to talk about. In the last few weeks I was late twice (30 March "
                           "and 6 April).")


def test_an_unknown_finding_adds_nothing():
    text = conversation_starter(BY_NAME["on_track"], [Finding("something_new", "whatever")], START.date())
    assert text == "I'd like to check in with you about how things are going."


def test_a_sign_found_only_in_words_is_quoted_with_its_date_not_restated():
    sessions = steady(6) + [attended(6, note="I kept changing the subject."), attended(7)]
    starter = assess(record(sessions)).conversation_starter
    assert 'On 13 April I wrote "I kept changing the subject." ' in starter
    assert "surface" not in starter and "I feel" not in starter


def test_each_sentence_of_the_client_is_quoted_once():
    finding = Finding("surface", "words", [Evidence("2026-03-30", "journal", "wrote", quote="Small talk again.")],
                      data={"statements": 1})
    other = Finding("irritation", "words", [Evidence("2026-03-30", "journal", "wrote", quote="Small talk again.")],
                    data={"statements": 1})
    text = conversation_starter(BY_NAME["wall"], [finding, other], START.date())
    assert text.count("Small talk again.") == 1


def test_a_quote_keeps_its_own_closing_mark_and_its_inner_quotes_become_single():
    assert quoted("Why me?") == '"Why me?"' and quoted("Enough!") == '"Enough!"'
    assert quoted("Small talk") == '"Small talk".'
    assert quoted('She said "just relax" and I froze.') == "\"She said 'just relax' and I froze.\""


def test_the_stale_finding_quotes_the_clients_statement_not_an_excerpt_of_a_repeated_note():
    stale = Finding("stale", "words", [
        Evidence("2026-03-23", "journal", "wrote: We keep going around in circles.",
                 quote="We keep going around in circles."),
        Evidence("2026-03-30", "journal", "restates an earlier journal", quote="The garden and the dog and my")],
        data={"statements": 1, "repeats": 1})
    text = conversation_starter(BY_NAME["wall"], [stale], START.date())
    assert 'I wrote "We keep going around in circles."' in text and "garden" not in text
    assert "midcourse finds that some of my recent notes say much the same as earlier ones." in text
