"""More families found missing on English dev set 4 and measure set 5, and by trying our own
phrasings (our own sentences, never the sets'): dates read with the clock (parts of a month,
movable feasts, bank holidays), chatty all-clears, hedged denials, who a phrase is about when the
person is named after it, second-language counts, medicines by name, one-letter yes/no."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.engine import Bundle
from bot.understand import Understanding
from bot.understand.dates import Date, _easter, _latest_of
from bot.understand.matcher import Phrase, PhraseIndex
from bot.understand.vocabulary import Dates
from tests.engine.drive import Driver
from tests.understand import conversations

TALKS = Path(__file__).with_name("locales") / "en_talks.yaml"


@pytest.fixture(scope="module")
def en(bundle: Bundle) -> Understanding:
    return bundle.content("en").understanding


# -- dates: parts of a month, movable feasts, bank holidays -----------------------------------

WED_25_NOV_2026 = 1795608000.0  # 2026-11-25 12:00 UTC, a Wednesday
THU_16_APR_2026 = 1776340800.0  # 2026-04-16 12:00 UTC


@pytest.mark.parametrize(("text", "now", "wanted"), [
    ("since the end of October", WED_25_NOV_2026, ("more_than_2_weeks",)),  # 25 Oct: a month
    ("since the middle of November", WED_25_NOV_2026, ("1_to_2_weeks",)),  # 15 Nov: 10 days
    ("from the end of last month", WED_25_NOV_2026, ("more_than_2_weeks",)),
    ("since Easter Monday", THU_16_APR_2026, ("1_to_2_weeks",)),  # 6 April 2026: 10 days
    ("since Good Friday", THU_16_APR_2026, ("1_to_2_weeks",)),  # 3 April: 13 days
    ("since the bank holiday", THU_16_APR_2026, ("1_to_2_weeks",)),  # Easter Monday
    ("since Thanksgiving", WED_25_NOV_2026, ("more_than_2_weeks",)),  # 26 Nov is tomorrow: last year's
    ("started around Diwali", WED_25_NOV_2026, ("more_than_2_weeks",)),  # 8 Nov 2026: 17 days
])
def test_dates_of_a_month_and_feasts_read_with_the_clock(en: Understanding, text: str, now: float,
                                                         wanted: tuple[str, ...]) -> None:
    assert en.interpret("duration", text, now=now).answer == wanted


def test_movable_feasts() -> None:
    assert [_easter(y) for y in (2024, 2025, 2026)] == [Date(2024, 3, 31), Date(2025, 4, 20), Date(2026, 4, 5)]
    today = Date(2026, 9, 1)
    assert _latest_of(today, "05-w0#1,05-w0#-1,08-w0#-1") == Date(2026, 8, 31)  # August's last Monday
    assert _latest_of(Date(2026, 5, 20), "05-w0#1,05-w0#-1") == Date(2026, 5, 4)  # early May, not yet late May
    assert _latest_of(today, "2025-10-20,2026-11-08") == Date(2025, 10, 20)  # this year's is still to come


def test_a_day_rule_that_is_not_one_is_refused_at_load() -> None:
    with pytest.raises(ValidationError, match=r"days.easter: 'easter\+x' is no day rule"):
        Dates(since=("since",), days={"easter": "easter+x"})


# -- a chatty all-clear to the emergency question ---------------------------------------------

@pytest.mark.parametrize("text", [
    "I can stand, speak and use the loo normally",
    "i can talk and walk, and go to the toilet fine",
    "can still walk and talk, and pee ok",
])
def test_abilities_listed_as_fine_are_none_of_the_signs(en: Understanding, text: str) -> None:
    reading = en.interpret("emergency", text)
    assert reading.answer == () and not reading.emergency_unsure, text


@pytest.mark.parametrize("text", [
    "I can walk and talk, but I can't control my bladder",
    "I can walk, but my face droops on one side",
])
def test_abilities_listed_beside_a_sign_do_not_hide_it(en: Understanding, text: str) -> None:
    assert en.interpret("emergency", text).emergency, text


@pytest.mark.parametrize("text", [
    "No. Standing, talking, weeing all fine",
    "twisted my knee skiing years ago and couldn't walk for a fortnight, all healed, so no",
])
def test_a_chatty_or_storied_no_is_none(en: Understanding, text: str) -> None:
    assert en.interpret("emergency", text).answer == (), text


# -- a phrase that denies one option hides no other question's words --------------------------

def test_worse_after_a_trigger_still_names_the_trigger(en: Understanding) -> None:
    reading = en.interpret(None, "it's been most days for a month, and it's worse after energy drinks")
    assert reading.story.get("triggers") == ("caffeine",)
    assert "course" not in reading.story


def test_a_place_that_feels_asleep_is_numbness_not_spreading(en: Understanding) -> None:
    assert en.interpret("symptoms", "my toes feel like they are asleep").answer == ("numbness",)


# -- more everyday answers: a no to every sign at once, spans, changes, medicines -----------

@pytest.mark.parametrize("text", [
    "negative to all of those",
    "I'm okay on all three",
    "no sign of any of them",
    "not have these things",
    "no. it all works fine down below and I'm getting about fine",
])
def test_a_no_to_every_sign_at_once(en: Understanding, text: str) -> None:
    assert en.interpret("emergency", text).answer == (), text


def test_yes_to_all_still_ticks_every_sign(en: Understanding) -> None:
    assert len(en.interpret("emergency", "yes, all three").emergency) == 3


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("frequency", "from when I wake up until I go to bed", ("constant",)),
    ("frequency", "the entire day without a break", ("constant",)),
    ("duration", "over the last month or two", ("more_than_2_weeks",)),
    ("duration", "since roughly the middle of October", ("more_than_2_weeks",)),
    ("duration", "only since the start of this week", ("less_than_1_week",)),
    ("course", "it isn't really changing", ("same",)),
    ("course", "a little worse if anything", ("worsening",)),  # "if anything" is no condition
    ("triggers", "my GP switched me onto gabapentin", ("medication",)),
    ("symptoms", "it's harder to get off the floor after playing with the kids", ("weakness",)),
    ("symptoms", "I can't squat like I used to", ("weakness",)),
    ("symptoms", "all normal, only the flickering", ()),
])
def test_more_everyday_answers(en: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text, now=WED_25_NOV_2026).answer == wanted


def test_an_article_that_ends_a_phrase_is_not_optional() -> None:
    index = PhraseIndex([Phrase("q", "a", ("worse", "if", "a"))], optional=("a",))
    assert not index.find("worse if".split())


@pytest.mark.parametrize(("text", "wanted"), [
    ("definitely not", "no"),
    ("of course not!", "no"),
    ("it hasn't, thankfully", "no"),
    ("no way", "no"),
    ("yes, definitely", "yes"),
])
def test_an_emphatic_no_to_a_yes_no_question_is_no(en: Understanding, text: str, wanted: str) -> None:
    assert en.yes_no(text) == wanted


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("frequency", "pretty much all teh time", ("constant",)),
    ("symptoms", "my legs go all jelly on the stairs", ("weakness",)),
    ("emergency", "the knee feels wobbly when I kneel, otherwise none", ()),
])
def test_slang_and_a_trailing_no(en: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text).answer == wanted


def test_a_weak_bladder_is_no_leg_weakness(en: Understanding) -> None:
    reading = en.interpret("emergency", "I've had a weak bladder for years, nothing new")
    assert "symptoms" not in reading.story  # not a weak leg
    assert reading.emergency == ()  # asked about at most, never taken


@pytest.mark.parametrize(("text", "option"), [
    ("I don't think it's got any weaker", "weakness"),
    ("the thigh looks the same size as ever", "wasting"),
    ("it never stops me doing my job", "daily_life"),
])
def test_a_hedged_or_plain_denial_of_a_symptom_is_none(en: Understanding, text: str, option: str) -> None:
    assert option not in (en.interpret("symptoms", text).answer or ("?",)), text
    assert en.interpret("symptoms", text).answer == (), text


def test_the_same_size_dates_no_course_from_a_story(en: Understanding) -> None:
    assert "course" not in en.interpret(None, "twitchy knee for 3 weeks, the leg looks the same size as the other").story


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("course", "a bit more each week", ("worsening",)),
    ("frequency", "2 or 3 times by week", ("weekly",)),
    ("frequency", "some times in the day", ("daily",)),
    ("frequency", "one time only so far", ("rarely",)),
])
def test_non_native_counts_and_changes(en: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text).answer == wanted


@pytest.mark.parametrize("text", [
    "this morning I went in my trousers and didn't even feel it coming",
    "my bum feels like it's not mine when I sit",
])
def test_roundabout_accidents_and_saddle_numbness_are_the_sign(en: Understanding, text: str) -> None:
    assert en.interpret("emergency", text).emergency == ("bladder_bowel",), text


def test_a_pronoun_no_is_a_no_only_on_its_own(en: Understanding) -> None:
    assert en.yes_no("it hasn't") == "no"
    # inside a story "I didn't ..." denies something else: never "none of these"
    assert en.interpret("emergency", "I didn't feel it when I wet myself").emergency == ("bladder_bowel",)
    assert en.interpret("emergency", "I didn't sleep, and my face is drooping").emergency == ("one_sided_weakness",)


WED_7_JAN_2026 = 1767787200.0  # 2026-01-07 12:00 UTC
THU_20_AUG_2026 = 1787227200.0  # 2026-08-20 12:00 UTC


@pytest.mark.parametrize(("text", "now", "wanted"), [
    ("ever since the holidays", WED_7_JAN_2026, ("1_to_2_weeks",)),  # the Christmas ones
    ("ever since the holidays", THU_20_AUG_2026, ("more_than_2_weeks",)),  # the summer ones
    ("since Remembrance Day", WED_25_NOV_2026, ("1_to_2_weeks",)),
    ("since the clocks went back", WED_25_NOV_2026, ("more_than_2_weeks",)),
])
def test_more_days_read_with_the_clock(en: Understanding, text: str, now: float, wanted: tuple[str, ...]) -> None:
    assert en.interpret("duration", text, now=now).answer == wanted


@pytest.mark.parametrize("text", ["I take naproxen for my knee", "on beta blockers since the summer", "paracetamol most days"])
def test_everyday_medicines_by_name(en: Understanding, text: str) -> None:
    assert "medication" in (en.interpret("triggers", text).answer or ()), text


# -- who it is about, said after the words ---------------------------------------------------

@pytest.mark.parametrize(("asked", "text"), [
    ("emergency", "the slurred speech was my grandad, not me. None."),
    ("emergency", "a stroke - that was my uncle two years ago, I'm fine"),
    ("symptoms", "numb hands is what my sister has, not me"),
    ("symptoms", "twitching everywhere, that was my colleague, mine is only the thigh"),
])
def test_a_person_named_after_the_words_takes_them(en: Understanding, asked: str, text: str) -> None:
    reading = en.interpret(asked, text)
    assert reading.emergency == () and not reading.emergency_unsure, text
    assert reading.answer in ((), None), text


def test_the_words_are_still_mine_when_i_say_so(en: Understanding) -> None:
    assert en.interpret("symptoms", "it's my knee that aches").answer == ("pain",)


@pytest.mark.parametrize("text", ["no, my face and hands are calm", "arms fine, eyes fine, only the thigh"])
def test_other_parts_said_to_be_fine_are_none(en: Understanding, text: str) -> None:
    reading = en.interpret("symptoms", text)
    assert reading.answer == () and not reading.emergency_unsure, text


def test_a_closing_no_answers_the_signs_unless_a_sign_is_hinted(en: Understanding) -> None:
    assert en.interpret("emergency", "I broke my ankle as a kid. No.").answer == ()
    assert en.interpret("emergency", "my bowels are strange lately. no").answer is None  # asked about


@pytest.mark.parametrize(("text", "wanted"), [
    ("the thigh looks flatter than the other one", ("wasting",)),
    ("I think I've lost a bit of muscle there", ("wasting",)),
    ("I trip more often than before", ("weakness",)),
    ("now my other calf as well", ("spreading",)),
])
def test_more_plain_symptoms(en: Understanding, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret("symptoms", text).answer == wanted


@pytest.mark.parametrize(("text", "wanted"), [
    ("delivering parcels, on my feet all day", ("exercise",)),
    ("my grandad passed away last month", ("stress",)),
    ("we just had a baby", ("sleep",)),
])
def test_more_plain_triggers(en: Understanding, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret("triggers", text).answer == wanted


@pytest.mark.parametrize(("text", "wanted"), [("n", "no"), ("y", "yes"), ("yse", "yes"), ("couldn't tell you", "unsure")])
def test_one_letter_and_misspelt_yes_no(en: Understanding, text: str, wanted: str) -> None:
    assert en.yes_no(text) == wanted


def test_a_one_letter_no_to_a_sign_question_is_no_emergency(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("hmm")
    reply = d.say("what")  # missed twice: the signs one by one
    assert getattr(reply, "question", "").startswith("emergency.")
    while getattr(reply, "question", "").startswith("emergency."):
        reply = d.say("n")
    assert getattr(reply, "question", None) == "frequency"


def test_our_own_english_talks_reach_their_level(bundle: Bundle) -> None:
    """Scripted people in the families above, each through a whole check."""
    report = conversations.evaluate_conversations(bundle, yaml.safe_load(TALKS.read_text(encoding="utf-8")), "en")
    assert [(r.name, r.expected, r.level) for r in report.runs if r.level != r.expected] == []
    assert max(r.answers for r in report.runs) <= 12


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("emergency", "I can stand, talk and go to the loo perfectly fine", ()),
    ("emergency", "heart attack, that was my uncle. nothing for me.", ()),
    ("triggers", "i not know", ()),
])
def test_second_language_and_chatty_nones(en: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text).answer == wanted


@pytest.mark.parametrize("text", [
    "I not have problem with the toilet, walking is fine, face normal",
    "no no no",
    "i'm fine, nothing like this",
    "those things I don't have",
    "no but I'm really worried it's MS",
])
def test_second_language_and_plain_nones_to_the_signs(en: Understanding, text: str) -> None:
    assert en.interpret("emergency", text).answer == (), text


@pytest.mark.parametrize("text", ["no but my knee gave way on the stairs", "no, but I can't lift my arm"])
def test_a_leading_no_never_hides_a_sign_or_a_hint(en: Understanding, text: str) -> None:
    reading = en.interpret("emergency", text)
    assert reading.answer != () and (reading.emergency or reading.emergency_unsure), text


# -- hard cases: weakness and numbness told indirectly, tempting false alarms ------------------

@pytest.mark.parametrize(("text", "wanted"), [
    ("lately I drag myself up the steps holding the rail, I used to run up them", "weakness"),
    ("getting up off my knees in the garden the leg can't push me up, I grab the bench", "weakness"),
    ("my toes keep catching on the carpet and I nearly went flying", "weakness"),
    ("my flip flops keep slipping off that foot", "weakness"),
    ("the outside of my thigh feels like it's not my skin", "numbness"),
    ("a patch feels odd, like after a dental injection", "numbness"),
])
def test_signs_of_weakness_or_numbness_told_indirectly(en: Understanding, text: str, wanted: str) -> None:
    assert wanted in (en.interpret("symptoms", text).answer or ()), text


@pytest.mark.parametrize("text", [
    "weak? no, not really, I'm just worn out, my legs work fine",
    "I feel a bit weak from the heat but my legs are completely fine",
    "no. my legs get like jelly after a long run but that's normal",
    "I compared both legs in the mirror, same size, nothing else",
    "work deadlines are such a pain and my brain is fried, no numbness",
])
def test_tempting_false_alarms_are_none(en: Understanding, text: str) -> None:
    assert en.interpret("symptoms", text).answer in ((), None), text
    assert not {"weakness", "numbness", "pain", "spreading"} & set(en.interpret("symptoms", text).answer or ()), text


def test_a_person_named_after_a_sign_and_before_it_takes_it(en: Understanding) -> None:
    reading = en.interpret("emergency", "no, not me, I'm fine, speech fine. it was my dad who had the stroke")
    assert reading.emergency == () and reading.answer == ()


def test_idioms_in_a_story_note_no_symptom(en: Understanding) -> None:
    assert "symptoms" not in en.interpret(None, "my knee flutters. uni is a real pain and my head is numb from revising").story


def test_all_saints_day(en: Understanding) -> None:
    assert en.interpret("duration", "since All Saints Day", now=WED_25_NOV_2026).answer == ("more_than_2_weeks",)


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("symptoms", "I use the lift instead of the stairs these days", ("weakness",)),
    ("symptoms", "I can't balance on that leg like I could", ("weakness",)),
    ("symptoms", "the side of my thigh feels like cotton wool", ("numbness",)),
    ("symptoms", "bad at spelling lol, otherwise nothing", ()),
    ("symptoms", "tingly from sitting on the floor yesterday, worn off now", None),
])
def test_more_indirect_symptoms_and_false_alarms(en: Understanding, asked: str, text: str,
                                                 wanted: tuple[str, ...] | None) -> None:
    got = en.interpret(asked, text).answer
    if wanted is None:
        assert "numbness" not in (got or ())
    else:
        assert got == wanted


def test_taking_the_lift_is_no_medicine(en: Understanding) -> None:
    assert "medication" not in en.interpret(None, "twitchy thigh, and I've started taking the lift at work").story.get("triggers", ())


def test_a_foot_that_fell_asleep_is_no_fall(en: Understanding) -> None:
    assert not en.interpret("symptoms", "my foot fell asleep on the train").emergency_unsure
    assert "cannot_walk" in en.interpret("symptoms", "I fell over in the street today").emergency_maybe


def test_numb_when_wiping_is_the_sign(en: Understanding) -> None:
    assert en.interpret("emergency", "I couldn't feel the toilet paper when I wiped").emergency == ("bladder_bowel",)
