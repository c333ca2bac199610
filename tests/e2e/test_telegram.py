"""End-to-end: the whole private check over a FakeBotAPI, by buttons and by typing."""

from __future__ import annotations

from typing import Any

import pytest

from bot.engine import Bundle
from bot.engine.content import Messages

from .conftest import TelegramBot, button, buttons

ANN = 42
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


def live_keyboards(tg: TelegramBot, chat: int) -> list[dict[str, Any]]:
    return [msg for msg in tg.sent(chat) if any(not d.startswith("http") for _, d in buttons(msg))]


def assert_answered_once(tg: TelegramBot) -> None:
    calls = tg.fake.calls_of("answerCallbackQuery")
    ids = [c.params["callback_query_id"] for c in calls if c.ok]
    assert len(ids) == len(set(ids)) and all(c.ok for c in calls)
    assert not tg.fake._open_queries, "a callback query was left unanswered"


async def test_whole_check_by_buttons(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    first = tg.last(ANN)
    assert m.greeting in first["text"] and m.questions["emergency"].prompt in first["text"]
    labels = [t for t, _ in buttons(first)]
    # short buttons for the signs (listed in full in the text), no Back on the first
    assert labels == [*m.buttons["emergency"].values(), m.options["emergency"]["none"], m.chat.done_button]

    # "None of these" answers in one tap (issue 12): no Done.
    await tg.press(ANN, first, button(first, m.options["emergency"]["none"]))

    # The press turns the pressed message into the next question, the answer taken on its first line.
    answered = tg.fake.message(ANN, first["message_id"])
    assert answered is not None and tg.last(ANN)["message_id"] == first["message_id"]
    got = m.chat.got_it.format(answer=m.options["emergency"]["none"])
    assert answered["text"].startswith(got) and m.questions["frequency"].prompt in answered["text"]
    assert answered["text"].count(m.chat.got_it.split("{")[0]) == 1  # confirmed once

    for qid, option in (("frequency", "daily"), ("duration", "more_than_2_weeks"), ("course", "same")):
        question = tg.last(ANN)
        assert question["message_id"] == first["message_id"]
        assert m.questions[qid].prompt in question["text"]
        assert buttons(question)[-1][0] == m.chat.back_button
        await tg.press(ANN, question, button(question, m.options[qid][option]))

    # Several-choice: a toggle edits the keyboard in place (✅), Done moves on.
    question = tg.last(ANN)
    assert m.questions["triggers"].prompt in question["text"]
    for option in ("caffeine", "stress"):
        await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["triggers"][option]))
    current = tg.last(ANN)
    assert current["message_id"] == question["message_id"]
    for option in ("caffeine", "stress"):
        assert m.chat.selected_option.format(label=m.options["triggers"][option]) in [t for t, _ in buttons(current)]
    await tg.press(ANN, current, button(current, m.chat.done_button))
    assert m.questions["symptoms"].prompt in tg.last(ANN)["text"]
    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["symptoms"]["none"]))  # one tap

    result = tg.last(ANN)
    level = m.levels["see_doctor"]
    got = m.chat.got_it.format(answer=m.options["symptoms"]["none"])
    headline = f"{level.badge} {level.headline}"
    assert result["text"].startswith(f"{got}\n\n{headline}")
    assert {"offset": len(got) + 2, "length": len(headline) + 1, "type": "bold"} in result["entities"]
    assert m.reasons["more_than_2_weeks"] in result["text"] and m.result.disclaimer in result["text"]
    assert all(c.params.get("parse_mode") == "HTML" for c in tg.calls("sendMessage", ANN) + tg.calls("editMessageText", ANN))
    assert live_keyboards(tg, ANN) == []  # no dead buttons left behind
    assert_answered_once(tg)
    session = await tg.session(ANN)
    assert session is not None and session.status == "done" and session.result_level == "see_doctor"
    # One message for the whole check: sent once, then every press edits it into the next step.
    assert len(tg.sent(ANN)) == 1 and all(c.ok for c in tg.calls("sendMessage", ANN))
    presses = len(tg.calls("answerCallbackQuery"))
    assert len(tg.calls("editMessageText", ANN)) + len(tg.calls("editMessageReplyMarkup", ANN)) == presses


async def test_whole_check_by_typing(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/check")
    for text in ("none of these", "every day", "about 10 days", "about the same", "coffee and stress"):
        before = tg.last(ANN)
        await tg.say(ANN, text)
        edited = tg.fake.message(ANN, before["message_id"])
        assert edited is not None and "reply_markup" not in edited  # the keyboard is retired
        assert edited["text"] == before["text"]  # and only that: the answer is confirmed once, below
        assert tg.last(ANN)["text"].startswith(m.chat.got_it.split("{")[0])
    await tg.say(ANN, "nothing else")
    result = tg.last(ANN)
    assert m.levels["self_care"].headline in result["text"]
    assert live_keyboards(tg, ANN) == []
    session = await tg.session(ANN)
    assert session is not None and session.answers["triggers"] == ("caffeine", "stress")


async def test_back_and_restart(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start check")  # the deep link from a group
    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["emergency"]["none"]))
    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["frequency"]["weekly"]))
    duration = tg.last(ANN)
    assert m.questions["duration"].prompt in duration["text"]

    await tg.press(ANN, duration, button(duration, m.chat.back_button))
    back = tg.last(ANN)
    assert back["message_id"] == duration["message_id"]  # the pressed message, now the question before
    assert back["text"].startswith(m.chat.back.format(answer=m.options["frequency"]["weekly"]))
    assert m.questions["frequency"].prompt in back["text"]
    assert len(live_keyboards(tg, ANN)) == 1
    session = await tg.session(ANN)
    assert session is not None and session.question == "frequency" and "frequency" not in session.answers

    await tg.say(ANN, "/back")  # typed command: back to the first question
    assert m.questions["emergency"].prompt in tg.last(ANN)["text"]
    await tg.say(ANN, "/back")
    assert tg.last(ANN)["text"].startswith(m.chat.nothing_to_go_back)

    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["emergency"]["none"]))
    await tg.say(ANN, "/restart")
    restarted = tg.last(ANN)
    assert m.chat.restarted in restarted["text"] and m.questions["emergency"].prompt in restarted["text"]
    session = await tg.session(ANN)
    assert session is not None and session.answers == {} and session.draft == ()
    assert len(live_keyboards(tg, ANN)) == 1

    await tg.say(ANN, "/cancel")
    assert tg.last(ANN)["text"] == m.chat.cancelled
    assert live_keyboards(tg, ANN) == []


async def test_bot_restart_mid_check_keeps_the_session(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    await tg.say(ANN, "none of these")
    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["frequency"]["rarely"]))
    pending = tg.last(ANN)
    assert m.questions["duration"].prompt in pending["text"]

    await tg.stop()
    await tg.start()  # a new Application on the same SQLite file

    await tg.press(ANN, pending, button(pending, m.options["duration"]["less_than_1_week"]))
    answered = tg.fake.message(ANN, pending["message_id"])
    assert answered is not None and m.questions["course"].prompt in answered["text"]
    assert answered["text"].startswith(m.chat.got_it.format(answer=m.options["duration"]["less_than_1_week"]))
    assert len(live_keyboards(tg, ANN)) == 1
    session = await tg.session(ANN)
    assert session is not None and session.answers["duration"] == ("less_than_1_week",)
    assert_answered_once(tg)


async def test_forget_erases_the_user(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    await tg.say(ANN, "none of these")
    assert tg.rows(ANN) == 1
    await tg.say(ANN, "/forget")
    assert tg.last(ANN)["text"] == m.chat.forgotten
    assert tg.rows(ANN) == 0
    assert live_keyboards(tg, ANN) == []


async def test_privacy_and_help(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/privacy")
    assert tg.last(ANN)["text"] == m.privacy.format(ttl="24 hours")
    await tg.say(ANN, "/help")
    assert tg.last(ANN)["text"] == m.help
    assert tg.rows(ANN) == 0  # neither starts a check


async def test_after_a_restart_a_typed_answer_clears_the_old_keyboard(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    question = tg.last(ANN)
    assert buttons(question)

    await tg.stop()
    await tg.start()  # a new process: nothing of the old one's memory is left

    await tg.say(ANN, "none of these")  # typed, not pressed: the adapter must find the keyboard itself
    assert m.questions["frequency"].prompt in tg.last(ANN)["text"]
    assert tg.last(ANN)["text"].startswith(m.chat.got_it.format(answer=m.options["emergency"]["none"]))
    answered = tg.fake.message(ANN, question["message_id"])
    assert answered is not None and "reply_markup" not in answered
    assert answered["text"] == question["text"]  # its buttons dropped; the answer is confirmed once, below
    assert len(live_keyboards(tg, ANN)) == 1  # only the question now asked has buttons
    session = await tg.session(ANN)
    assert session is not None and session.keyboard is not None
    assert session.keyboard.message == f"{ANN}:{tg.last(ANN)['message_id']}"
