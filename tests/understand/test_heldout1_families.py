"""Families of phrasing found missing on held-out set 1 (our own sentences, not the set's),
and the set itself as a regression figure (tests/understand/heldout1/, tuned to since)."""

from __future__ import annotations

import pytest
import yaml

from bot.catalog import load_bundle
from bot.engine import Bundle
from bot.understand import Understanding
from tests.understand.conversations import clock, evaluate_conversations
from tests.understand.evaluate import HELDOUT1_CONVERSATIONS, HELDOUT1_PHRASES, evaluate


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


@pytest.fixture(scope="module")
def u(bundle: Bundle) -> Understanding:
    return bundle.content("en").understanding


@pytest.mark.parametrize("text", [
    "my toes drag along the floor when I walk",
    "I've been stumbling a lot on the stairs",
    "the left foot feels lazy and floppy",
    "my foot won't come up properly when I step",
])
def test_a_dragging_or_lazy_foot_is_weakness_not_spreading(u: Understanding, text: str) -> None:
    assert u.interpret("symptoms", text).answer == ("weakness",)


def test_checking_for_a_sign_is_not_having_it(u: Understanding) -> None:
    assert u.interpret("symptoms", "I keep checking my legs for weakness, all normal").answer != ("weakness",)


def test_an_ache_only_in_the_first_days_is_past(u: Understanding) -> None:
    assert "pain" not in (u.interpret("symptoms", "sore for the first couple of days after the match, fine now").answer or ())


@pytest.mark.parametrize("text", ["three times a weak", "once per weak or so"])
def test_a_misspelt_week_is_not_weakness(u: Understanding, text: str) -> None:
    reading = u.interpret("frequency", text)
    assert reading.answer == ("weekly",)
    assert "symptoms" not in reading.story


def test_more_of_something_else_is_not_worse(u: Understanding) -> None:
    assert u.interpret("course", "better since I began eating more bananas").answer == ("improving",)
    assert u.interpret("course", "way more bad than last week").answer == ("worsening",)
    assert u.interpret("course", "more good now").answer == ("improving",)


def test_a_year_dates_what_came_before(u: Understanding) -> None:
    assert u.interpret("emergency", "my face drooped back in 2012 after an operation, all fine now").emergency == ()
    assert u.interpret("symptoms", "my hands twitched too in 2008, nothing now").answer != ("spreading",)


def test_the_other_leg_said_to_be_fine_is_no_spread(u: Understanding) -> None:
    assert u.interpret("symptoms", "nope. my other knee is okay").answer == ()
    assert u.interpret("symptoms", "the other leg is fine but this one is weak").answer == ("weakness",)


def test_a_day_and_a_month_date_the_start(u: Understanding) -> None:
    now = clock("2024-11-20")
    assert u.interpret("duration", "since 17 Nov", now=now).answer == ("less_than_1_week",)
    assert u.interpret("duration", "since 2 weeks", now=now).answer != ("less_than_1_week",)


def test_garden_work_answers_triggers_but_is_not_read_from_a_story(u: Understanding) -> None:
    assert u.interpret("triggers", "all the weeding and mowing").answer == ("exercise",)
    assert "triggers" not in u.interpret("emergency", "I do a lot of gardening, it twitches daily").story


def test_heldout1_conversations_stay_exact_and_never_under(bundle: Bundle) -> None:
    talks = yaml.safe_load(HELDOUT1_CONVERSATIONS.read_text(encoding="utf-8"))
    report = evaluate_conversations(bundle, talks)
    assert [r.name for r in report.under] == []
    assert [r.name for r in report.stuck] == []
    assert [r.name for r in report.too_long] == []
    assert len(report.exact) == len(report.runs), [(r.name, r.expected, r.level) for r in report.runs if r not in report.exact]


def test_heldout1_phrases_stay_at_least_90_percent_right(bundle: Bundle) -> None:
    report = evaluate(bundle, HELDOUT1_PHRASES)
    assert sum(report.right.values()) / sum(report.total.values()) >= 0.90, report.misses
    assert report.emergency_missed == []
