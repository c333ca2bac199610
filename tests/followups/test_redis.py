"""Follow-ups on a real redis-server: records and diary shared by workers, each check-in a
SAQ job run at its due time by one of several workers, sent once, also when a worker dies
mid-run; /forget leaves no key."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis

from bot.engine import Bundle, Session
from bot.engine.checkin import FollowupReply
from bot.followups.address import AddressSeal
from bot.followups.saq_queue import checkin_worker
from bot.followups.scheduler import Delivery, Scheduler
from bot.followups.service import FollowupService, offer_token
from bot.followups.store import DueCheckIn, FollowupConflict
from bot.stores.followups_redis import RedisFollowupStore
from tests.followups.given import ANSWERS, DAY, Clock, without_night
from tests.redis_server import RedisServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> RedisServer:
    with RedisServer(Path(tmp_path_factory.mktemp("redis"))) as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def daylong(bundle: Bundle) -> Bundle:
    return without_night(bundle)


@pytest.fixture
async def store(server: RedisServer) -> AsyncIterator[RedisFollowupStore]:
    redis.Redis.from_url(server.url).flushall()
    store = await RedisFollowupStore.connect(server.url, AddressSeal(b"secret"))
    yield store
    await store.close()



class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def __call__(self, due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        await asyncio.sleep(0.001)
        assert due.address is not None
        self.sent.append((due.address, replies[0].token))
        return "sent"


async def accept(service: FollowupService, user: str, address: str) -> None:
    session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n1", version=7)
    await service.choose_offer("telegram", user, offer_token(session), "in_3_days", session, address)


async def test_records_diary_and_forget_leave_no_key(daylong: Bundle, store: RedisFollowupStore,
                                                     server: RedisServer) -> None:
    clock = Clock(time.time())
    service = FollowupService(daylong, store, clock=clock)
    await accept(service, "u1", "4242")
    stored = await store.load("telegram", "u1")
    assert stored is not None and stored.record.pending is not None
    assert [e.level for e in await store.diary("telegram", "u1")] == ["some"]
    assert await store.pending_by_day() == [(int((clock.now + 3 * DAY) // DAY), 1)]
    with pytest.raises(FollowupConflict):
        await store.save("telegram", "u1", stored.record, stored.version - 1)
    raw = redis.Redis.from_url(server.url)
    dump = b"".join(raw.dump(k) or b"" for k in raw.keys("*"))
    assert b"4242" not in dump  # the chat id is sealed
    assert await service.forget("telegram", "u1") == 2
    assert raw.keys("*u1*") == [] and await store.pending_by_day() == []


async def test_three_workers_send_each_due_checkin_once(daylong: Bundle, store: RedisFollowupStore) -> None:
    now = time.time()
    clock = Clock(now - 3 * DAY - 5)  # offered three days ago: due now, by arq's clock too
    service = FollowupService(daylong, store, clock=clock)
    for i in range(60):
        await accept(service, f"user{i}", str(1000 + i))
    clock.now = now
    outbox = Outbox()
    workers = []
    for _ in range(3):
        scheduler = Scheduler(FollowupService(daylong, store, clock=clock), {"telegram": outbox}, clock=clock)
        workers.append(checkin_worker(scheduler, store, concurrency=5, sweep=1))
    tasks = [asyncio.create_task(w.start()) for w in workers]
    try:
        for _ in range(400):
            if len(outbox.sent) >= 60 and await store.pending_by_day() == []:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
    finally:
        for w in workers:
            await w.stop()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    assert sorted(a for a, _ in outbox.sent) == sorted(str(1000 + i) for i in range(60))
    assert await store.pending_by_day() == []
    stored = await store.load("telegram", "user7")
    assert stored is not None and stored.record.conversation is not None  # the check-in is open
