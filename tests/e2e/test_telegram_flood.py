"""Fair under abuse (issue 17): one flooder must not stall the bot for everyone.

A real bot process (`twitchcheck run`, polling, SQLite) against the Bot API stand-in with
Telegram's limits enforced (tests/fakes/telegram_limits.py: 429 with retry_after). 20 people
do a check by buttons, first alone, then while one private chat sends 600 messages in 10 s and
one group 200 `/quick twitching daily`; then a SIGTERM during a second flood.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.stores import SessionKey, hash_id
from bot.stores.sqlite_store import SqliteStore
from tests.fakes.flood import FLOODER, GOOD, GROUP, ID_SECRET, FloodBot, flood, measure
from tests.fakes.inbox import InboxAPI
from tests.fakes.telegram_limits import TelegramLimits

pytestmark = pytest.mark.timeout(300)


def key(user: int) -> SessionKey:
    secret = ID_SECRET.encode()
    return SessionKey("telegram", hash_id(secret, "telegram", user), hash_id(secret, "telegram-chat", user))


async def test_a_flood_neither_stalls_good_users_nor_floods_back_and_sigterm_is_quick() -> None:
    async with InboxAPI() as api:
        limits = TelegramLimits().install(api)
        async with FloodBot(api) as bot:
            got = await measure(limits, api)
            print(f"\n[flood] {got}")
            assert got["finished_alone"] == len(GOOD) and got["finished_flooded"] == len(GOOD)
            assert got["p99_flooded_s"] <= 2 * got["p99_alone_s"] + 0.5
            assert 1 <= got["flooder_messages_first_minute"] <= 60
            assert 1 <= got["group_messages_first_minute"] <= 25
            assert got["max_sends_in_one_second"] <= 30
            slow_down = [c for c in api.calls_of("sendMessage", ok=True)
                         if c.params["chat_id"] == FLOODER and "skipped" in c.params["text"]]
            assert len(slow_down) == 1  # one kind note, not one per dropped message

            stormy = asyncio.create_task(flood(api, seconds=3.0, private=300, group=100))
            await asyncio.sleep(1.5)  # the flooders' replies are queued now
            seconds = await bot.terminate()
            stormy.cancel()
            print(f"[flood] SIGTERM during a flood: ended in {seconds:.1f} s")
            assert seconds <= 10
            store = await SqliteStore(bot.db).open()
            try:  # sessions intact: every good user's check still there, finished
                for uid in GOOD:
                    record = await store.load(key(uid))
                    assert record is not None and record.session.status == "done"
                assert await store.load(key(FLOODER)) is not None
            finally:
                await store.close()
    assert GROUP < 0
