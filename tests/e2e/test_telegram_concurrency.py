"""With concurrent updates on (the production default), different chats are handled at once
but each chat's updates are applied in the order they were sent."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Bundle
from tests.e2e.conftest import TelegramBot
from tests.fakes.telegram_server import FakeBotAPI

SCRIPT = ["/start", "none of these", "every day", "10 days", "about the same", "coffee", "nothing else"]


async def test_each_chat_in_order_while_chats_run_at_once(tg_fake: FakeBotAPI, bundle: Bundle,
                                                           tmp_path: Path) -> None:
    bot = TelegramBot(tg_fake, bundle, tmp_path)
    bot.settings = bot.settings.model_copy(update={"telegram_concurrent_updates": 64})
    await bot.start()
    try:
        users = range(5001, 5021)
        for text in SCRIPT:  # every message of every user queued before the bot reads any
            for user in users:
                tg_fake.user_text(user, text)
        await tg_fake.wait_for("sendMessage", lambda c: "ℹ️" in str(c.params.get("text", "")),
                               count=len(users), timeout=30)
        for user in users:
            session = await bot.session(user)
            assert session is not None and session.status == "done"
            assert session.answers == {"emergency": (), "frequency": ("daily",), "duration": ("1_to_2_weeks",),
                                       "course": ("same",), "triggers": ("caffeine",), "symptoms": ()}
            assert session.result_level == "self_care"
    finally:
        await bot.stop()
