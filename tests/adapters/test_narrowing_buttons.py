"""Narrower questions ride on buttons like any other: Telegram's callback data and
Discord's custom ids carry them and come back as the same press."""

from __future__ import annotations

import re

from bot.adapters.discord.ids import ANSWER, Ref
from bot.adapters.telegram.keyboards import parse, question_keyboard
from bot.engine import Bundle, QuestionReply
from bot.engine.events import Answer
from tests.engine.drive import Driver


def _narrowed(bundle: Bundle) -> QuestionReply:
    d = Driver(bundle)
    d.start()
    reply = d.say("not sure")
    assert isinstance(reply, QuestionReply) and reply.question == "emergency.one_sided_weakness"
    return reply


def test_a_telegram_yes_no_button_comes_back_as_an_answer_to_the_narrower_question(bundle: Bundle) -> None:
    reply = _narrowed(bundle)
    m = bundle.content("en").messages
    keyboard = question_keyboard(bundle, m, reply, "0123abcd", "n1", 7)
    datas = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert all(isinstance(d, str) and len(d.encode()) <= 64 for d in datas)
    presses = [parse(bundle, d) for d in datas if isinstance(d, str) and d.startswith("a|")]
    events = [p.event("en")(0.0) for p in presses if p]
    assert [(e.question, e.options) for e in events if isinstance(e, Answer)] == [
        ("emergency.one_sided_weakness", ("yes",)), ("emergency.one_sided_weakness", ("no",))]


def test_a_numbered_question_offers_not_sure_on_telegram(bundle: Bundle) -> None:
    d = Driver(bundle)
    d.start()
    d.say("none")
    d.say("blah")
    reply = d.say("blah blah")
    assert isinstance(reply, QuestionReply) and reply.question == "frequency.choose"
    m = bundle.content("en").messages
    keyboard = question_keyboard(bundle, m, reply, "0123abcd", "n1", 7)
    last = parse(bundle, keyboard.inline_keyboard[len(reply.options) - 1][0].callback_data)  # type: ignore[arg-type]
    assert last is not None and last.option == "unsure"


def test_a_discord_custom_id_names_a_narrower_question() -> None:
    ref = Ref("0123abcd", "n1", 7, "emergency.cannot_walk")
    custom_id = ref.answer("yes")
    assert len(custom_id) <= 100
    match = re.fullmatch(ANSWER, custom_id)
    assert match is not None
    again = Ref.of(match)
    assert (again.question, again.option) == ("emergency.cannot_walk", "yes")
