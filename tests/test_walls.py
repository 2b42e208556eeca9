"""The wall families: they fade when their signs stop, 'upset' needs corroboration, only the client's
own words count, and the window's first day belongs to it."""

from midcourse.assess import assess
from midcourse.settings import Settings
from tests.builders import attended, day_of, missed, record, steady


def test_a_wall_fades_when_its_signs_stop():
    signs = steady(4) + [attended(4, late=15, depth=3), attended(5, late=12, depth=2)]
    assert assess(record(signs + [attended(6)])).state == "wall"
    assert assess(record(signs + [attended(6), attended(7)])).state == "wall"  # signs in the last 3 sessions
    assert assess(record(signs + [attended(6), attended(7), attended(8)])).state == "on_track"


def test_fading_is_a_setting():
    signs = steady(4) + [attended(4, late=15, depth=3), attended(5, late=12, depth=2), attended(6), attended(7)]
    assert assess(record(signs), settings=Settings(wall_fade_sessions=2)).state == "on_track"


def test_upset_alone_is_not_irritation():
    sessions = steady(6) + [attended(6, after="upset"), attended(7, after="upset")]
    sessions[1]["checkin"]["after"] = "upset"
    sessions[3]["checkin"]["after"] = "upset"
    assert "irritation" not in assess(record(sessions)).flags  # upset as often as before: hard sessions


def test_upset_counts_with_a_rise_over_the_clients_own_rate():
    sessions = steady(6) + [attended(6, after="upset"), attended(7, after="upset")]
    finding = assess(record(sessions)).finding("irritation")
    assert finding is not None and finding.summary == "left 2 recent sessions upset"


def test_upset_counts_with_the_clients_words_of_irritation():
    sessions = steady(2) + [attended(2, after="upset"), attended(3, after="upset", note="She really annoyed me.")]
    assert "irritation" in assess(record(sessions)).flags


def test_irritated_counts_by_itself():
    sessions = steady(6) + [attended(6, after="irritated"), attended(7, after="irritated")]
    sessions[1]["checkin"]["after"] = "irritated"
    assert assess(record(sessions)).finding("irritation").summary == "left 2 recent sessions irritated"


def test_the_same_reason_given_twice_by_the_therapist_is_not_going_over_the_same_things():
    reason = "Therapist unwell, sorry for the short notice, we will find a new time next week."
    def course(status):
        return steady(2) + [missed(2, status, reason=reason)] + [attended(i) for i in range(3, 6)] + [
            missed(6, status, reason=reason), attended(7)]

    assert "stale" not in assess(record(course("cancelled_by_therapist"))).flags
    assert "stale" in assess(record(course("cancelled_by_client"))).flags  # the client's own words do count


def test_text_on_the_first_day_of_the_window_is_recent():
    sessions = steady(8)
    words = "I keep wondering whether therapy is even worth it."
    whole_window = Settings(wall_fade_sessions=4)
    on = assess(record(sessions, [{"date": day_of(4), "text": words}]), settings=whole_window)  # weeks 4-7
    assert "quitting" in on.flags
    before = assess(record(sessions, [{"date": day_of(3, 6), "text": words}]), settings=whole_window)
    assert "quitting" not in before.flags


def test_improvement_reached_on_the_first_day_of_the_window_is_a_breakthrough():
    scores = [18, 18, 17, 16, 12, 12, 12, 12]  # reliable (6) first at week 4, the window's first session
    sessions = [attended(i, measures={"PHQ-9": v}) for i, v in enumerate(scores)]
    assert assess(record(sessions)).state == "breakthrough"


def test_a_note_on_the_first_day_of_the_window_can_repeat_an_earlier_one():
    sessions = steady(8)
    sessions[1]["note"] = "Talked about my mother's criticism and my sister's wedding plans."
    sessions[4]["note"] = "Talked about my mother's criticism and my sister's wedding plans again."
    result = assess(record(sessions), settings=Settings(wall_fade_sessions=4))
    assert result.finding("stale").data["repeats"] == 1
