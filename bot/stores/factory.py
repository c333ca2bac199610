"""Choosing a store from TWITCHCHECK_STORE_URL: sqlite:///path (default), redis://..., memory://."""

from __future__ import annotations

from bot.stores.base import SessionStore
from bot.stores.memory_store import MemoryStore
from bot.stores.sqlite_store import SqliteStore


async def open_store(url: str, ttl: float, prefix: str = "tc") -> SessionStore:
    if url.startswith("memory://"):
        return MemoryStore(ttl=ttl)
    if url.startswith("sqlite:///"):
        return await SqliteStore(url[len("sqlite:///"):], ttl=ttl).open()
    if url.startswith(("redis://", "rediss://", "redis+sentinel://")):
        from bot.stores.redis_store import RedisStore

        return await RedisStore.connect(url, ttl=ttl, prefix=prefix)
    raise ValueError(f"TWITCHCHECK_STORE_URL: unsupported store '{url.split(':')[0]}'")
