"""Check-ins shared by webhook workers on Redis (issue 14, done when 2): 3 workers of
`twitchcheck run --workers 3`, 1,000 check-ins due at once, one worker SIGKILLed midway.

Real parts: the uvicorn worker processes with python-telegram-bot and SAQ, a real
redis-server, the Bot API stand-in counting what each chat receives and when. The workers'
clock is moved to midday by libfaketime (Debian's `faketime`), so check-ins are never held
for the night whatever the hour the test runs; the check-ins are stored beforehand through
the follow-up service itself, on that clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import glob
import os
import signal
import time
from collections import Counter
from typing import Any

import pytest

from bot.catalog import load_bundle
from bot.engine import Session
from bot.followups.address import AddressSeal
from bot.followups.service import FollowupService, offer_token
from bot.stores.followups_redis import RedisFollowupStore
from tests.e2e.test_webhook_workers import Cluster, world  # noqa: F401  (fixture)
from tests.fakes.telegram_limits import TelegramLimits
from tests.followups.given import ANSWERS, DAY, Clock

pytestmark = pytest.mark.timeout(180)

CHECKINS = 1000
RATE = 60  # TELEGRAM_RATE_LIMIT: calls a second, all workers together
TIMEOUT = 4  # TWITCHCHECK_CHECKIN_TIMEOUT: a dead worker's check-ins are taken over after this
FIRST_CHAT = 700_000
CONCURRENCY = 10  # check-ins a worker sends at once (SAQ's concurrency in bot/followups/saq_queue.py)


def libfaketime() -> str:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    assert found, "libfaketime is missing: apt-get install faketime (.ci/run does)"
    return found[0]


def midday_offset() -> int:
    """Seconds from now to today's 12:00 UTC: the workers' clock is moved by this much."""
    now = time.time()
    noon = dt.datetime.fromtimestamp(now, dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    return int(noon.timestamp() - now)


async def store_checkins(url: str, offset: int) -> RedisFollowupStore:
    """1,000 people who accepted "in 3 days" three days ago (on the workers' clock): all due now."""
    store = await RedisFollowupStore.connect(url, AddressSeal(b"cluster-test-secret"), job_timeout=TIMEOUT,
                                             retry_delay=1)
    service = FollowupService(load_bundle(), store, clock=Clock(time.time() + offset - 3 * DAY - 60))
    session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n1", version=7)
    gate = asyncio.Semaphore(50)

    async def one(i: int) -> None:
        async with gate:
            await service.choose_offer("telegram", f"{i:016x}", offer_token(session), "in_3_days", session,
                                       str(FIRST_CHAT + i))

    await asyncio.gather(*(one(i) for i in range(CHECKINS)))
    return store


async def test_three_workers_send_1000_due_checkins_once_each_within_the_rate_one_killed(world: Any) -> None:  # noqa: F811
    api, redis, tmp = world
    offset = midday_offset()
    store = await store_checkins(redis.url, offset)
    limits = TelegramLimits(overall=100_000, chat_burst=100).install(api)  # measures; refuses nothing
    cluster = Cluster(api, redis, tmp, TELEGRAM_RATE_LIMIT=str(RATE), TWITCHCHECK_CHECKIN_TIMEOUT=str(TIMEOUT),
                      LD_PRELOAD=libfaketime(), FAKETIME=f"{offset:+d}", FAKETIME_DONT_FAKE_MONOTONIC="1")

    def reached() -> int:
        return len({c.params["chat_id"] for c in api.calls_of("sendMessage", ok=True)})

    try:
        cluster.start()
        await cluster.ready()
        t0 = time.monotonic()
        while reached() < CHECKINS // 3:
            assert time.monotonic() - t0 < 60, f"only {reached()} check-ins sent in 60 s"
            await asyncio.sleep(0.02)
        victim = cluster.workers()[0]
        before_kill = time.time()
        os.kill(victim, signal.SIGKILL)
        killed_at, at_kill = time.time(), reached()
        while reached() < CHECKINS or await store.queue.count("incomplete"):  # every job run to its end
            assert time.monotonic() - t0 < 90, f"{reached()} check-ins sent in 90 s"
            await asyncio.sleep(0.2)
        elapsed = time.monotonic() - t0
        assert victim not in cluster.workers()
    finally:
        await cluster.close()
        await store.close()
    sends = api.calls_of("sendMessage", ok=True)
    per_chat = Counter(int(c.params["chat_id"]) for c in sends)
    assert set(per_chat) == {FIRST_CHAT + i for i in range(CHECKINS)}  # nobody's check-in lost
    assert all("reply_markup" in c.params for c in sends)  # each the check-in's first question
    twice = [chat for chat, n in per_chat.items() if n > 1]
    peak = limits.max_in_one_second()
    print(f"\n[check-ins on Redis] {CHECKINS} due, 3 workers, one SIGKILLed after {at_kill} sent: {len(sends)} "
          f"messages, {len(twice)} check-ins twice, peak {peak}/s (limit {RATE}/s), {elapsed:.1f} s of sending")
    assert peak <= RATE
    # Once each, but for what no queue can make once: a message the killed worker had sent in
    # the instant it died, before it could write its sent-marker (Telegram takes it, the answer
    # never comes back, and the run is done again). Such a first copy arrives within moments of
    # the kill (the stand-in reads a request written just before it a millisecond or two later);
    # there are at most as many as the worker had sends going.
    when = {chat: sorted(c.time - killed_at for c in sends if int(c.params["chat_id"]) == chat) for chat in twice}
    assert all(len(t) == 2 and before_kill - killed_at - 1.0 <= t[0] <= 1.0 for t in when.values()), when
    assert len(twice) <= CONCURRENCY
