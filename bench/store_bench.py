"""Store turns: a load and a versioned save per turn, with 100,000 sessions stored."""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from bench.workload import bench_key, mid_check
from bot.stores.base import Record, SessionStore, encode
from bot.stores.sqlite_store import SqliteStore

SESSIONS = 100_000


CONCURRENT = 16  # users served at once, as a bot process does


async def _turns(store: SessionStore, turns: int, concurrent: int = CONCURRENT) -> float:
    """`turns` load + versioned save pairs, by `concurrent` users on disjoint sessions."""

    async def user(n: int) -> None:
        rng = random.Random(n)
        for _ in range(turns // concurrent):
            key = bench_key(rng.randrange(SESSIONS // concurrent) * concurrent + n)
            record = await store.load(key)
            assert record is not None
            session = record.session
            new = session.model_copy(update={"version": session.version + 1})
            await store.save(key, record.with_event(new, None), session.version)

    t0 = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(concurrent)))
    return (turns // concurrent * concurrent) / (time.perf_counter() - t0)


async def _sqlite(turns: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = await SqliteStore(path, ttl=86400).open()
        now = time.time()
        data = encode(Record(mid_check(now), ("tg:1", "tg:2", "tg:3")))
        with store.db:  # one transaction
            store.db.executemany(
                "INSERT INTO sessions VALUES (?,?,?,?,?,?)",
                ((k.platform, k.user, k.scope, 4, now, data) for k in map(bench_key, range(SESSIONS))),
            )
        await store.checkpoint()
        size = os.path.getsize(path)
        per_s = await _turns(store, turns)
        one = await _turns(store, turns // 2, concurrent=1)
        await store.close()
    return {"sqlite_turns_per_s": per_s, "sqlite_1_user_turns_per_s": one,
            "sqlite_bytes_per_session": size / SESSIONS}


async def _redis(url: str, turns: int) -> dict[str, float]:
    from bot.stores.redis_store import RedisStore

    store = await RedisStore.connect(url, ttl=86400)
    now = time.time()
    if await store.load(bench_key(SESSIONS - 1)) is None:  # the first run stores the 100,000 sessions
        await store.client.flushdb()
        for start in range(0, SESSIONS, 100):
            await asyncio.gather(*(store.save(bench_key(i), Record(mid_check(now), ("tg:1",)), None)
                                   for i in range(start, min(SESSIONS, start + 100))))
    per_s = await _turns(store, turns)
    one = await _turns(store, turns // 2, concurrent=1)
    await store.close()
    return {"redis_turns_per_s": per_s, "redis_1_user_turns_per_s": one}


def run_sqlite(turns: int = 20_000) -> dict[str, float]:
    return asyncio.run(_sqlite(turns))


def run_redis(url: str, turns: int = 20_000) -> dict[str, float]:
    return asyncio.run(_redis(url, turns))
