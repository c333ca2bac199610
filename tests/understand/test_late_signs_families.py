"""Families of phrasing found missing on English held-out set 2 and the Russian dev set
(our own sentences, never the sets'): the saddle area in everyday words, told late; rising
from a chair or climbing stairs as weakness, also in non-native grammar."""

from __future__ import annotations

import pytest

from bot.engine import Bundle
from bot.understand import Understanding


@pytest.fixture(scope="module")
def en(bundle: Bundle) -> Understanding:
    return bundle.content("en").understanding


@pytest.mark.parametrize("text", [
    "it has gone numb between my legs",
    "since lunch I can't feel a thing down below",
    "numbness where you sit, like after hours on a saddle",
    "I can barely feel the toilet seat",
    "my privates feel numb",
    "tingling around my back passage since this morning",
])
def test_saddle_numbness_in_everyday_words_is_an_emergency_sign_whatever_is_asked(en: Understanding, text: str) -> None:
    for asked in ("symptoms", "triggers", "emergency"):
        assert "bladder_bowel" in en.interpret(asked, text).emergency, (asked, text)


@pytest.mark.parametrize("text", [
    "my aunt says her bottom goes numb",  # someone else
    "no numbness down below",  # denied
])
def test_saddle_words_about_someone_else_or_denied_are_no_sign(en: Understanding, text: str) -> None:
    assert en.interpret("symptoms", text).emergency == ()


@pytest.mark.parametrize("text", [
    "getting out of the armchair is a struggle now",
    "it is difficult for me to get up from the sofa",
    "problem to stand up from the chair",
    "the stairs have become really hard",
    "I struggle going up the steps",
    "I have to use both arms to push myself up",
    "the thigh is not strong like before",
    "my legs have not much power",
])
def test_rising_from_a_seat_or_climbing_is_weakness(en: Understanding, text: str) -> None:
    assert "weakness" in (en.interpret("symptoms", text).answer or ()), text


@pytest.mark.parametrize("text", [
    "the kitchen chairs are hard",  # the chair, not the person
    "no weakness, I get up from chairs fine",
    "my grandad struggles with the stairs",
])
def test_chairs_and_stairs_without_a_difficulty_of_mine_are_not_weakness(en: Understanding, text: str) -> None:
    assert "weakness" not in (en.interpret("symptoms", text).answer or ()), text


def test_a_gap_in_a_phrase_spans_a_few_words_of_one_clause_only() -> None:
    from bot.understand.matcher import GAP, Phrase, PhraseIndex

    index = PhraseIndex([Phrase("symptoms", "weakness", ("getting", "up", GAP, "is", "hard"))])
    assert index.find("getting up is hard".split())  # no word in the gap
    assert index.find("getting up from the sofa is hard".split())
    assert not index.find("getting up , the sofa is hard".split())  # a clause end stops it
    assert not index.find("getting up from the old leather sofa is hard".split())  # too far


@pytest.mark.parametrize(("asked", "text", "now_wanted"), [
    ("duration", "my 6 week old son keeps me up, the twitch started 4 days ago", ("less_than_1_week",)),
    ("duration", "it has been going on since last year", ("more_than_2_weeks",)),
    ("frequency", "pretty much every waking hour", ("constant",)),
    ("course", "not really that different", ("same",)),
    ("triggers", "can't put my finger on it", ()),
    ("triggers", "stressed about my dad being ill and sleeping badly", ("stress", "sleep")),
    ("triggers", "it began when I started a new thyroid tablet", ("medication",)),
    ("symptoms", "it looks caved in above the knee", ("wasting",)),
])
def test_everyday_answers(en: Understanding, asked: str, text: str, now_wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text).answer == now_wanted


@pytest.mark.parametrize("text", [
    "last year my knee gave way after a fall but I'm fine now",
    "I couldn't walk for two weeks after the op, long ago",
])
def test_a_sign_in_a_past_episode_is_no_sign_now(en: Understanding, text: str) -> None:
    assert en.interpret(None, text).emergency == ()


def test_legs_that_will_not_hold_me_up_are_a_sign(en: Understanding) -> None:
    assert en.interpret("symptoms", "my legs just won't hold me up").emergency == ("cannot_walk",)


def test_buckling_now_and_then_is_weakness_and_the_sign_is_asked_not_taken(en: Understanding) -> None:
    reading = en.interpret("symptoms", "the knee buckles a little going down steps")
    assert reading.answer == ("weakness",)
    assert reading.emergency == () and reading.emergency_unsure


def test_worse_after_a_trigger_is_no_course_in_a_story(en: Understanding) -> None:
    assert "course" not in en.interpret(None, "twitching daily for a week, worse after the gym").story


def test_its_gone_numb_is_now_and_its_gone_is_past(en: Understanding) -> None:
    assert en.interpret("symptoms", "where I sit it's gone all numb").emergency == ("bladder_bowel",)
    assert en.interpret("symptoms", "between my legs isn't numb").emergency == ()
    assert en.interpret("symptoms", "the tingling, it's gone now").answer != ("numbness",)


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("emergency", "I had a kidney infection last spring, nothing like that now", ()),
    ("emergency", "no have nothing of these things", ()),
    ("emergency", "my brother can't stand since his crash, but me, nothing", ()),
    ("triggers", "worried about money and not drinking enough water", ("dehydration", "stress")),
    ("frequency", "each single evening in bed", ("daily",)),
    ("course", "it was bad at first but now it's nearly gone", ("improving",)),
    ("symptoms", "my aunt has shrinking muscles but I don't have anything similar", ()),
    ("symptoms", "some tingling in the winter, not now", None),
])
def test_more_everyday_english(en: Understanding, asked: str, text: str, wanted: tuple[str, ...] | None) -> None:
    got = en.interpret(asked, text).answer
    if wanted is None:
        assert got is None or "numbness" not in got
    else:
        assert got == wanted


@pytest.mark.parametrize(("text", "sign"), [
    ("I can't feel when I wipe", "bladder_bowel"),
    ("no sensation in my backside", "bladder_bowel"),
    ("went to the toilet and couldn't pee", "bladder_bowel"),
    ("I fell and I can't get back up", "cannot_walk"),
])
def test_more_signs_in_everyday_english(en: Understanding, text: str, sign: str) -> None:
    assert sign in en.interpret("symptoms", text).emergency


def test_a_no_that_tells_the_toilet_is_normal_is_a_no(en: Understanding) -> None:
    assert en.interpret("emergency", "no, I can walk and pee fine").answer == ()


@pytest.mark.parametrize(("text", "question"), [
    ("my sister's leg gave way at the gym, her leg is fine now", "emergency"),
    ("my dad blames his pills", "triggers"),
])
def test_a_trigger_word_that_names_what_is_someone_elses_covers_it(en: Understanding, text: str, question: str) -> None:
    reading = en.interpret(None, text)
    assert reading.emergency == () and question not in reading.story


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("triggers", "I hardly sleep 4 hours", ("sleep",)),
    ("triggers", "I hardly ever drink water", ("dehydration",)),
    ("symptoms", "the leg has got weaker than it used to", ("weakness",)),
])
def test_sleep_hours_water_and_weaker(en: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert en.interpret(asked, text).answer == wanted


def test_stairs_and_rising_told_first_are_weakness_in_spanish_too(bundle: Bundle) -> None:
    es = bundle.content("es").understanding
    assert es.interpret("symptoms", "levantarme del sillón se me hace difícil").answer == ("weakness",)


def test_a_cyclists_saddle_sore_is_asked_about_not_taken(en: Understanding) -> None:
    reading = en.interpret(None, "I ride a lot and get saddle sores, now my thigh twitches")
    assert reading.emergency == () and reading.emergency_unsure


def test_strength_gone_from_one_side_is_the_one_sided_sign_in_spanish(bundle: Bundle) -> None:
    es = bundle.content("es").understanding
    assert es.interpret("symptoms", "se me fue la fuerza de la mitad izquierda").emergency == ("one_sided_weakness",)
    assert es.interpret("symptoms", "no he perdido fuerza del lado derecho").emergency == ()
    assert es.interpret("symptoms", "casi no me puedo mantener de pie").emergency == ("cannot_walk",)
