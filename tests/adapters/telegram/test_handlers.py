"""The Telegram adapter's handlers with PTB faked at its own network seam (`BaseRequest`).

Updates go straight into `Application.process_update`; the fake answers the Bot API calls
and records them. Two Applications over one store stand for a restart (or another worker).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import unescape
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.adapters.telegram import build_application
from bot.engine import Bundle
from bot.engine.content import Messages
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.memory_store import MemoryStore

from .bot_api import BOT, FakeBotApi

ANN, BOB = 42, 43
_ids = count(1)


def user(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": f"U{uid}", "language_code": "en"}


def text_update(uid: int, text: str, edited: bool = False) -> dict[str, Any]:
    message: dict[str, Any] = {"message_id": next(_ids), "date": 0, "chat": {"id": uid, "type": "private"},
                               "from": user(uid), "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if edited:
        message["edit_date"] = 1
    return {"update_id": next(_ids), "edited_message" if edited else "message": message}


def press_update(uid: int, shown: dict[str, Any], data: str) -> dict[str, Any]:
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": user(uid), "chat_instance": "c", "data": data, "message": shown}}


class Bot:
    """One process of the adapter: an Application on the fake API, over a shared store."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], api: FakeBotApi) -> None:
        self.app, self.api = app, api

    async def send(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def last(self, chat: int) -> dict[str, Any]:
        """The last message sent to `chat`, its text as the reader sees it (HTML read)."""
        shown = FakeBotApi.as_dict(self.api.sent(chat)[-1])
        return {**shown, "text": unescape(re.sub(r"</?b>", "", shown["text"]))}


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def open_bot(bundle: Bundle, store: MemoryStore, tmp_path: Path) -> Any:
    settings = Settings(_env_file=None, telegram_bot_token=f"{BOT['id']}:AAtest",  # type: ignore[call-arg]
                        twitchcheck_id_secret="unit", twitchcheck_data_dir=tmp_path)

    @asynccontextmanager
    async def opened(api: FakeBotApi | None = None) -> AsyncIterator[Bot]:
        api = api or FakeBotApi()
        app = build_application(settings, CheckService(bundle, store), updater=False, request=api)
        async with app:
            yield Bot(app, api)

    return opened


def button(shown: dict[str, Any], label: str) -> str:
    for row in shown["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b["text"] == label:
                return str(b["callback_data"])
    raise AssertionError(label)


async def test_after_a_restart_a_typed_answer_clears_the_old_keyboard(open_bot: Any, m: Messages) -> None:
    api = FakeBotApi()
    async with open_bot(api) as bot:
        await bot.send(text_update(ANN, "/start"))
        question = bot.last(ANN)
    assert question["reply_markup"]
    async with open_bot(api) as restarted:  # a new process: nothing in memory
        await restarted.send(text_update(ANN, "none of these"))
    [edit] = api.of("editMessageReplyMarkup")  # its buttons dropped; the next step says what was taken
    assert edit["message_id"] == question["message_id"] and not edit.get("reply_markup")
    assert api.of("editMessageText") == []
    assert [msg.message_id for msg in api.sent(ANN) if msg.markup] == [api.sent(ANN)[-1].message_id]


async def test_an_edit_without_an_emergency_sign_changes_nothing(open_bot: Any, store: MemoryStore,
                                                                 m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        key = bot.app.bot_data["twitchcheck"].key(ANN, ANN)
        before = await store.load(key)
        await bot.send(text_update(ANN, "it twitches every day", edited=True))
        assert bot.last(ANN)["text"] == m.chat.edited
        assert bot.api.of("editMessageText") == bot.api.of("editMessageReplyMarkup") == []
        assert await store.load(key) == before


async def test_an_edit_with_an_emergency_sign_is_read(open_bot: Any, m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        await bot.send(text_update(ANN, "my leg gave way, I cannot walk", edited=True))
        result = bot.last(ANN)
        assert result["text"].startswith(m.levels["emergency"].badge)
        assert "reply_markup" not in result
        assert [msg for msg in bot.api.sent(ANN) if msg.markup] == []  # the question's buttons are gone


async def test_a_press_by_someone_else_is_refused(open_bot: Any, m: Messages) -> None:
    async with open_bot() as bot:
        await bot.send(text_update(ANN, "/start"))
        shown = bot.last(ANN)
        await bot.send(press_update(BOB, shown, button(shown, m.options["emergency"]["none"])))
        [answer] = bot.api.of("answerCallbackQuery")
        assert answer["text"] == m.chat.not_your_check and answer["show_alert"] is True
        assert bot.api.of("editMessageReplyMarkup") == []


async def test_forget_after_a_restart_still_drops_the_buttons(open_bot: Any, store: MemoryStore,
                                                              m: Messages) -> None:
    api = FakeBotApi()
    async with open_bot(api) as bot:
        await bot.send(text_update(ANN, "/start"))
        question = bot.last(ANN)
    async with open_bot(api) as restarted:
        await restarted.send(text_update(ANN, "/forget"))
        assert restarted.last(ANN)["text"] == m.chat.forgotten
        assert await store.load(restarted.app.bot_data["twitchcheck"].key(ANN, ANN)) is None
    [edit] = api.of("editMessageReplyMarkup")
    assert edit["message_id"] == question["message_id"] and edit.get("reply_markup") is None
