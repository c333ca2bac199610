"""The Telegram stand-in answers PTB as the Bot API would, for the parts the tests rely on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter
from telegram.ext import ExtBot

from .telegram_server import TOKEN, ApiError, FakeBotAPI, parse_html

USER = 42
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with ExtBot(TOKEN, base_url=fake.base_url) as plain:  # no retries: every fault shows
        yield plain


def test_parse_html_reads_bold_and_escapes() -> None:
    assert parse_html("<b>🟢 Fine</b>\n&lt;a &amp; b&gt; I&#x27;m") == (
        "🟢 Fine\n<a & b> I'm", [{"type": "bold", "offset": 0, "length": 7}])  # UTF-16 lengths
    for bad in ("knee < thigh", "a & b", "<b>open", "<i>x</i>"):
        with pytest.raises(ValueError):
            parse_html(bad)


async def test_messages_are_checked_and_kept_as_sent(fake: FakeBotAPI, bot: ExtBot[None]) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="ans:yes")]])
    sent = await bot.send_message(USER, "<b>Q</b> &amp; more", parse_mode="HTML", reply_markup=keyboard)
    [stored] = fake.sent_messages(USER)
    assert stored["text"] == sent.text == "Q & more" and stored["entities"][0]["type"] == "bold"
    for text, markup, error in (("x" * 4097, None, "too long"), ("a < b", None, "parse entities"),
                                ("  ", None, "empty"),
                                ("hi", InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]]),
                                 "BUTTON_DATA_INVALID")):
        with pytest.raises(BadRequest, match=f"(?i){error}"):
            await bot.send_message(USER, text, parse_mode="HTML", reply_markup=markup)
    await bot.edit_message_text("Answered", USER, sent.message_id)
    assert "reply_markup" not in fake.message(USER, sent.message_id)  # an edit without markup drops it
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Answered", USER, sent.message_id)


async def test_a_press_needs_the_button_and_is_answered_once(fake: FakeBotAPI, bot: ExtBot[None]) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="ans:yes")]])
    sent = await bot.send_message(USER, "Q?", reply_markup=keyboard)
    shown = fake.message(USER, sent.message_id)
    assert shown is not None
    with pytest.raises(ValueError):
        fake.user_press(USER, shown, "ans:no")
    query = fake.user_press(USER, shown, "ans:yes")["callback_query"]["id"]
    assert await bot.answer_callback_query(query, "Noted") is True
    assert fake.callback_answers[query]["text"] == "Noted"
    with pytest.raises(BadRequest, match="too old"):
        await bot.answer_callback_query(query)


async def test_faults_are_answered_like_the_api(fake: FakeBotAPI, bot: ExtBot[None]) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER, "hi")
    assert flood.value.retry_after in (3, timedelta(seconds=3))  # PTB 22: int, later a timedelta
    fake.fail_next("sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(USER, "hi")
    fake.drop_connection_next("sendMessage", apply=True)  # applied, but the answer is lost
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "once")
    assert [m["text"] for m in fake.sent_messages(USER)] == ["once"]
    assert [c.injected for c in fake.calls_of("sendMessage")] == ["status:429", "status:502", "drop+apply"]


async def test_a_check_can_refuse_calls(fake: FakeBotAPI, bot: ExtBot[None]) -> None:
    """The seam a rate limiter plugs into."""

    def no_more_than_one(method: str, params: dict[str, object]) -> None:
        if method == "sendMessage" and fake.calls_of("sendMessage", ok=True):
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})

    fake.add_check(no_more_than_one)
    await bot.send_message(USER, "first")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "second")


async def test_updates_are_polled_and_confirmed(fake: FakeBotAPI, bot: ExtBot[None]) -> None:
    first = fake.user_text(USER, "/start now")
    assert first["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    fake.user_sticker(USER)
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates][0] == first["update_id"] and len(updates) == 2
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    with pytest.raises(Conflict):
        await bot.get_updates()
