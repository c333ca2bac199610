"""Telegram in Spanish and Russian: the language comes from the user's language_code, a
check runs through in it by buttons or by typing, and /language switches mid-check."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.app import set_commands
from bot.engine import Bundle

from .conftest import TelegramBot, button

ES, RU, SWITCH = 301, 302, 303
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


async def test_a_spanish_user_goes_through_by_buttons(tg: TelegramBot, bundle: Bundle) -> None:
    m = bundle.content("es").messages
    await tg.say(ES, "/start", language_code="es")
    first = tg.last(ES)
    assert m.greeting in first["text"] and m.questions["emergency"].prompt in first["text"]
    await tg.press(ES, first, button(first, m.options["emergency"]["none"]), language_code="es")  # one tap
    for qid, option in (("frequency", "daily"), ("duration", "more_than_2_weeks"), ("course", "same")):
        question = tg.last(ES)
        assert m.questions[qid].prompt in question["text"]
        await tg.press(ES, question, button(question, m.options[qid][option]), language_code="es")
    for qid in ("triggers", "symptoms"):
        await tg.press(ES, tg.last(ES), button(tg.last(ES), m.options[qid]["none"]), language_code="es")  # one tap
    result = tg.last(ES)["text"]
    level = m.levels["see_doctor"]
    got = m.chat.got_it.format(answer=m.options["symptoms"]["none"])
    assert result.startswith(f"{got}\n\n{level.badge} {level.headline}")  # the pressed message, edited
    assert m.reasons["more_than_2_weeks"] in result and m.result.disclaimer in result


async def test_a_russian_user_goes_through_by_typing(tg: TelegramBot, bundle: Bundle) -> None:
    m = bundle.content("ru").messages
    await tg.say(RU, "/start", language_code="ru")
    assert m.greeting in tg.last(RU)["text"]
    for said in ("нет, ничего такого", "почти каждый день", "дней пять", "так же", "кофе и недосып",
                 "нога стала слабее, и подворачивается"):
        await tg.say(RU, said, language_code="ru")
    result = tg.last(RU)["text"]
    level = m.levels["see_doctor_soon"]
    assert f"{level.badge} {level.headline}" in result  # after "Принято: ..."
    assert m.reasons["weakness"] in result
    session = await tg.session(RU)
    assert session is not None and session.answers["triggers"] == ("caffeine", "sleep")


async def test_language_switches_mid_check_and_keeps_the_answers(tg: TelegramBot, bundle: Bundle) -> None:
    en, es = bundle.content("en").messages, bundle.content("es").messages
    await tg.say(SWITCH, "/start", language_code="en")
    await tg.say(SWITCH, "none of these")
    await tg.say(SWITCH, "every day")
    before = tg.last(SWITCH)
    assert en.questions["duration"].prompt in before["text"]
    await tg.say(SWITCH, "/language es")
    switched = tg.last(SWITCH)
    assert switched["text"].startswith(es.chat.language_set) and es.questions["duration"].prompt in switched["text"]
    assert "reply_markup" not in tg.fake.message(SWITCH, before["message_id"])  # no dead English buttons
    await tg.press(SWITCH, switched, button(switched, es.options["duration"]["less_than_1_week"]))
    assert es.questions["course"].prompt in tg.last(SWITCH)["text"]  # still Spanish, English platform
    session = await tg.session(SWITCH)
    assert session is not None and session.chosen_locale == "es"
    assert session.answers == {"emergency": (), "frequency": ("daily",), "duration": ("less_than_1_week",)}


async def test_the_command_menu_is_set_per_language(tg: TelegramBot, bundle: Bundle) -> None:
    assert tg.app is not None
    await set_commands(tg.app, bundle)
    private = '{"type": "all_private_chats"}'
    for code in ("es", "ru"):
        menu = {c["command"]: c["description"] for c in tg.fake.my_commands[(private, code)]}
        assert menu["language"] == bundle.content(code).messages.chat.menu["language"]
        assert menu["start"] == bundle.content(code).messages.chat.menu["start"]
