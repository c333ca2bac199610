"""No dead ends (issue 11): a question missed twice is put in a narrower form, "not sure"
takes the careful route, and every check reaches a result within twice its questions."""

from __future__ import annotations

import pytest

from bot.engine import Bundle
from bot.engine.machine import resume
from bot.engine.replies import QuestionReply, ResultReply, reply_dict
from tests.engine.drive import Driver

GARBAGE = ["asdfgh", "hmm well you know", "🤷", "the thing with the stuff", "blue", "42 bananas"]


def _question(reply: object) -> str:
    assert isinstance(reply, QuestionReply), reply
    return reply.question


def _level(reply: object) -> str:
    assert isinstance(reply, ResultReply), reply
    return reply.assessment.level


def _to_frequency(d: Driver) -> None:
    d.start()
    assert _question(d.say("none of these")) == "frequency"


def test_the_emergency_question_is_never_put_the_same_way_a_third_time(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    assert _question(d.say("asdfgh")) == "emergency"
    third = d.say("qwerty")
    assert _question(third) == "emergency.one_sided_weakness"
    assert [o.id for o in third.options] == ["yes", "no"]
    assert "If in doubt, get help now" in third.text


def test_an_unsure_emergency_answer_says_if_in_doubt_get_help_now(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("not sure tbh")
    assert _question(reply).startswith("emergency.")
    assert "If in doubt, get help now" in reply.text


def test_yes_to_one_sign_is_an_emergency_and_no_to_all_moves_on(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("not sure")
    assert _question(d.say("nope")) == "emergency.bladder_bowel"
    assert _level(d.say("yeah")) == "emergency"
    d = Driver(bundle)
    d.start()
    d.say("not sure")
    for _ in range(2):
        d.say("no")
    assert _question(d.say("no")) == "frequency"
    assert d.session.answers["emergency"] == ()


def test_an_unsure_yes_no_about_a_sign_counts_as_yes(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("dunno")
    assert _level(d.say("maybe?")) == "emergency"


def test_a_choice_question_missed_twice_offers_its_options_by_number(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_frequency(d)
    assert _question(d.say("blah")) == "frequency"
    numbered = d.say("blah blah")
    assert _question(numbered) == "frequency.choose"
    assert [o.id for o in numbered.options][-1] == "unsure"
    assert "2. A few times a week" in numbered.text
    assert _question(d.say("2")) == "duration"
    assert d.session.answers["frequency"] == ("weekly",)


def test_unsure_how_long_asks_more_or_less_than_two_weeks(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_frequency(d)
    d.say("every day")
    assert _question(d.say("no idea honestly")) == "duration.more_than_2_weeks"
    assert _question(d.say("yes")) == "course"
    assert d.session.answers["duration"] == ("more_than_2_weeks",)


def test_unsure_about_symptoms_asks_each_doctor_sign(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_frequency(d)
    for text in ["every day", "4 days", "same", "coffee"]:
        d.say(text)
    asked = [_question(d.say("not sure"))]
    answers = {"symptoms.pain": "yes"}
    reply = d.last
    while isinstance(reply, QuestionReply):
        reply = d.say(answers.get(reply.question, "no"))
        if isinstance(reply, QuestionReply):
            asked.append(reply.question)
    assert asked == [f"symptoms.{o}" for o in ("weakness", "wasting", "numbness", "pain", "spreading", "daily_life")]
    assert _level(reply) == "see_doctor"
    assert d.session.answers["symptoms"] == ("pain",)


def test_a_narrowing_question_takes_a_button_press(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("not sure")
    assert _level(d.answer("yes", question="emergency.one_sided_weakness")) == "emergency"


def test_a_narrowing_question_is_shown_again_after_a_restart(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("not sure")
    again = resume(bundle, d.session)
    assert again is not None and _question(again) == "emergency.one_sided_weakness"


@pytest.mark.parametrize("seed", range(len(GARBAGE)))
def test_whatever_is_typed_a_result_comes_within_twice_the_questions(bundle: Bundle, seed: int) -> None:
    d = Driver(bundle)
    d.start()
    for turn in range(2 * len(bundle.order)):
        reply = d.say(GARBAGE[(seed + turn) % len(GARBAGE)])
        if isinstance(reply, ResultReply):
            break
    assert isinstance(d.last, ResultReply), reply_dict(d.last)


def test_a_story_fills_only_what_it_states_lists_it_and_the_emergency_question_is_put_once(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("my thigh twitches every day since about 3 weeks, mostly after coffee")
    assert _question(reply) == "emergency"
    assert "• How often: Every day" in reply.text and "• Triggers: Coffee" in reply.text
    assert "course" not in d.session.answers and "symptoms" not in d.session.answers
    assert _question(d.say("hmm")).startswith("emergency.")  # the narrower form, not a third time


def test_a_question_back_is_answered_from_the_article_then_put_again(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_frequency(d)
    reply = d.say("is it ALS??")
    assert _question(reply) == "frequency"
    assert "highly improbable" in reply.text  # the article's passage, quoted


def test_after_an_emergency_result_fear_gets_the_call_now_advice_again(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    assert _level(d.say("my leg gave way and I can't stand up")) == "emergency"
    reply = d.say("I'm scared")
    assert "emergency number now" in reply.text


def _through_the_story(d: Driver, story: str) -> object:
    """A story naming a symptom, then plain answers until the symptoms question."""
    d.start()
    reply = d.say(story)
    for answer in ("no", "every day", "less than a week", "about the same", "no idea"):
        if _question(reply) == "symptoms":
            break
        reply = d.say(answer)
    return reply


def test_symptoms_a_story_named_are_kept_and_the_rest_still_asked(bundle: Bundle) -> None:
    d = Driver(bundle)
    reply = _through_the_story(d, "my knee jumps a lot and my lower back aches")
    assert _question(reply) == "symptoms"  # a story naming pain says nothing of weakness
    assert reply.selected == ("pain",)
    assert _level(d.say("nope, that's all")) == "see_doctor"  # "nothing else" keeps the pain told
    assert d.session.answers["symptoms"] == ("pain",)


def test_a_sign_told_late_after_a_story_still_ends_in_an_emergency(bundle: Bundle) -> None:
    d = Driver(bundle)
    reply = _through_the_story(d, "twitchy thigh and my back is sore")
    assert _question(reply) == "symptoms"
    assert _level(d.say("the back pain, and since last night I can't feel anything down below")) == "emergency"


def test_signs_gone_through_one_by_one_are_not_opened_again_by_a_vague_mention(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("my thigh twitches and my knee sort of gives way on the stairs now and then")
    assert _question(reply).startswith("emergency.")  # a vague sign: sign by sign at once
    while _question(reply).startswith("emergency."):
        reply = d.say("no")
    for answer in ("every day", "3 weeks", "same", "no idea"):
        reply = d.say(answer)
    assert _question(reply) == "symptoms"
    assert _level(d.say("the knee buckles a little going down steps")) == "see_doctor_soon"


def test_none_pressed_twice_in_one_answer_is_none(bundle: Bundle) -> None:
    """Found by the property test: a forged answer ("none", "none") must not crash."""
    from bot.engine import Answer, step

    d = Driver(bundle)
    d.start()
    session, replies = step(bundle, d.session, Answer(0.0, "en", "emergency", ("none", "none")))
    assert replies and session.answers.get("emergency") == ()


def _to_symptoms(d: Driver) -> object:
    d.start()
    reply = d.say("none of these")
    for answer in ("every day", "3 weeks", "same", "no idea"):
        reply = d.say(answer)
    assert _question(reply) == "symptoms"
    return reply


def test_a_sign_only_hinted_at_later_is_asked_as_one_yes_no_and_the_answer_is_kept(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_symptoms(d)
    reply = d.say("on lunges the knee gives out halfway, and it stops me at work")
    assert _question(reply) == "emergency.cannot_walk"  # that sign only, at once
    assert "If in doubt, get help now" in reply.text and "Got it:" in reply.text
    assert _level(d.say("no")) == "see_doctor_soon"  # the symptoms answer was kept: not asked again
    assert d.session.answers["symptoms"] == ("weakness", "daily_life")
    assert d.session.answers["emergency"] == ()


def test_yes_to_the_hinted_sign_is_an_emergency(bundle: Bundle) -> None:
    d = Driver(bundle)
    _to_symptoms(d)
    assert _question(d.say("my bladder has been odd")) == "emergency.bladder_bowel"
    assert _level(d.say("yes")) == "emergency"


def test_a_bowel_condition_in_the_opening_is_no_emergency(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.say("I take mesalazine for my bowel disease and my thigh has twitched daily for a month")
    assert not isinstance(reply, ResultReply)
    assert _question(reply).startswith("emergency")  # the signs are asked, nothing is taken
