"""Engine turns through CheckService on the memory store with 100,000 live sessions."""

from __future__ import annotations

import asyncio
import gc
import random
import time

from bench.workload import bench_key, mid_check, percentile, script
from bot.catalog import load_bundle
from bot.service import CheckService
from bot.stores.base import Record, encode
from bot.stores.memory_store import MemoryStore

LIVE = 100_000


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096


def populate(store: MemoryStore, n: int, now: float) -> None:
    """n users part-way through a check (emergency, frequency and duration answered)."""
    for i in range(n):
        session = mid_check(now)
        record = Record(session, (f"tg:{i}", f"tg:{i + 1}", f"tg:{i + 2}"))
        store._data[bench_key(i)] = (encode(record), session.version, now)


def memory_per_session(n: int = LIVE) -> float:
    gc.collect()
    before = _rss()
    store = MemoryStore()
    populate(store, n, time.time())
    gc.collect()
    after = _rss()
    assert len(store) == n
    return (after - before) / n


async def _turns(checks: int) -> tuple[float, float]:
    bundle = load_bundle()
    store = MemoryStore()
    populate(store, LIVE, time.time())
    service = CheckService(bundle, store)
    rng = random.Random(7)
    latencies: list[float] = []
    turns = 0
    t0 = time.perf_counter()
    for _ in range(checks):
        key = bench_key(rng.randrange(LIVE))
        for make in script(rng):
            s = time.perf_counter_ns()
            await service.handle(key, make)
            latencies.append((time.perf_counter_ns() - s) / 1000)
            turns += 1
    elapsed = time.perf_counter() - t0
    return turns / elapsed, percentile(latencies, 99)


def run(checks: int = 10_000) -> dict[str, float]:
    per_s, p99 = asyncio.run(_turns(checks))
    return {"engine_turns_per_s": per_s, "engine_turn_p99_us": p99}


def interpret_us(calls: int = 10_000) -> dict[str, float]:
    """Mean time of one free-text reading (the understanding module), mixed phrases."""
    understanding = load_bundle().content("en").understanding
    texts = ["evry day", "no weakness or numbness", "about 10 days, and just now half my face went numb",
             "I don't drink coffee but I'm stressed", "not every day, a few times a week", "nope",
             "my right thigh twitches a few times a week and its been about 3 weeks. not sleeping great"]
    asked = ["frequency", "symptoms", "duration", "triggers", "frequency", "emergency", "emergency"]
    t0 = time.perf_counter()
    for i in range(calls):
        understanding.interpret(asked[i % len(asked)], texts[i % len(texts)])
    return {"understand_interpret_us": (time.perf_counter() - t0) / calls * 1e6}
