"""Safety: the client's own ratings and answers, their words in any text, and a starter that quotes them."""

import datetime as dt

from midcourse.assess import assess
from midcourse.settings import Settings
from tests.builders import attended, day_of, missed, record, steady


def with_safety(ratings):
    """Weekly sessions whose check-ins carry these safety ratings (None: not asked)."""
    sessions = steady(len(ratings))
    for s, r in zip(sessions, ratings, strict=True):
        if r is not None:
            s["checkin"]["safety"] = r
    return record(sessions)


def test_a_safety_rating_of_one_or_more_is_a_crisis_and_the_starter_may_say_so():
    result = assess(with_safety([0, 0, 0, 0, 1]))
    assert (result.state, result.flags) == ("crisis", ["crisis"])
    assert result.resources and result.resources[0].startswith("If you might act on thoughts")
    assert result.conversation_starter == (
        "I need to tell you about my safety: on 30 March, asked how often since the session before I'd had thoughts "
        "of being better off dead or of hurting myself, I answered \"some days\". I want us to talk about my safety "
        "first.")
    assert assess(with_safety([0, 0, 0, 0, 0])).state == "on_track"


def test_a_later_rating_of_zero_ends_the_ratings_crisis():
    assert assess(with_safety([0, 2, 0, 0])).state == "on_track"
    assert assess(with_safety([0, 2, None, None])).state == "crisis"  # unanswered since: it still counts


def test_a_rating_counts_for_crisis_days():
    rec = with_safety([0, 0, 0, 2])
    last = dt.date.fromisoformat(day_of(3))
    assert assess(rec, last + dt.timedelta(days=29)).state == "crisis"
    assert assess(rec, last + dt.timedelta(days=30)).state == "paused"  # and no session for 4 weeks
    assert assess(rec, last + dt.timedelta(days=30), settings=Settings(crisis_days=31)).state == "crisis"


def test_phq9_item_nine_above_zero_is_a_crisis():
    sessions = steady(4)
    sessions[3]["measures"] = {"PHQ-9": 10}
    sessions[3]["items"] = {"PHQ-9": [1, 1, 1, 1, 2, 1, 1, 1, 1]}
    result = assess(record(sessions))
    assert result.state == "crisis"
    assert result.finding("crisis").data["ratings"][0]["source"] == "PHQ-9 item 9"
    sessions[3]["items"] = {"PHQ-9": [1, 1, 1, 1, 2, 1, 1, 2, 0]}
    assert assess(record(sessions)).state == "on_track"


def crisis_words(where, **extra):
    sessions = steady(4)
    doc = {}
    text = "I don't want to be alive anymore."
    if where == "defense":
        doc["defenses"] = [{"date": day_of(3, 1), "defense": "denial", "note": text}]
    elif where == "reason":
        sessions.append(missed(4, "cancelled_by_client", reason=text))
    elif where == "therapist_reason":
        sessions.append(missed(4, "cancelled_by_therapist", reason=text))
    elif where == "checkin":
        sessions[3]["checkin"]["note"] = text
    return record(sessions, **doc, **extra)


def test_crisis_words_are_read_in_every_text_of_the_client():
    for where in ("defense", "reason", "checkin"):
        assert assess(crisis_words(where)).state == "crisis", where


def test_a_therapists_cancellation_reason_is_not_the_clients_words():
    assert assess(crisis_words("therapist_reason")).state != "crisis"


def test_crisis_words_are_quoted_with_their_date():
    result = assess(crisis_words("defense"))
    assert result.conversation_starter == ("On 24 March I wrote \"I don't want to be alive anymore.\" I want to talk "
                                           "about it. I want us to talk about my safety first.")
    assert "I've had thoughts" not in result.conversation_starter


def answer(kind, text="I don't want to be alive anymore.", text_date=None):
    return {"date": day_of(3, 2) + "T09:00", "answer": kind, "text": text, "text_date": text_date or day_of(3, 1)}


def test_a_safe_answer_clears_that_texts_crisis_and_keeps_the_resources():
    result = assess(crisis_words("defense", safety_answers=[answer("safe")]))
    assert result.state == "on_track" and "crisis" not in result.flags
    assert result.finding("crisis_answered").flag is False
    assert result.resources  # still listed, as information


def test_a_safe_answer_to_other_words_or_another_day_clears_nothing():
    assert assess(crisis_words("defense", safety_answers=[answer("safe", text_date=day_of(2))])).state == "crisis"
    assert assess(crisis_words("defense", safety_answers=[answer("safe", text="Something else.")])).state == "crisis"


def test_a_not_safe_answer_keeps_crisis():
    result = assess(crisis_words("defense", safety_answers=[answer("not_safe")]))
    assert result.state == "crisis"
    assert result.finding("crisis").data["not_safe"][0]["text"] == "I don't want to be alive anymore."
    general = record(steady(4), safety_answers=[{"date": day_of(3, 1) + "T08:00", "answer": "not_safe"}])
    assert assess(general).state == "crisis"


def test_crisis_leads_every_other_state():
    sessions = [attended(i, alliance=5) for i in range(6)]
    sessions[5]["checkin"]["safety"] = 1
    result = assess(record(sessions))
    assert result.state == "crisis" and result.flags[:2] == ["crisis", "fit_concern"]
    assert "keep going" not in (result.next_step + result.conversation_starter).lower()
