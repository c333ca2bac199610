"""Fixtures of the end-to-end tests. Each platform keeps to its own clearly marked section."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.engine import Bundle, Session
from bot.service import CheckService
from bot.settings import Settings
from bot.stores import SessionKey, hash_id
from bot.stores.sqlite_store import SqliteStore
from tests.fakes.telegram_server import TOKEN, Call, FakeBotAPI

# ======================================================================================
# Telegram: FakeBotAPI + the real Application (bot.adapters.telegram), sessions in SQLite
# ======================================================================================

TG_SECRET = "e2e-telegram-id-secret"
TG_PROBE = 999_999_999  # a user whose /privacy is a barrier: updates run one after the other


class TelegramBot:
    """The real Telegram adapter polling a FakeBotAPI; restartable on the same SQLite file."""

    def __init__(self, fake: FakeBotAPI, bundle: Bundle, tmp_path: Path) -> None:
        self.fake = fake
        self.bundle = bundle
        self.db = tmp_path / "sessions.sqlite3"
        self.settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_base_url=fake.base_url,
            twitchcheck_id_secret=TG_SECRET,
            twitchcheck_data_dir=tmp_path,
            telegram_concurrent_updates=1,  # in order: `settled()` relies on it (a probe answered last)
        )
        self.app: Application | None = None  # type: ignore[type-arg]
        self.store: SqliteStore | None = None
        self._probes = 0

    async def start(self) -> Application:  # type: ignore[type-arg]
        from bot.adapters.telegram import build_application

        self.store = await SqliteStore(self.db).open()
        service = CheckService(self.bundle, self.store)
        app = build_application(self.settings, service, retry_delay=0.05,
                                chat_budgets=False)  # the stand-in has no per-chat limits
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        self.app = app
        return app

    async def stop(self) -> None:
        app, self.app = self.app, None
        if app is not None:
            assert app.updater is not None
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
        if self.store is not None:
            await self.store.close()
            self.store = None

    # -- waiting ---------------------------------------------------------------------

    async def settle(self, timeout: float = 10.0) -> None:
        """Return once every update queued so far has been handled (a probe /privacy answered)."""
        self._probes += 1
        self.fake.user_text(TG_PROBE, "/privacy")
        await self.fake.wait_for("sendMessage", lambda c: c.params.get("chat_id") == TG_PROBE,
                                 ok=True, count=self._probes, timeout=timeout)

    async def say(self, user: int, text: str, **kwargs: Any) -> dict[str, Any]:
        update = self.fake.user_text(user, text, **kwargs)
        await self.settle()
        return update

    async def press(self, user: int, message: dict[str, Any], data: str, **kwargs: Any) -> dict[str, Any]:
        update = self.fake.user_press(user, message, data, **kwargs)
        await self.settle()
        return update

    # -- looking ---------------------------------------------------------------------

    def key(self, user: int, chat: int | None = None) -> SessionKey:
        secret = TG_SECRET.encode()
        return SessionKey("telegram", hash_id(secret, "telegram", user),
                          hash_id(secret, "telegram-chat", user if chat is None else chat))

    async def session(self, user: int, chat: int | None = None) -> Session | None:
        assert self.store is not None
        record = await self.store.load(self.key(user, chat))
        return None if record is None else record.session

    def rows(self, user: int) -> int:
        with sqlite3.connect(self.db) as db:
            return db.execute("SELECT count(*) FROM sessions WHERE user=?", (self.key(user).user,)).fetchone()[0]

    def sent(self, chat: int) -> list[dict[str, Any]]:
        return self.fake.sent_messages(chat)

    def last(self, chat: int) -> dict[str, Any]:
        msg = self.fake.last_bot_message(chat)
        assert msg is not None
        return msg

    def calls(self, method: str, chat: int | None = None) -> list[Call]:
        return [c for c in self.fake.calls_of(method) if chat is None or c.params.get("chat_id") == chat]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data or url) of every inline button of a bot message."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data") or b.get("url", "")) for row in rows for b in row]


def button(message: dict[str, Any], label: str) -> str:
    """The callback data of the button labelled `label` (ignoring a ✅ mark)."""
    for text, data in buttons(message):
        if text == label or text.endswith(f" {label}"):
            return data
    raise AssertionError(f"no button {label!r} in {buttons(message)}")


@pytest.fixture
async def tg_fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def tg(tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path) -> AsyncIterator[TelegramBot]:
    bot = TelegramBot(tg_fake, bundle, tmp_path)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
