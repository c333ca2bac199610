"""Answers read in context: who, when, what-if, how sure; dates read with the event's clock;
the latest state of a change; hedged "no"s. One family per test, in words of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import load_bundle
from bot.understand import Understanding
from bot.understand.dates import Date
from tests.understand.conversations import clock

WEDNESDAY = clock("2026-11-25")


@pytest.fixture(scope="module")
def u() -> Understanding:
    return load_bundle().content("en").understanding


# -- who it is about -------------------------------------------------------------------


def test_a_relatives_emergency_is_not_the_persons(u: Understanding) -> None:
    reading = u.interpret("emergency", "my dad had a stroke in the spring, I have nothing like that")
    assert reading.emergency == ()
    assert reading.answer == ()


def test_a_friends_symptom_is_not_the_persons_but_their_own_is(u: Understanding) -> None:
    assert u.interpret("symptoms", "my flatmate gets numb feet, but my leg is weak").answer == ("weakness",)


def test_someone_elses_frequency_gives_way_to_the_persons_own(u: Understanding) -> None:
    assert u.interpret("frequency", "my sister twitches constantly, mine is once in a while").answer == ("rarely",)


# -- when ------------------------------------------------------------------------------


def test_a_childhood_medicine_is_no_trigger_now(u: Understanding) -> None:
    assert u.interpret("triggers", "I was on steroid tablets when I was a teenager").answer is None
    assert u.interpret("triggers", "I took steroids years ago, these days it's energy drinks").answer == ("caffeine",)


def test_a_past_emergency_is_not_one_now(u: Understanding) -> None:
    reading = u.interpret("emergency", "my leg gave out once years ago, nothing now")
    assert reading.emergency == ()


def test_a_sign_that_passed_is_asked_about_not_taken_or_dropped(u: Understanding) -> None:
    reading = u.interpret("emergency", "my leg gave way on the bus this morning but I can walk fine now")
    assert reading.emergency == ()
    assert reading.emergency_unsure


# -- what if, how sure ------------------------------------------------------------------


def test_a_what_if_is_no_answer(u: Understanding) -> None:
    assert u.interpret("course", "about the same, if it gets worse I'll ring the GP").answer == ("same",)
    assert u.interpret("symptoms", "no pain, I'd worry if it spread to my arms").answer == ()


def test_an_uncertain_emergency_sign_is_asked_about(u: Understanding) -> None:
    reading = u.interpret("emergency", "perhaps my mouth is drooping a little?")
    assert reading.emergency == ()
    assert reading.emergency_unsure


def test_a_sign_asked_about_still_reopens_the_emergency_question(u: Understanding) -> None:
    assert u.interpret("symptoms", "what if my face is drooping?").emergency_unsure


# -- hedged and chatty no ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["nooo", "nope, none", "I don't believe so", "not that I've noticed",
                                  "No. Is that bad?", "um no", "none for now"])
def test_a_hedged_no_to_the_emergency_signs_is_none(u: Understanding, text: str) -> None:
    assert u.interpret("emergency", text).answer == ()


def test_a_no_that_denies_one_thing_is_still_not_none(u: Understanding) -> None:
    assert u.interpret("emergency", "no slurring").answer is None


def test_an_unsure_word_about_another_answer_does_not_block_the_no(u: Understanding) -> None:
    assert u.interpret("emergency", "none of these, it hurts a bit though").answer == ()


# -- change over time --------------------------------------------------------------------


def test_the_latest_state_of_a_change_wins(u: Understanding) -> None:
    assert u.interpret("course", "it got better for a while but now it is worse").answer == ("worsening",)
    assert u.interpret("course", "it was worse at first, now it's easing").answer == ("improving",)
    assert u.interpret("course", "worse some days, better on others").answer is None


def test_a_span_inside_a_change_dates_the_change_not_the_twitching(u: Understanding) -> None:
    assert "duration" not in u.interpret("course", "it eased off for three days and now it's back worse").story


# -- dates read with the clock -----------------------------------------------------------


@pytest.mark.parametrize(("text", "option"), [
    ("since monday", "less_than_1_week"),          # 2 days before a Wednesday
    ("since last tuesday", "1_to_2_weeks"),        # the Tuesday of the week before
    ("since the 2nd", "more_than_2_weeks"),
    ("since the 20th", "less_than_1_week"),
    ("since halloween", "more_than_2_weeks"),
    ("started on the 14th of november", "1_to_2_weeks"),
])
def test_relative_dates_are_read_with_the_events_clock(u: Understanding, text: str, option: str) -> None:
    assert u.interpret("duration", text, now=WEDNESDAY).answer == (option,)


def test_the_same_words_on_another_day_give_another_answer(u: Understanding) -> None:
    boxing_day = clock("2026-12-27")
    assert u.interpret("duration", "since christmas", now=boxing_day).answer == ("less_than_1_week",)
    assert u.interpret("duration", "since christmas", now=WEDNESDAY).answer == ("more_than_2_weeks",)


def test_without_a_clock_a_date_is_not_guessed(u: Understanding) -> None:
    assert u.interpret("duration", "since monday").answer is None


def test_the_calendar_arithmetic_agrees_with_the_standard_library() -> None:
    for n in range(-800, 40_000, 13):
        day = dt.date(1970, 1, 1) + dt.timedelta(days=n)
        assert Date.of(n) == (day.year, day.month, day.day)
        assert Date(day.year, day.month, day.day).number() == n
        assert Date.of(n).weekday() == day.weekday()


# -- everyday descriptions -------------------------------------------------------------


@pytest.mark.parametrize(("text", "option"), [
    ("I have to haul myself up the stairs holding the banister", "weakness"),
    ("the leg feels week", "weakness"),
    ("I've had to phone in sick this week", "daily_life"),
    ("it keeps waking me in the night", "daily_life"),
])
def test_everyday_descriptions_of_doctor_signs(u: Understanding, text: str, option: str) -> None:
    assert option in (u.interpret("symptoms", text).answer or ())


def test_a_rate_within_the_day(u: Understanding) -> None:
    assert u.interpret("frequency", "loads of times during the day").answer == ("daily",)
