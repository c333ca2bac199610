"""Issue 12 items 9 and 10 in the engine: how to answer is said per input (buttons or
numbers), times in words, short buttons for the emergency signs listed in full in the text,
and "None of these" chosen with signs, which never resolves toward "none"."""

from __future__ import annotations

import shutil

import pytest

from bot.engine import Bundle, QuestionReply, ResultReply, Start, step
from bot.engine.content import BUTTON_MAX
from bot.engine.session import Session
from tests.engine.drive import Driver

LOCALES = ("en", "es", "ru")
SIGNS = ("one_sided_weakness", "bladder_bowel", "cannot_walk")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_greeting_says_tap_only_where_there_are_buttons(bundle: Bundle, locale: str) -> None:
    m = bundle.content(locale).messages
    _, [buttons] = step(bundle, Session(), Start(1.0, locale, "n1"))
    _, [console] = step(bundle, Session(), Start(1.0, locale, "n1", numbered=True))
    assert buttons.text.startswith(f"{m.greeting} {m.chat.answer_buttons}")
    assert console.text.startswith(f"{m.greeting} {m.chat.answer_numbers}")
    assert m.chat.answer_buttons not in console.text


@pytest.mark.parametrize("locale, seconds, said", [
    ("en", 86_400, "24 hours"), ("en", 3_600, "1 hour"), ("en", 172_800, "2 days"), ("en", 5_400, "90 minutes"),
    ("en", 60, "1 minute"), ("en", 90, "90 seconds"),
    ("es", 86_400, "24 horas"), ("es", 3_600, "1 hora"), ("es", 604_800, "7 días"),
    ("ru", 86_400, "24 часа"), ("ru", 75_600, "21 час"), ("ru", 18_000, "5 часов"), ("ru", 60, "1 минуту"),
    ("ru", 300, "5 минут"), ("ru", 259_200, "3 дня"),
])
def test_times_are_said_in_words_with_the_right_plural(bundle: Bundle, locale: str, seconds: int, said: str) -> None:
    assert bundle.content(locale).duration(seconds) == said


@pytest.mark.parametrize("locale", LOCALES)
def test_emergency_buttons_are_short_and_the_text_lists_each_sign_in_full(bundle: Bundle, locale: str) -> None:
    m = bundle.content(locale).messages
    reply = Driver(bundle, locale).start()
    assert isinstance(reply, QuestionReply) and reply.question == "emergency"
    for option in reply.options:
        assert 0 < len(option.button) <= BUTTON_MAX, option
        if option.id in SIGNS:
            assert f"• {m.options['emergency'][option.id]}" in reply.text
    assert [o.button for o in reply.options][-1] == m.options["emergency"]["none"]


def test_none_with_two_signs_asks_only_about_those_signs(bundle: Bundle) -> None:
    m = bundle.content("en").messages
    d = Driver(bundle)
    d.start()
    reply = d.answer("one_sided_weakness", "cannot_walk", "none")  # e.g. a Discord select
    assert reply.question == "emergency.one_sided_weakness" and m.narrowing.none_and_signs in reply.text
    assert d.answer("no").question == "emergency.cannot_walk"  # bladder_bowel was not chosen: not asked
    reply = d.answer("no")
    assert reply.question == "frequency" and d.session.answers["emergency"] == ()


def test_a_yes_to_a_sign_chosen_with_none_is_the_emergency_result(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.answer("none", "bladder_bowel")
    reply = d.answer("yes")
    assert isinstance(reply, ResultReply) and reply.assessment.level == "emergency"


def test_a_one_tap_none_after_ticking_a_sign_asks_about_the_sign(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.toggle("cannot_walk")  # ticked on Telegram, then "None of these" (one tap, no Done)
    reply = d.answer("none")
    assert reply.question == "emergency.cannot_walk" and "emergency" not in d.session.answers


def test_a_one_tap_none_with_nothing_ticked_answers_at_once(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    reply = d.answer("none")
    assert reply.question == "frequency" and d.session.answers["emergency"] == ()


def test_none_with_a_symptom_keeps_the_symptom(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    for option in ("none", "daily", "less_than_1_week", "same", "none"):
        d.answer(option)
    reply = d.answer("none", "weakness")
    assert isinstance(reply, ResultReply) and reply.assessment.level == "see_doctor_soon"
    assert d.session.answers["symptoms"] == ("weakness",)


def test_button_labels_and_privacy_are_checked_at_load(tmp_path) -> None:
    from tests.engine.test_catalog import ROOT, edit, problems

    for folder in ("dialogs", "content", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)

    def change(d: dict) -> None:
        d["buttons"]["emergency"]["bladder_bowel"] = "x" * (BUTTON_MAX + 1)
        del d["buttons"]["emergency"]["cannot_walk"]
        d["privacy"] = d["privacy"].replace("{ttl}", "24 hours")

    edit(tmp_path / "content" / "en" / "messages.yaml", change)
    found = problems(tmp_path)
    assert any(p.startswith("content/en/messages.yaml: privacy: expected {ttl}") for p in found), found
    edit(tmp_path / "content" / "en" / "messages.yaml", lambda d: d.update(privacy="Kept for {ttl}."))
    assert sorted(p for p in problems(tmp_path) if p.startswith("content/en/")) == [
        f"content/en/messages.yaml: buttons.emergency.bladder_bowel: {BUTTON_MAX + 1} characters; expected 1 to 30",
        "content/en/messages.yaml: buttons.emergency.cannot_walk: missing (the label has 47 characters; "
        "a button shows at most 30)",
    ]
