"""Store fixtures: one `store` fixture over memory, SQLite and Redis, each with a fake clock.

    async def test_something(store, clock, ttl, store_kind): ...

* `redis_server` (session): a real redis-server on a free loopback port (tests/redis_server.py);
  skipped when redis-server is missing, a failure when CI is set.
* `clock`: a FakeClock the store reads (`clock.advance(seconds)`); `ttl` is the store's TTL.
* `store_kind`: "memory", "sqlite" or "redis" (the parameter).
* `open_store`: opens another store over the same data through a new connection (same SQLite
  file, same Redis database; for memory, the same object), as a second worker would.
* `store`: the first such store. Redis is flushed before each test.
* `redis_admin`: a plain synchronous client on the test Redis, for looking behind the store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import redis

from bot.stores.base import SessionStore
from bot.stores.memory_store import MemoryStore
from bot.stores.sqlite_store import SqliteStore
from tests.redis_server import RedisServer, redis_server  # noqa: F401  (the fixture)

STORE_KINDS = ["memory", "sqlite", "redis"]
START = 1_700_000_000.0


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


OpenStore = Callable[[], Awaitable[SessionStore]]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ttl() -> float:
    return 60.0


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def redis_admin(redis_server: RedisServer) -> Iterator[redis.Redis]:  # noqa: F811
    """Flushes the test Redis, then hands out a sync client on it."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
async def open_store(
    request: pytest.FixtureRequest, store_kind: str, clock: FakeClock, ttl: float, tmp_path: Path
) -> AsyncIterator[OpenStore]:
    opened: list[SessionStore] = []
    memory = MemoryStore(ttl=ttl, clock=clock)
    url = ""
    if store_kind == "redis":
        request.getfixturevalue("redis_admin")  # starts the server if needed, and flushes it
        url = request.getfixturevalue("redis_server").url

    async def _open() -> SessionStore:
        store: SessionStore
        if store_kind == "memory":
            return memory
        if store_kind == "sqlite":
            store = await SqliteStore(tmp_path / "sessions.sqlite3", ttl=ttl, clock=clock).open()
        else:
            from bot.stores.redis_store import RedisStore

            store = await RedisStore.connect(url, ttl=ttl, clock=clock)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        await store.close()


@pytest.fixture
async def store(open_store: OpenStore) -> SessionStore:
    return await open_store()
