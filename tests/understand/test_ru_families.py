"""Russian families found missing on the Russian dev set (our own sentences, never the set's):
a bare «не», free word order for the emergency signs, «вдруг» as "suddenly", ages, dates read
with the clock, a unit before its number, stairs and seats as weakness."""

from __future__ import annotations

import pytest

from bot.engine import Bundle
from bot.understand import Understanding
from tests.understand.conversations import clock


@pytest.fixture(scope="module")
def ru(bundle: Bundle) -> Understanding:
    return bundle.content("ru").understanding


def test_a_bare_ne_is_a_no_and_ne_before_a_verb_is_not(ru: Understanding) -> None:
    assert ru.interpret("emergency", "не!").answer == ()
    assert ru.yes_no("ну не") == "no"
    assert ru.yes_no("не могу стоять") != "no"
    assert "cannot_walk" in ru.interpret("emergency", "не могу стоять").emergency


@pytest.mark.parametrize(("text", "sign"), [
    ("отнялась вдруг левая рука", "one_sided_weakness"),
    ("стул совсем не держу", "bladder_bowel"),
    ("в промежности прямо всё онемело", "bladder_bowel"),
    ("подняться с пола не могу", "cannot_walk"),
    ("утром вдруг подкосилась нога", "cannot_walk"),
    ("ноги уже не держат", "cannot_walk"),
])
def test_emergency_signs_in_free_word_order_whatever_is_asked(ru: Understanding, text: str, sign: str) -> None:
    for asked in ("symptoms", "course"):
        assert sign in ru.interpret(asked, text).emergency, (asked, text)


def test_a_what_if_is_still_no_sign(ru: Understanding) -> None:
    assert ru.interpret("symptoms", "а вдруг нога откажет?").emergency == ()


@pytest.mark.parametrize(("text", "now", "option"), [
    ("сыну пять лет, а дергается у меня неделю", "2026-11-25", "1_to_2_weeks"),  # the son's age is no span
    ("с Рождества", "2027-01-10", "less_than_1_week"),  # read with the clock: 3 days
    ("дня четыре", "2026-11-25", "less_than_1_week"),
    ("месяца два уже", "2026-11-25", "more_than_2_weeks"),
    ("три недели с лишним", "2026-11-25", "more_than_2_weeks"),
])
def test_durations_ages_dates_and_a_unit_before_its_number(ru: Understanding, text: str, now: str,
                                                           option: str) -> None:
    assert ru.interpret("duration", text, now=clock(now)).answer == (option,)


@pytest.mark.parametrize(("text", "option"), [
    ("с дивана с трудом встаю", "weakness"),
    ("по ступенькам еле поднимаюсь", "weakness"),
    ("хватаюсь за стенку", "weakness"),
    ("работать нормально не могу", "daily_life"),
    ("колет будто иголочками", "numbness"),
])
def test_symptoms_in_everyday_russian(ru: Understanding, text: str, option: str) -> None:
    assert ru.interpret("symptoms", text).answer == (option,)


def test_a_little_better_is_improving(ru: Understanding) -> None:
    assert ru.interpret("course", "вроде чуть получше").answer == ("improving",)


def test_a_vague_numbness_down_below_asks_about_the_signs(ru: Understanding) -> None:
    reading = ru.interpret("symptoms", "и что-то внизу занемело")
    assert reading.emergency_unsure or "bladder_bowel" in reading.emergency


@pytest.mark.parametrize("text", [
    "колено подгибается при ходьбе по ступенькам",
    "с табуретки встать не могу без опоры",
    "сил в ногах не осталось",
])
def test_weakness_told_with_a_leg_that_gives_is_weakness_not_a_sign_taken(ru: Understanding, text: str) -> None:
    reading = ru.interpret("symptoms", text)
    assert reading.answer == ("weakness",), text
    assert reading.emergency == (), text


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("symptoms", "икра как будто сдулась", ("wasting",)),
    ("symptoms", "вроде ничего", ()),
    ("course", "полегчало", ("improving",)),
    ("duration", "было давно, давно прошло, а сейчас дней шесть", ("less_than_1_week",)),
])
def test_more_everyday_russian(ru: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert ru.interpret(asked, text).answer == wanted


def test_a_scripted_person_is_run_in_their_language(bundle: Bundle) -> None:
    """`make eval LOCALE=ru CONVERSATIONS=...` runs EVALFORMAT's scripted persons in Russian."""
    from tests.understand.conversations import run

    talk = {"name": "ru_person", "expect_level": "see_doctor_soon", "opening": "привет, бедро дёргается",
            "truth": {"emergency": [], "symptoms": ["weakness"]},
            "say": {"emergency": ["не"], "frequency": ["каждый день"], "duration": ["дня четыре"],
                    "course": ["так же"], "triggers": ["хз"], "symptoms": ["с дивана с трудом встаю"]},
            "yes": "да", "no": "нет", "unsure": "не знаю"}
    result = run(bundle, talk, "ru")
    assert result.level == "see_doctor_soon", result.transcript
    assert result.asked[0] == "emergency"


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("emergency", "да нет, вроде ничего", ()),
    ("course", "сначала стало потише, а сейчас опять хуже", ("worsening",)),
    ("course", "неделю назад было сильнее, теперь получше", ("improving",)),
    ("course", "снова как в начале", ("same",)),
    ("symptoms", "из-за этого плохо сплю", ("daily_life",)),
    ("symptoms", "а сейчас и плечо тоже", ("spreading",)),
])
def test_the_latest_state_and_everyday_russian(ru: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert ru.interpret(asked, text).answer == wanted


@pytest.mark.parametrize(("text", "sign"), [
    ("не чувствую когда подтираюсь", "bladder_bowel"),
    ("вчера не добежала до туалета", "bladder_bowel"),
    ("не чувствую ягодиц", "bladder_bowel"),
    ("нога подломилась", "cannot_walk"),
    ("еле хожу", "cannot_walk"),
    ("не могу пошевелить правой рукой", "one_sided_weakness"),
])
def test_more_signs_in_everyday_russian(ru: Understanding, text: str, sign: str) -> None:
    assert sign in ru.interpret("symptoms", text).emergency


@pytest.mark.parametrize("text", ["не, я нормально хожу", "нет, хожу как обычно и в туалет тоже нормально"])
def test_a_no_that_tells_what_is_normal_is_a_no(ru: Understanding, text: str) -> None:
    assert ru.interpret("emergency", text).answer == ()


@pytest.mark.parametrize(("asked", "text", "wanted"), [
    ("duration", "уже четвертый день", ("less_than_1_week",)),
    ("duration", "пошла вторая неделя", ("1_to_2_weeks",)),
    ("duration", "четвертую неделю", ("more_than_2_weeks",)),
    ("triggers", "жидкости совсем мало пью", ("dehydration",)),
])
def test_ordinal_spans_and_water_in_russian(ru: Understanding, asked: str, text: str, wanted: tuple[str, ...]) -> None:
    assert ru.interpret(asked, text).answer == wanted


@pytest.mark.parametrize(("text", "option"), [
    ("с 22-го", "less_than_1_week"),  # 2026-11-25: three days
    ("где-то с десятого числа", "more_than_2_weeks"),
])
def test_a_day_of_the_month_is_read_with_the_clock(ru: Understanding, text: str, option: str) -> None:
    assert ru.interpret("duration", text, now=clock("2026-11-25")).answer == (option,)
