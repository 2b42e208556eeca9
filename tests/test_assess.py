"""Every row of the state table, and the thresholds and distinctions around each rule."""

import datetime as dt
import re

import pytest

from midcourse.assess import NEXT_STEPS, assess
from midcourse.demo import demo_record
from midcourse.settings import Settings
from tests.builders import attended, day_of, missed, record, steady, week


def state(rec, **kw):
    return assess(rec, **kw).state


# --- the state table ----------------------------------------------------------------------------

def test_insufficient_data_without_an_attended_session():
    assert state(record([])) == "insufficient_data"
    assert state(record([missed(0), missed(1, "cancelled_by_therapist")])) == "insufficient_data"


def test_early_with_fewer_than_four_attended_sessions():
    assert state(record(steady(3))) == "early"
    assert state(record(steady(4))) == "on_track"


def test_on_track_otherwise():
    result = assess(record(steady(8)))
    assert (result.state, result.flags, result.next_step) == ("on_track", [], "Keep going.")


def wall_sessions():
    return steady(4) + [attended(4, late=15, depth=3), attended(5, late=12, depth=2), attended(6), attended(7)]


def test_wall_with_two_families_and_four_attended_sessions():
    result = assess(record(wall_sessions()))
    assert result.state == "wall"
    assert result.flags == ["attendance", "surface"]
    assert "often a sign of progress" in result.next_step


def test_one_wall_family_is_not_a_wall():
    sessions = steady(4) + [attended(4, late=15), attended(5, late=12), attended(6), attended(7)]
    result = assess(record(sessions))
    assert (result.state, result.flags) == ("on_track", ["attendance"])


def test_wall_needs_four_attended_sessions():
    sessions = [attended(0, depth=2), missed(1), attended(2, depth=1), missed(3)]
    result = assess(record(sessions))
    assert result.flags == ["attendance", "surface"]  # two families, but only two attended sessions
    assert result.state == "early"


def test_rupture_unrepaired_in_the_recent_window():
    sessions = steady(6) + [attended(6, alliance=5.5), attended(7, alliance=6)]
    result = assess(record(sessions))
    assert result.state == "rupture"
    assert result.findings[0].evidence[0].detail == (
        "alliance 5.5, 2.5 below the mean of the check-ins before it (8.0)")


def test_repaired_rupture_is_not_flagged():
    sessions = steady(5) + [attended(5, alliance=5.5), attended(6, alliance=7.6), attended(7)]
    result = assess(record(sessions))
    assert result.state == "on_track"
    assert result.flags == []
    assert [f.kind for f in result.findings] == ["repaired_rupture"]
    assert result.findings[0].flag is False


def test_rupture_thresholds():
    exactly = steady(6) + [attended(6, alliance=6.0), attended(7, alliance=6.0)]
    below = steady(6) + [attended(6, alliance=6.1), attended(7, alliance=6.1)]
    not_repaired = steady(5) + [attended(5, alliance=5), attended(6, alliance=7.4), attended(7, alliance=7.4)]
    assert state(record(exactly)) == "rupture"
    assert state(record(below)) == "on_track"
    assert state(record(not_repaired)) == "rupture"


def test_rupture_needs_two_previous_checkins():
    assert state(record([attended(0, alliance=9), attended(1, alliance=3), *[attended(i, alliance=3)
                                                                           for i in range(2, 4)]])) != "rupture"


def test_an_unrepaired_rupture_stays_open_after_the_window():
    sessions = steady(3) + [attended(3, alliance=5.5)] + [attended(i, alliance=5.5) for i in range(4, 12)]
    result = assess(record(sessions))
    assert (result.state, result.flags) == ("rupture", ["rupture"])
    assert result.finding("rupture").data["date"] == week(3)


def test_fit_concern_when_the_alliance_never_formed():
    result = assess(record([attended(i, alliance=5) for i in range(6)]))
    assert result.state == "fit_concern"
    assert "averaged 5.0/10 over 6 check-ins" in result.findings[0].summary
    assert "second opinion" in result.next_step


def test_no_fit_concern_when_the_alliance_formed_once():
    values = [7, 7, 7, 4, 4, 4, 4, 4, 4]
    result = assess(record([attended(i, alliance=v) for i, v in enumerate(values)]))
    assert "fit_concern" not in result.flags


def test_fit_concern_thresholds():
    assert "fit_concern" not in assess(record([attended(i, alliance=5) for i in range(2)])).flags
    assert "fit_concern" not in assess(record([attended(i, alliance=5.5) for i in range(6)])).flags


def test_therapist_conduct_is_a_fit_concern():
    journal = [{"date": day_of(5, 1), "text": "She was on her phone for most of the session again."}]
    result = assess(record(steady(6), journal))
    assert result.state == "fit_concern"
    assert result.findings[0].evidence[0].quote == "She was on her phone for most of the session again."


def test_feeling_judged_after_a_challenge_is_a_defense_sign_not_a_fit_concern():
    journal = [{"date": day_of(6, 1), "text": "I felt judged when she challenged my excuses."}]
    sessions = steady(6) + [attended(6, after="irritated"), attended(7, depth=2)]
    result = assess(record(sessions, journal))
    assert "fit_concern" not in result.flags
    assert "irritation" in result.flags


def test_deteriorating_on_reliable_deterioration():
    sessions = [attended(i, measures={"PHQ-9": v}) for i, v in enumerate([8, 9, 11, 14, 18, 17])]
    result = assess(record(sessions))
    assert result.state == "deteriorating"
    assert result.flags[0] == "deterioration"
    assert result.measures[0]["category"] == "harmed"
    assert "ask for a review" in result.next_step


def test_no_deterioration_below_the_reliable_change_threshold():
    sessions = [attended(i, measures={"PHQ-9": v}) for i, v in enumerate([8, 9, 11, 12, 13, 13])]
    assert state(record(sessions)) == "on_track"


def test_sudden_loss_in_the_recent_window_is_deteriorating():
    scores = [10, 10, 10, 10, 10, 18, 18, 18]
    result = assess(record([attended(i, measures={"GAD-7": v}) for i, v in enumerate(scores)]))
    assert result.state == "deteriorating"
    assert "sudden_loss" in result.flags


def test_breakthrough_on_a_sudden_gain_in_the_recent_window():
    scores = [20, 20, 20, 20, 20, 12, 12, 12]
    result = assess(record([attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)]))
    assert result.state == "breakthrough"
    assert result.flags == ["sudden_gain", "reliable_improvement"]
    assert result.measures[0]["sudden_gains"][0]["postgain_date"] == week(5)


def test_breakthrough_on_reliable_improvement_first_reached_recently():
    scores = [18, 17, 16, 15, 14, 13, 12, 11]  # reliable (>= 6) first at session 6 (12)
    result = assess(record([attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)]))
    assert (result.state, result.flags) == ("breakthrough", ["reliable_improvement"])


def test_non_reliable_improvement_is_not_a_breakthrough():
    scores = [18, 17, 16, 15, 14, 14, 13, 13]
    assert state(record([attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)])) == "on_track"


def test_improvement_reached_before_the_window_is_not_a_breakthrough():
    scores = [18, 18, 11, 10, 10, 10, 10, 10]
    result = assess(record([attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)]))
    assert result.state == "on_track"
    assert result.measures[0]["category"] == "improved"


def test_sudden_gain_on_an_instrument_where_lower_is_worse():
    scores = [15, 15, 15, 15, 15, 24, 24, 24]
    result = assess(record([attended(i, measures={"ORS": v}) for i, v in enumerate(scores)]))
    assert result.flags == ["sudden_gain", "reliable_improvement"]
    gain = result.measures[0]["sudden_gains"][0]
    assert (gain["pregain_score"], gain["postgain_score"]) == (15, 24)


# --- crisis comes first --------------------------------------------------------------------------

def crisis_record(days_before_end=3):
    scores = [8, 9, 11, 14, 18, 17]
    sessions = [attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)]
    end = dt.date.fromisoformat(day_of(5))
    journal = [{"date": (end - dt.timedelta(days=days_before_end)).isoformat(),
                "text": "Some nights I don't want to wake up."},
               {"date": day_of(5), "text": "Tired."}]
    return record(sessions, journal)


def test_crisis_leads_with_resources_and_never_says_keep_going():
    result = assess(crisis_record())
    assert result.state == "crisis"
    assert result.flags[:2] == ["crisis", "deterioration"]
    assert result.resources[0].startswith("If you might act on thoughts")
    assert "keep going" not in (result.next_step + result.conversation_starter).lower()
    assert result.conversation_starter == (
        f"On {dt.date.fromisoformat(day_of(5)) - dt.timedelta(days=3):%-d %B} I wrote \"Some nights I don't want "
        "to wake up.\" I want to talk about it. I want us to talk about my safety first.")
    assert result.to_dict()["resources"] == result.resources


def test_crisis_counts_only_the_last_thirty_days():
    assert state(crisis_record(days_before_end=29)) == "crisis"
    assert state(crisis_record(days_before_end=30)) == "deteriorating"


def test_crisis_resources_follow_the_locale():
    result = assess(crisis_record(), settings=Settings(crisis_locale="UK"))
    assert any("116 123" in r for r in result.resources)


def test_crisis_even_without_attended_sessions():
    rec = record([], [{"date": "2026-03-01", "text": "I've been thinking about killing myself."}])
    assert state(rec) == "crisis"


# --- wall families at their thresholds -----------------------------------------------------------

def test_attendance_counts_client_avoidance_not_therapist_cancellations():
    sessions = steady(4) + [missed(4, "cancelled_by_therapist"), missed(5, "cancelled_by_therapist"),
                            attended(6), attended(7)]
    assert "attendance" not in assess(record(sessions)).flags
    sessions = steady(4) + [missed(4, "cancelled_by_client"), missed(5, "no_show"), attended(6), attended(7)]
    finding = assess(record(sessions)).findings[0]
    assert finding.kind == "attendance"
    assert [e.detail for e in finding.evidence] == ["cancelled", "did not attend (no-show)"]


def test_attendance_thresholds():
    nine = steady(4) + [attended(4, late=9), attended(5, late=9), attended(6), attended(7)]
    ten = steady(4) + [attended(4, late=10), attended(5, late=10), attended(6), attended(7)]
    assert "attendance" not in assess(record(nine)).flags
    assert "attendance" in assess(record(ten)).flags


def test_attendance_must_exceed_the_baseline():
    same = [attended(0, late=20), attended(1, late=20), attended(2), attended(3),
            attended(4, late=20), attended(5, late=20), attended(6), attended(7)]
    assert "attendance" not in assess(record(same)).flags


def test_quitting_threshold_and_words():
    at = steady(6) + [attended(6, quit=5), attended(7)]
    below = steady(6) + [attended(6, quit=4), attended(7)]
    assert "quitting" in assess(record(at)).flags
    assert "quitting" not in assess(record(below)).flags
    words = steady(8)
    words[7]["note"] = "I keep wondering whether therapy is even worth it."
    assert "quitting" in assess(record(words)).flags
    negated = steady(8)
    negated[7]["note"] = "I'm not thinking about quitting. I quit smoking though!"
    assert "quitting" not in assess(record(negated)).flags


def test_surface_needs_two_low_depth_checkins():
    one = steady(7) + [attended(7, depth=3)]
    two = steady(6) + [attended(6, depth=3), attended(7, depth=3)]
    assert "surface" not in assess(record(one)).flags
    assert "surface" in assess(record(two)).flags


def test_stale_from_insight_words_or_repetition():
    low = steady(6) + [attended(6, insight=3), attended(7, insight=2)]
    assert "stale" in assess(record(low)).flags
    words = steady(8)
    words[6]["note"] = "We talked about the same things over and over."
    assert "stale" in assess(record(words)).flags
    repeat = steady(8)
    repeat[1]["note"] = "Talked about my mother's criticism and my sister's wedding plans."
    repeat[7]["note"] = "Talked about my mother's criticism and my sister's wedding plans again."
    finding = next(f for f in assess(record(repeat)).findings if f.kind == "stale")
    assert finding.evidence[0].detail.startswith("restates an earlier session note of " + week(1))


def test_irritation_needs_two_checkins_or_words():
    one = steady(7) + [attended(7, after="irritated")]
    two = steady(6) + [attended(6, after="upset"), attended(7, after="irritated")]
    assert "irritation" not in assess(record(one)).flags
    assert "irritation" in assess(record(two)).flags


def test_text_before_the_window_or_after_as_of_is_ignored():
    sessions = steady(8)
    sessions[2]["note"] = "We keep going around in circles."
    assert "stale" not in assess(record(sessions)).flags
    later = steady(8) + [attended(8, late=30, depth=1), attended(9, late=30, depth=1)]
    assert state(record(later), as_of=dt.date.fromisoformat(day_of(7))) == "on_track"


# --- the demo, the starter, the profile ----------------------------------------------------------

@pytest.mark.parametrize(("as_of", "expected"), [
    ("2026-06-15", "early"), ("2026-07-27", "wall"), ("2026-08-10", "wall"), ("2026-08-17", "wall"),
    ("2026-08-24", "rupture"), ("2026-08-31", "wall"), ("2026-09-14", "on_track"), ("2026-10-14", "breakthrough"),
])
def test_demo_course(as_of, expected):
    assert state(demo_record(), as_of=dt.date.fromisoformat(as_of)) == expected


def test_conversation_starter_names_the_observations():
    """Only what the client rated, as their rating in the question's words, and what they wrote, quoted with its date."""
    starter = assess(demo_record(), as_of=dt.date(2026, 8, 10)).conversation_starter
    assert starter == (
        "There's something I'd like to talk about. In the last few weeks I was late once (27 July) and I cancelled "
        "the session of 20 July. After the session of 10 August I rated \"I'm thinking about stopping therapy\" 6 "
        "out of 10. After the sessions of 27 July and 10 August I rated \"We talked about what really matters\" 3 or "
        "lower out of 10. On 27 July I wrote \"I changed the subject.\" After the sessions of 27 July and 10 August I "
        "rated \"I learned something about myself\" 3 or lower out of 10. On 10 August I wrote \"Same things over and "
        "over.\" After the sessions of 27 July and 10 August I noted that I felt irritated. My PHQ-9 is 17 after "
        "eight sessions; midcourse, where I keep my record, says people starting where I did are often nearer 8 by "
        "now. midcourse says this can happen when therapy gets close to something important, and I'd like us to look "
        "at it together.")


# What a sentence of the starter may be: an opening or closing, the client's attendance, a rating in the question's
# words, the client's own sentence quoted with its date, a score of theirs, or what midcourse says, said as its own.
ALLOWED = re.compile(
    r"^(?:There's something (?:I'd like to talk about|good I'd like to share)\.|In the last few weeks I (?:was late|"
    r"missed|cancelled)|It's been \w+ weeks since our last session|After the sessions? of .+ I (?:rated \"|noted that I "
    r"felt)|On \d+ \w+(?: \d{4})? I wrote \"|Something happened that I need to raise with you\.|My ratings of how we "
    r"work together|In most of \w+ check-ins I rated|My [A-Z][\w-]* (?:went from|is|had come down)|midcourse|I'd like"
    r"|I want us)")


@pytest.mark.parametrize("as_of", ["2026-07-27", "2026-08-10", "2026-08-17", "2026-08-24", "2026-09-07",
                                   "2026-10-14", "2026-11-21"])
def test_every_sentence_of_the_starter_is_one_the_client_gave_or_says_whose_it_is(as_of):
    starter = assess(demo_record(), as_of=dt.date.fromisoformat(as_of)).conversation_starter
    sentences = re.split(r'(?<=[.!?])"? (?=[A-Zm])', starter)
    for sentence in sentences:
        assert ALLOWED.match(sentence), (as_of, sentence)


def test_starter_never_diagnoses():
    for as_of in ("2026-07-27", "2026-08-17", "2026-10-14"):
        text = assess(demo_record(), as_of=dt.date.fromisoformat(as_of)).conversation_starter.lower()
        for word in ("depress", "disorder", "diagnos", "defense mechanism", "resistance"):
            assert word not in text


def test_defense_profile():
    profile = assess(demo_record()).defense_profile
    assert profile["observed"] == 3
    assert profile["odf"] == round((6 + 3 + 7) / 3, 2)
    assert profile["by_level"]["7"] == {"name": "high-adaptive", "count": 1}


def test_every_state_has_a_next_step():
    assert set(NEXT_STEPS) == {"crisis", "deteriorating", "paused", "fit_concern", "rupture", "wall",
                               "not_on_track", "breakthrough", "early", "on_track", "insufficient_data"}


def test_settings_change_the_thresholds():
    sessions = steady(6) + [attended(6, quit=4), attended(7)]
    assert "quitting" in assess(record(sessions), settings=Settings(quit_threshold=4)).flags


def test_best_matches_by_index_equal_the_pairwise_cosines():
    """The inverted index of LexicalReader.repeats finds what comparing every pair found."""
    import random
    from collections import Counter

    from midcourse.text.reader import best_matches, cosine

    rng = random.Random(2)
    vocabulary = [f"w{i}" for i in range(40)]
    docs = [Counter(rng.choices(vocabulary, k=rng.randint(0, 12))) for _ in range(300)]
    queries = [Counter(rng.choices(vocabulary, k=rng.randint(1, 12))) for _ in range(50)]
    for query, (best, score) in zip(queries, best_matches(queries, docs), strict=True):
        scores = [cosine(query, d) for d in docs]
        top = max(scores)
        assert score == pytest.approx(top) and scores[best] == pytest.approx(top)
