"""The session store down while polling: one kind "give me a moment", and nothing lost.

The store (real SQLite) sits behind a switch that makes every call fail as an unreachable
Redis would; `ResilientStore` retries briefly, then the update is put back in the queue and
handled once the store is back (issue 13).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.adapters.telegram import outage
from bot.engine import Bundle
from bot.service import CheckService
from bot.stores.resilient import ResilientStore
from bot.stores.sqlite_store import SqliteStore
from tests.fakes.telegram_server import FakeBotAPI

from .conftest import TelegramBot

ANN = 4343


class Switch:
    """Any SessionStore call fails while `down` is set (as a refused connection does)."""

    def __init__(self, store: SqliteStore) -> None:
        self.store, self.down = store, False

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)

        async def call(*args: Any) -> Any:
            if self.down and name != "close":
                raise RedisConnectionError("Connection refused")
            return await method(*args)
        return call


async def test_an_outage_gives_one_note_and_every_update_is_answered_after(
        tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outage, "AGAIN_AFTER", 1.0)
    bot = TelegramBot(tg_fake, bundle, tmp_path)
    switch: Switch | None = None
    real_open = SqliteStore.open

    async def open_behind_a_switch(self: SqliteStore) -> Any:
        nonlocal switch
        switch = Switch(await real_open(self))
        return switch

    monkeypatch.setattr(SqliteStore, "open", open_behind_a_switch)
    monkeypatch.setattr("tests.e2e.conftest.CheckService",
                        lambda b, s: CheckService(b, ResilientStore(s, patience=0.3)))  # type: ignore[arg-type]
    await bot.start()
    try:
        assert switch is not None
        switch.down = True
        tg_fake.user_text(ANN, "/start")
        tg_fake.user_text(ANN, "hello?")
        await tg_fake.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ANN, timeout=10)
        switch.down = False
        await tg_fake.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ANN and "twitch" in c.params["text"],
                               timeout=20)
        await bot.settle()
        texts = [c.params["text"] for c in tg_fake.calls_of("sendMessage", ok=True) if c.params.get("chat_id") == ANN]
        assert sum("Give me a moment" in t for t in texts) == 1
        assert not any("went wrong" in t for t in texts)
        session = await bot.session(ANN)
        assert session is not None and session.question is not None  # /start was applied after all
    finally:
        await bot.stop()
