"""Dialog paths through the engine: order, emergency stop, back, restart, cancel, stale input."""

from __future__ import annotations

import pytest

from bot.engine import Bundle, QuestionReply, ResultReply, Session, StaleReply
from tests.engine.drive import Driver

ORDER = ["emergency", "frequency", "duration", "course", "triggers", "symptoms"]


def test_questions_come_in_order_with_their_option_ids(bundle: Bundle) -> None:
    d = Driver(bundle)
    seen = []
    reply = d.start()
    expected_options = {
        "emergency": ["one_sided_weakness", "bladder_bowel", "cannot_walk", "none"],
        "frequency": ["rarely", "weekly", "daily", "constant"],
        "duration": ["less_than_1_week", "1_to_2_weeks", "more_than_2_weeks"],
        "course": ["improving", "same", "worsening"],
        "triggers": ["exercise", "dehydration", "caffeine", "stress", "sleep", "medication", "none"],
        "symptoms": ["weakness", "wasting", "numbness", "pain", "spreading", "daily_life", "none"],
    }
    picks = {"emergency": "none", "frequency": "daily", "duration": "1_to_2_weeks", "course": "same",
             "triggers": "none", "symptoms": "none"}
    while isinstance(reply, QuestionReply):
        seen.append(reply.question)
        assert [o.id for o in reply.options] == expected_options[reply.question]
        assert reply.multi == (reply.question in {"emergency", "triggers", "symptoms"})
        reply = d.answer(picks[reply.question])
    assert seen == ORDER
    assert isinstance(reply, ResultReply)
    assert reply.assessment.level == "self_care"


@pytest.mark.parametrize("sign", ["one_sided_weakness", "bladder_bowel", "cannot_walk"])
def test_an_emergency_sign_ends_the_check_at_once(bundle: Bundle, sign: str) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.answer(sign)
    assert isinstance(reply, ResultReply) and reply.assessment.level == "emergency"
    assert not isinstance(reply, QuestionReply)
    assert d.session.status == "done"
    assert "🔴" in reply.text and "emergency" in reply.text.lower()


@pytest.mark.parametrize("path, level", [
    ({"symptoms": ("weakness",)}, "see_doctor_soon"),
    ({"symptoms": ("wasting", "pain")}, "see_doctor_soon"),
    ({"symptoms": ("numbness",)}, "see_doctor"),
    ({"duration": ("more_than_2_weeks",)}, "see_doctor"),
    ({"course": ("worsening",)}, "see_doctor"),
    ({"triggers": ("medication",)}, "see_doctor"),
    ({"triggers": ("exercise", "caffeine")}, "self_care"),
])
def test_each_path_reaches_its_level(bundle: Bundle, path: dict[str, tuple[str, ...]], level: str) -> None:
    d = Driver(bundle)
    reply = d.start()
    defaults = {"emergency": ("none",), "frequency": ("weekly",), "duration": ("less_than_1_week",),
                "course": ("improving",), "triggers": ("none",), "symptoms": ("none",)}
    while isinstance(reply, QuestionReply):
        reply = d.answer(*path.get(reply.question, defaults[reply.question]))
    assert isinstance(reply, ResultReply) and reply.assessment.level == level


def test_every_result_carries_reasons_and_the_disclaimer(bundle: Bundle) -> None:
    d = Driver(bundle)
    reply = d.start()
    while isinstance(reply, QuestionReply):
        reply = d.answer("none" if reply.multi else reply.options[0].id)
    disclaimer = bundle.content("en").messages.result.disclaimer
    assert disclaimer in reply.text
    assert "Why:" in reply.text


def test_several_choice_by_toggles_and_done(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    for option in ("daily", "less_than_1_week", "same"):
        d.answer(option)
    assert d.session.question == "triggers"
    d.toggle("caffeine")
    reply = d.toggle("stress")
    assert reply.selected == ("caffeine", "stress")
    reply = d.toggle("caffeine")
    assert reply.selected == ("stress",)
    reply = d.submit()
    assert d.session.answers["triggers"] == ("stress",)
    assert reply.question == "symptoms"


def test_done_with_nothing_ticked_asks_again_rather_than_assume_none(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.submit()
    assert reply.question == "emergency"
    assert "emergency" not in d.session.answers


def test_none_together_with_a_sign_asks_about_that_sign(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.answer("none", "cannot_walk")  # never assumed "none", never asked the same way again
    assert reply.question == "emergency.cannot_walk"
    assert "emergency" not in d.session.answers


def test_back_returns_to_the_previous_question_showing_the_earlier_answer(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    d.answer("daily")
    reply = d.command("back")
    assert reply.question == "frequency"
    assert "Every day" in reply.text
    assert reply.selected == ("daily",)
    reply = d.answer("weekly")
    assert reply.question == "duration"
    assert d.session.answers["frequency"] == ("weekly",)


def test_back_on_a_several_choice_question_ticks_the_earlier_options(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    for option in ("daily", "less_than_1_week", "same"):
        d.answer(option)
    d.answer("caffeine", "sleep")
    reply = d.command("back")
    assert reply.question == "triggers"
    assert reply.selected == ("caffeine", "sleep")


def test_back_on_the_first_question_says_so_and_changes_nothing(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    before = d.session
    reply = d.command("back")
    assert reply.question == "emergency"
    assert d.session == before


def test_back_after_the_result_reopens_the_last_question(bundle: Bundle) -> None:
    d = Driver(bundle)
    reply = d.start()
    while isinstance(reply, QuestionReply):
        reply = d.answer("none" if reply.multi else reply.options[0].id)
    reply = d.command("back")
    assert reply.question == "symptoms"
    assert d.session.status == "asking"


def test_restart_starts_over_and_cancel_stops(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    d.answer("daily")
    reply = d.command("restart")
    assert reply.question == "emergency"
    assert d.session.answers == {}
    reply = d.command("cancel")
    assert not isinstance(reply, QuestionReply)
    assert d.session.status == "cancelled"
    assert d.session.answers == {}


def test_help_shows_help_and_the_current_question_again(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    before = d.session
    reply = d.command("help")
    assert "/forget" in reply.text
    assert reply.question == "emergency"
    assert d.session == before


def test_a_stale_answer_for_another_question_changes_nothing(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    before = d.session
    reply = d.answer("daily", question="duration")
    assert isinstance(reply, StaleReply)
    assert d.session == before


def test_an_unknown_option_id_changes_nothing(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    before = d.session
    reply = d.answer("definitely_not_an_option")
    assert isinstance(reply, StaleReply)
    assert d.session == before


def test_version_grows_on_every_accepted_event(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    v = d.session.version
    d.answer("none")
    assert d.session.version == v + 1
    d.command("help")
    assert d.session.version == v + 1


def test_an_answer_already_known_is_not_asked_again(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("it has twitched every day for a month")
    assert reply.question == "emergency"  # a story does not answer the emergency question
    reply = d.answer("none")
    assert reply.question == "course"  # frequency and duration were filled from the story
    assert d.session.answers["frequency"] == ("daily",)
    assert d.session.answers["duration"] == ("more_than_2_weeks",)


def test_the_session_round_trips_through_json_exactly(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none")
    d.answer("daily")
    again = Session.from_json(d.session.to_json())
    assert again == d.session
    assert again.to_json() == d.session.to_json()
    assert '"schema_version":1' in d.session.to_json()


def _finish_calm(d: Driver) -> None:
    reply = d.start()
    while isinstance(reply, QuestionReply):
        reply = d.answer("none" if reply.multi else reply.options[0].id)
    assert isinstance(reply, ResultReply) and reply.assessment.level == "self_care"


def test_an_emergency_told_after_the_result_is_not_ignored(bundle: Bundle) -> None:
    d = Driver(bundle)
    _finish_calm(d)
    reply = d.say("my face is drooping on one side and I can't speak properly")
    assert isinstance(reply, ResultReply) and reply.assessment.level == "emergency"


def test_a_possible_emergency_after_the_result_asks_the_emergency_question(bundle: Bundle) -> None:
    d = Driver(bundle)
    _finish_calm(d)
    reply = d.say("my face feels funny")
    assert reply.question == "emergency"


def test_an_emergency_at_the_end_of_a_very_long_message_is_found(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("blah " * 600 + "and now my leg suddenly gave way and I can't walk")
    assert isinstance(reply, ResultReply) and reply.assessment.level == "emergency"
    assert "very long" in reply.text


def test_thanks_after_the_result_changes_nothing(bundle: Bundle) -> None:
    d = Driver(bundle)
    _finish_calm(d)
    before = d.session
    reply = d.say("thanks!")
    assert not isinstance(reply, ResultReply) and d.session == before
