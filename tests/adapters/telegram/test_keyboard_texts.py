# ruff: noqa: F811 (the fixtures of test_handlers.py, imported by name, are the test arguments)
"""Issue 12 items 9 and 10 on Telegram (PTB faked at BaseRequest): the emergency keyboard has
short buttons and its message lists each sign in full, "None of these" answers in one tap,
/privacy names the configured session time, and a group gets only what works there."""

from __future__ import annotations

import re
from html import unescape
from itertools import count
from pathlib import Path
from typing import Any

from bot.adapters.telegram import build_application
from bot.engine import Bundle
from bot.engine.content import BUTTON_MAX, Messages
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.memory_store import MemoryStore

from .bot_api import BOT, FakeBotApi
from .test_handlers import ANN, Bot, button, m, open_bot, press_update, store, text_update, user  # noqa: F401

GROUP = -100_200
_ids = count(10_000)


def labels(shown: dict[str, Any]) -> list[str]:
    return [b["text"] for row in shown["reply_markup"]["inline_keyboard"] for b in row]


def now_showing(bot: Bot, message_id: int) -> dict[str, Any]:
    """A message as it reads now (a press edits the pressed message into the next step)."""
    shown = FakeBotApi.as_dict(bot.api.messages[message_id])
    return {**shown, "text": unescape(re.sub(r"</?b>", "", shown["text"]))}


def group_command(uid: int, text: str) -> dict[str, Any]:
    message = {"message_id": next(_ids), "date": 0, "chat": {"id": GROUP, "type": "supergroup", "title": "g"},
               "from": user(uid), "text": text,
               "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}
    return {"update_id": next(_ids), "message": message}


async def test_emergency_buttons_are_short_and_the_message_lists_the_signs(open_bot: Any, m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        shown = bot.last(ANN)
    assert labels(shown) == [*m.buttons["emergency"].values(), m.options["emergency"]["none"], m.chat.done_button]
    assert all(len(label) <= BUTTON_MAX for label in labels(shown))
    for sign in m.buttons["emergency"]:
        assert f"• {m.options['emergency'][sign]}" in shown["text"]


async def test_none_of_these_answers_in_one_tap(open_bot: Any, store: MemoryStore, m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        shown = bot.last(ANN)
        await bot.send(press_update(ANN, shown, button(shown, m.options["emergency"]["none"])))
        assert m.questions["frequency"].prompt in now_showing(bot, shown["message_id"])["text"]  # no Done
        assert len(bot.api.of("answerCallbackQuery")) == 1
        record = await store.load(bot.app.bot_data["twitchcheck"].key(ANN, ANN))
    assert record is not None and record.session.answers["emergency"] == ()


async def test_none_after_ticking_a_sign_asks_about_that_sign(open_bot: Any, store: MemoryStore,
                                                              m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        shown = bot.last(ANN)
        await bot.send(press_update(ANN, shown, button(shown, m.buttons["emergency"]["cannot_walk"])))
        ticked = now_showing(bot, shown["message_id"])
        assert m.chat.selected_option.format(label=m.buttons["emergency"]["cannot_walk"]) in labels(ticked)
        await bot.send(press_update(ANN, ticked, button(ticked, m.options["emergency"]["none"])))
        text = now_showing(bot, shown["message_id"])["text"]
        assert m.narrowing.none_and_signs in text and m.narrowing.prompts["emergency.cannot_walk"] in text
        record = await store.load(bot.app.bot_data["twitchcheck"].key(ANN, ANN))
    assert record is not None and "emergency" not in record.session.answers


async def test_privacy_names_the_configured_session_time(bundle: Bundle, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, telegram_bot_token=f"{BOT['id']}:AAtest",  # type: ignore[call-arg]
                        twitchcheck_id_secret="unit", twitchcheck_data_dir=tmp_path)
    api = FakeBotApi()
    service = CheckService(bundle, MemoryStore(), session_ttl=2 * 86_400)
    async with build_application(settings, service, updater=False, request=api) as app:
        await Bot(app, api).send(text_update(ANN, "/privacy"))
    [sent] = api.sent(ANN)
    assert "a check you don't touch for 2 days is deleted" in unescape(sent.text) and "{ttl}" not in sent.text


async def test_a_group_gets_only_what_works_there(open_bot: Any, store: MemoryStore, m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))  # a check of ANN's, in private
        await bot.send(group_command(ANN, "/help"))
        assert bot.last(GROUP)["text"] == m.help_group
        listed = {line.split()[0] for line in m.help_group.splitlines() if line.startswith("/")}
        assert listed == {"/quick", "/start", "/privacy", "/help"}  # /start or /check: the button to a private check
        await bot.send(group_command(ANN, "/forget"))
        said = bot.last(GROUP)
        assert said["text"] == m.chat.group_forget and m.chat.forgotten not in said["text"]
        assert said["reply_markup"]["inline_keyboard"][0][0]["url"] == f"https://t.me/{BOT['username']}"
        # nothing erased from a group: the private check is still there
        assert await store.load(bot.app.bot_data["twitchcheck"].key(ANN, ANN)) is not None
