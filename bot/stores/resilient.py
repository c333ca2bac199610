"""A store that rides out short outages: retry with back-off, then say plainly that it is down.

`ResilientStore(store)` passes every call to `store`; when the store cannot be reached
(a connection refused or dropped, a timeout, a replica that is read-only after a failover,
a server still loading its data), the call is tried again with exponential back-off for up
to `patience` seconds, then `StoreDown` is raised. A version conflict is no outage: it
passes at once.

What the caller does with `StoreDown` decides whether anything is lost: the webhook answers
Telegram non-2xx so the update comes again (`Outage.current()` tells it, per request), and
polling puts the update back in the queue. `down_since` and `healthy()` are for /readyz and
the supervision of a worker (how long the store has been unreachable).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.stores.base import Record, SessionKey, SessionStore

log = logging.getLogger(__name__)
T = TypeVar("T")


def unreachable() -> tuple[type[BaseException], ...]:
    """The errors that mean "the store cannot be reached". Redis's own are looked up only once
    something imported redis: a SQLite or memory store never does (redis is ~70 ms of a cold
    start), and an error of a module never imported cannot have been raised."""
    errors: tuple[type[BaseException], ...] = (OSError,)
    if (redis := sys.modules.get("redis.exceptions")) is not None:
        errors += (redis.ConnectionError, redis.TimeoutError, redis.ReadOnlyError, redis.BusyLoadingError,
                   redis.TryAgainError)
    if (ours := sys.modules.get("bot.stores.redis_store")) is not None:
        errors += (ours.RedisUnavailable,)
    return errors


class StoreDown(Exception):
    """The session store could not be reached for `patience` seconds (nothing was changed)."""


@dataclass
class Outage:
    """Set by a request's handler; marked when a store call inside it gave up."""

    hit: bool = False

    @staticmethod
    def current() -> Outage | None:
        return _OUTAGE.get()

    @staticmethod
    def watch() -> Outage:
        """Start watching the store calls of the current task (and what it awaits)."""
        outage = Outage()
        _OUTAGE.set(outage)
        return outage


_OUTAGE: contextvars.ContextVar[Outage | None] = contextvars.ContextVar("twitchcheck_outage", default=None)


class ResilientStore:
    """`store`, or, while it is None, whatever `opener` gives once it succeeds (a worker that
    starts while its store is down opens it on first use, or at the next `ping`)."""

    def __init__(self, store: SessionStore | None, patience: float = 5.0, first_delay: float = 0.1,
                 max_delay: float = 2.0, on_error: Callable[[], None] | None = None,
                 opener: Callable[[], Awaitable[SessionStore]] | None = None) -> None:
        if store is None and opener is None:
            raise ValueError("a store or an opener")
        self.store = store
        self.opener = opener
        self.patience = patience
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.on_error = on_error  # counts store errors (metrics)
        self.down_since: float | None = None  # time.monotonic() of the first failure in a row

    def healthy(self) -> bool:
        return self.down_since is None

    async def _open(self) -> SessionStore:
        if self.store is None:
            assert self.opener is not None
            self.store = await self.opener()
        return self.store

    async def _call(self, what: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.patience
        delay = self.first_delay
        while True:
            try:
                result = await what()
            except unreachable() as exc:
                if self.on_error is not None:
                    self.on_error()
                if self.down_since is None:
                    self.down_since = time.monotonic()
                    log.warning("store: unreachable (%s); retrying", type(exc).__name__)
                if time.monotonic() + delay > deadline:
                    outage = _OUTAGE.get()
                    if outage is not None:
                        outage.hit = True
                    raise StoreDown(type(exc).__name__) from None
                await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, self.max_delay)
                continue
            if self.down_since is not None:
                log.warning("store: reachable again after %.1f s", time.monotonic() - self.down_since)
                self.down_since = None
            return result

    async def _with(self, use: Callable[[SessionStore], Awaitable[T]]) -> T:
        return await use(await self._open())

    async def load(self, key: SessionKey) -> Record | None:
        return await self._call(lambda: self._with(lambda st: st.load(key)))

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        await self._call(lambda: self._with(lambda st: st.save(key, record, expected)))

    async def delete(self, key: SessionKey) -> None:
        await self._call(lambda: self._with(lambda st: st.delete(key)))

    async def delete_user(self, platform: str, user: str) -> int:
        return await self._call(lambda: self._with(lambda st: st.delete_user(platform, user)))

    async def expire(self) -> int:
        return await self._call(lambda: self._with(lambda st: st.expire()))

    async def ping(self) -> bool:
        """One quick look (no retries): can the store be read right now?"""
        try:
            await (await self._open()).load(SessionKey("health", "-", "-"))
        except unreachable():
            if self.down_since is None:
                self.down_since = time.monotonic()
            return False
        self.down_since = None
        return True

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()
