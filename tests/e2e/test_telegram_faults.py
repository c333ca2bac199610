"""End-to-end: flood control, server and network errors, and odd input, handled calmly."""

from __future__ import annotations

import logging

import pytest

from bot.engine import Bundle
from bot.engine.content import Messages

from .conftest import TelegramBot, button

ANN = 42
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


def statuses(tg: TelegramBot, method: str, chat: int = ANN) -> list[int | None]:
    return [c.status for c in tg.calls(method, chat)]


async def test_flood_control_429_is_waited_out_and_delivered_once(tg: TelegramBot, m: Messages) -> None:
    tg.fake.fail_next("sendMessage", status=429, retry_after=1)
    await tg.say(ANN, "/start")
    assert statuses(tg, "sendMessage") == [429, 200]
    [question] = tg.sent(ANN)
    assert m.questions["emergency"].prompt in question["text"]


@pytest.mark.parametrize(
    ("method", "status"),
    [("sendMessage", 500), ("sendMessage", 502), ("editMessageText", 500), ("answerCallbackQuery", 503)],
)
async def test_server_errors_are_retried_and_nothing_is_lost(
    tg: TelegramBot, m: Messages, method: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    if method == "sendMessage":  # the question sent; after it, every step edits the pressed message
        tg.fake.fail_next(method, status=status)
    await tg.say(ANN, "/start")
    question = tg.last(ANN)
    if method != "sendMessage":
        tg.fake.fail_next(method, status=status)
    press = await tg.press(ANN, question, button(question, m.options["emergency"]["none"]))  # one tap

    answers = [c for c in tg.fake.calls_of("answerCallbackQuery")
               if c.params["callback_query_id"] == press["callback_query"]["id"]]
    assert [c.status for c in answers] == ([status, 200] if method == "answerCallbackQuery" else [200])
    edits = [c for c in tg.calls("editMessageText", ANN)]
    assert [c.status for c in edits] == ([status, 200] if method == "editMessageText" else [200])
    sends = statuses(tg, "sendMessage")
    assert sends == ([status, 200] if method == "sendMessage" else [200])  # the press edits it into the next
    assert [msg["message_id"] for msg in tg.sent(ANN)] == [question["message_id"]]
    assert m.questions["frequency"].prompt in tg.last(ANN)["text"]
    session = await tg.session(ANN)
    assert session is not None and session.question == "frequency"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_lasting_failure_is_logged_without_user_text_and_the_user_told(
    tg: TelegramBot, m: Messages, caplog: pytest.LogCaptureFixture
) -> None:
    await tg.say(ANN, "/start")
    secret_story = "none of these, my left knee is my secret"
    tg.fake.fail_next("sendMessage", status=500, times=4)  # the first try and all 3 retries
    update = await tg.say(ANN, secret_story)

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    logged = errors[0].getMessage()
    assert "NetworkError" in logged and str(update["update_id"]) in logged
    assert "secret" not in caplog.text and "knee" not in caplog.text
    # The answer is kept; the user hears about the failure along with the question it waits on.
    session = await tg.session(ANN)
    assert session is not None and session.answers["emergency"] == () and session.question == "frequency"
    last = tg.last(ANN)
    assert last["text"].startswith(m.chat.error) and m.questions["frequency"].prompt in last["text"]
    await tg.press(ANN, last, button(last, m.options["frequency"]["daily"]))
    assert m.questions["duration"].prompt in tg.last(ANN)["text"]


async def test_lost_response_of_a_send_is_not_retried_into_a_duplicate(
    tg: TelegramBot, m: Messages, caplog: pytest.LogCaptureFixture
) -> None:
    tg.fake.drop_connection_next("sendMessage", apply=True)  # delivered, but the answer is lost
    await tg.say(ANN, "/start")
    texts = [msg["text"] for msg in tg.sent(ANN)]
    assert len(texts) == 2 and m.questions["emergency"].prompt in texts[0]
    assert texts[1].startswith(m.chat.error)  # told once, with the question again: no silent gap
    assert "ServerDisconnectedError" in caplog.text  # aiohttp's name for the dropped connection


async def test_blocked_bot_is_only_logged(tg: TelegramBot, caplog: pytest.LogCaptureFixture) -> None:
    tg.fake.block(ANN)
    await tg.say(ANN, "/start")
    assert statuses(tg, "sendMessage") == [403]
    assert "Forbidden" in caplog.text


async def test_odd_input_is_handled_calmly(tg: TelegramBot, m: Messages, caplog: pytest.LogCaptureFixture) -> None:
    await tg.say(ANN, "/start")
    await tg.say(ANN, "knee " * 2000)  # 10,000 characters
    reply = tg.last(ANN)
    assert reply["text"].startswith(m.chat.too_long) and len(reply["text"]) <= 4096

    for send in (lambda: tg.fake.user_sticker(ANN), lambda: tg.fake.user_photo(ANN, caption="my knee")):
        send()
        await tg.settle()
        assert tg.last(ANN)["text"] == m.chat.text_only

    count = len(tg.sent(ANN))
    mine = tg.fake.user_text(ANN, "every day")
    await tg.settle()
    assert len(tg.sent(ANN)) == count + 1
    before = await tg.session(ANN)
    tg.fake.user_edits(ANN, mine["message"], "rarely")
    tg.fake.user_edits(ANN, mine["message"], "/restart")
    await tg.settle()
    assert len(tg.sent(ANN)) == count + 3  # an edit is not a new answer: a hint each time
    assert tg.last(ANN)["text"] == m.chat.edited
    assert await tg.session(ANN) == before
    tg.fake.user_edits(ANN, mine["message"], "every day, and now my leg gave way and I can't stand")
    await tg.settle()
    assert m.levels["emergency"].headline in tg.last(ANN)["text"]  # an emergency in an edit is read

    await tg.say(ANN, "/frobnicate")
    assert tg.last(ANN)["text"] == m.chat.unknown_command
    await tg.say(ANN, "<b>&amp; knee</b> > thigh & co")  # markup-like text: nothing breaks
    assert all(c.ok for c in tg.calls("sendMessage", ANN) + tg.calls("editMessageText", ANN))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
