"""Choosing a store from TWITCHCHECK_STORE_URL: sqlite:///path (default), redis://..., memory://."""

from __future__ import annotations

from bot.stores.base import SessionStore
from bot.stores.errors import StoreError
from bot.stores.memory_store import MemoryStore
from bot.stores.sqlite_store import SqliteStore
from bot.stores.urls import check_url, sqlite_path


async def open_store(url: str, ttl: float, prefix: str = "tc") -> SessionStore:
    problem = check_url(url)
    if problem is not None:
        raise StoreError(f"TWITCHCHECK_STORE_URL: {problem}")
    if url == "memory://":
        return MemoryStore(ttl=ttl)
    path = sqlite_path(url)
    if path is not None:
        return await SqliteStore(path, ttl=ttl).open()
    from bot.stores.redis_store import RedisStore

    return await RedisStore.connect(url, ttl=ttl, prefix=prefix)
