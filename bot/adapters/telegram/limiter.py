"""What the bot sends to Telegram, paced to Telegram's own limits (one design for issues 13 and 17).

Budgets, each a strict moving window from the `limits` library (in memory for one process,
in Redis when several workers share the bot, so the whole bot stays within them):

    overall      TELEGRAM_RATE_LIMIT calls in any one second: every call that shows the user
                 something (messages, edits, deletions, callback answers, chat actions)
    private chat 3 new messages in any 3 seconds (about one a second, a burst of three)
    group        20 new messages in any minute

Telegram's limits are on messages: one a second in a chat, twenty a minute in a group, about
thirty a second overall. Edits, deletions and callback answers add no message to a chat, so
they count only against the overall budget (every call does, to stay on the safe side). A 429 (flood control) pauses only the chat it came for; a call without a chat (none
that we make in a chat's name) pauses the whole bot. Server and network errors are retried
as `retry.retryable` says.

`ready(chat)` lets the update processor hold a chat's next update back until that chat
could be answered, so that an update never sits in a processing slot waiting for its own
chat's budget. `stop()` (at shutdown) makes every call that would still wait more than a
moment give up (`Dropped`) instead of holding the process up for minutes.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import secrets
import time
import warnings
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.telegram.retry import retryable
from bot.adapters.telegram.windows import LoopWindows

log = logging.getLogger(__name__)

# Calls that add a message to a chat (per-chat and per-group budgets).
IN_CHAT = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"})
# Calls that cost nothing against the budgets (set-up and reading).
FREE = frozenset({"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands",
                  "deleteMyCommands", "getMyCommands", "close", "logOut", "getChat", "getFile"})
PRIVATE_BUDGET = RateLimitItemPerSecond(3, 3)
GROUP_BUDGET = RateLimitItemPerMinute(20)
SHUTDOWN_GRACE = 1.0
LOCAL = "local"  # the token of a place taken in this process  # seconds a call may still wait for its budget once stopping


# The calls in flight across workers, a sorted set of tokens scored by when each place frees:
# a call holds its place from its start until one second after its answer (`GIVE_BACK`), so
# however late a request leaves a busy worker, no second sees more than the budget arrive.
# A place whose worker died frees itself after `hold` seconds. KEYS: the set. ARGV: now,
# limit, token, hold. Returns "ok", or when the first place frees.
TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[4]) * 1000))
return 'ok'
"""
GIVE_BACK = """
redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[1]) + 1, ARGV[2])
return 1
"""


class SharedInFlight:
    """The in-flight places of the whole bot, in Redis (one key: Cluster-safe)."""

    def __init__(self, client: Any, key: str, limit: int, hold: float = 30.0) -> None:
        self.key, self.limit, self.hold = key, limit, hold
        self._take = client.register_script(TAKE)
        self._give_back = client.register_script(GIVE_BACK)
        self.client = client

    async def take(self) -> str | float:
        """A token, or how long to wait before trying again."""
        token = secrets.token_hex(8)
        now = time.time()
        got = await self._take(keys=[self.key], args=[repr(now), self.limit, token, self.hold])
        got = got.decode() if isinstance(got, bytes) else str(got)
        return token if got == "ok" else max(0.005, min(float(got) - now, 0.1))

    async def give_back(self, token: str) -> None:
        await self._give_back(keys=[self.key], args=[repr(time.time()), token])


class Dropped(TelegramError):
    """A call given up at shutdown because its chat's budget would have held it too long."""

    def __init__(self) -> None:
        super().__init__("dropped at shutdown (over its chat's budget)")


def seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that `retry_after` becomes a timedelta; both are read
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = exc.retry_after
    return retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else float(retry_after)


class TelegramLimiter(BaseRateLimiter[int]):
    """PTB's rate-limiter seam: every Bot API call passes `process_request`."""

    def __init__(self, *, overall: float = 30.0, storage: Storage | None = None, share: float = 1.0,
                 in_flight: SharedInFlight | None = None,
                 prefix: str = "tc",
                 max_retries: int = 3, network_retries: int = 3, retry_delay: float = 0.5,
                 max_delay: float = 8.0, per_chat: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        # In one process the windows are counted on the loop (windows.py says why); across
        # workers in `storage` (Redis), and while it cannot be reached each worker counts its
        # `share` alone.
        self.shared: MovingWindowRateLimiter | LoopWindows = (
            MovingWindowRateLimiter(storage) if storage is not None else LoopWindows())
        self.local = LoopWindows() if storage is not None else self.shared
        self.overall = RateLimitItemPerSecond(int(overall)) if overall >= 1 else None
        self.local_overall = RateLimitItemPerSecond(max(1, int(overall * share))) if overall >= 1 else None
        self._shared_down_until = 0.0
        self.prefix = prefix
        self.max_retries = max_retries
        self.network_retries = network_retries
        self.retry_delay = retry_delay
        self.max_delay = max_delay
        self.per_chat = per_chat  # off only against a stand-in without Telegram's limits (fast tests)
        self.clock = clock
        self.stopping = False
        self._paused: dict[int | str, float] = {}  # chat -> clock() until which 429 holds it
        self._overall_turn = asyncio.Lock()  # first come, first served for the overall budget
        # A call holds one of these from its start until one second after its answer: however
        # late a request leaves (a busy event loop), no second sees more than `overall` arrive.
        places = int(overall * share) if in_flight is not None else int(overall)
        self._in_flight = asyncio.Semaphore(max(1, places)) if self.overall is not None else None
        self.shared_in_flight = in_flight  # across workers (Redis); else the semaphore above

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def stop(self) -> None:
        """From now on, give up calls that would wait longer than SHUTDOWN_GRACE."""
        self.stopping = True

    # -- budgets -----------------------------------------------------------------------

    def _chat_budget(self, chat: int | str) -> tuple[RateLimitItem, str]:
        group = isinstance(chat, str) or chat < 0
        return (GROUP_BUDGET if group else PRIVATE_BUDGET), f"{self.prefix}:chat:{chat}"

    async def _wait(self, delay: float) -> None:
        if delay <= 0:
            return
        if self.stopping and delay > SHUTDOWN_GRACE:
            raise Dropped()
        await asyncio.sleep(delay)

    def _windows(self, item: RateLimitItem) -> tuple[MovingWindowRateLimiter | LoopWindows, RateLimitItem]:
        if self.clock() < self._shared_down_until:
            return self.local, (self.local_overall if item is self.overall and self.local_overall else item)
        return self.shared, item

    def _shared_failed(self, exc: Exception) -> None:
        if self.clock() >= self._shared_down_until:
            log.warning("telegram: the shared send budget is unreachable (%s); counting locally for 30 s",
                        type(exc).__name__)
        self._shared_down_until = self.clock() + 30.0

    async def _hit(self, item: RateLimitItem, key: str) -> bool:
        windows, it = self._windows(item)
        try:
            return await windows.hit(it, key)
        except Exception as exc:  # noqa: BLE001 - Redis down: never stop sending for it
            self._shared_failed(exc)
            return await self.local.hit(self._windows(item)[1], key)

    async def _test(self, item: RateLimitItem, key: str, cost: int) -> bool:
        windows, it = self._windows(item)
        try:
            return await windows.test(it, key, cost=cost)
        except Exception as exc:  # noqa: BLE001
            self._shared_failed(exc)
            return await self.local.test(self._windows(item)[1], key, cost=cost)

    async def _until_free(self, item: RateLimitItem, key: str) -> float:
        windows, it = self._windows(item)
        try:
            stats = await windows.get_window_stats(it, key)
        except Exception as exc:  # noqa: BLE001
            self._shared_failed(exc)
            return 0.05
        return max(0.0, stats.reset_time - time.time())

    def _pause_left(self, chat: int | str | None) -> float:
        now = self.clock()
        return max(self._paused.get("*", 0.0), self._paused.get(chat, 0.0) if chat is not None else 0.0) - now

    async def ready(self, chat: int | str, cost: int = 1) -> None:
        """Return once `chat` is not paused and its budget has room for `cost` calls (no hit)."""
        if not self._paused and not self.per_chat:
            return  # nothing to wait for: do not even yield (keeps one-slot processing in order)
        while True:
            pause = self._pause_left(chat)
            if pause > 0:
                await self._wait(pause)
                continue
            if not self.per_chat:
                return
            item, key = self._chat_budget(chat)
            if await self._test(item, key, min(cost, item.amount)):
                return
            await self._wait(max(0.005, await self._until_free(item, key)))

    async def acquire(self, endpoint: str, chat: int | str | None) -> str | None:
        """Wait for this call's budgets, then take them (the chat's first, the overall last).

        A token if the call holds an in-flight place: give it back with `release(token)`."""
        if endpoint in FREE:
            return None
        while (pause := self._pause_left(chat)) > 0:
            await self._wait(pause)
        if chat is not None and endpoint in IN_CHAT and self.per_chat:
            item, key = self._chat_budget(chat)
            while not await self._hit(item, key):
                await self._wait(max(0.005, await self._until_free(item, key)))
        if self.overall is None or self._in_flight is None:
            return None
        token = await self._take_place()
        try:
            async with self._overall_turn:
                key = f"{self.prefix}:overall"
                while not await self._hit(self.overall, key):
                    await self._wait(max(0.005, await self._until_free(self.overall, key)))
        except BaseException:
            await self.release(token)
            raise
        return token

    async def _take_place(self) -> str:
        assert self._in_flight is not None
        if self.shared_in_flight is not None and self.clock() >= self._shared_down_until:
            try:
                while not isinstance(got := await self.shared_in_flight.take(), str):
                    await self._wait(got)
                return got
            except (Dropped, asyncio.CancelledError):
                raise
            except Exception as exc:  # noqa: BLE001 - Redis down: count in this process
                self._shared_failed(exc)
        await self._in_flight.acquire()
        return LOCAL

    async def release(self, token: str) -> None:
        """A call is answered: its in-flight place frees one second later."""
        if token != LOCAL and self.shared_in_flight is not None:
            try:
                await self.shared_in_flight.give_back(token)
            except Exception as exc:  # noqa: BLE001 - the place frees itself after `hold`
                self._shared_failed(exc)
            return
        assert self._in_flight is not None
        asyncio.get_running_loop().call_later(1.0, self._in_flight.release)

    def _pause(self, chat: int | str, delay: float) -> None:
        now = self.clock()
        if len(self._paused) > 10_000:  # forget pauses that are over
            self._paused = {c: t for c, t in self._paused.items() if t > now}
        self._paused[chat] = max(self._paused.get(chat, 0.0), now + delay)

    # -- PTB's seam --------------------------------------------------------------------

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        if not isinstance(chat, int | str):
            chat = None
        floods = failures = 0
        while True:
            token, backoff = await self.acquire(endpoint, chat), 0.0
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if floods >= self.max_retries:
                    raise
                floods += 1
                delay = seconds(exc) + 0.1
                self._pause(chat if chat is not None else "*", delay)
                log.info("telegram: flood control on %s, that chat waits %.1f s", endpoint, delay)
            except NetworkError as exc:
                if failures >= self.network_retries or not retryable(endpoint, exc):
                    raise
                delay = min(self.retry_delay * 2**failures, self.max_delay)
                failures += 1
                log.info("telegram: %s failed (%s), retry %d in %.1f s", endpoint, type(exc).__name__,
                         failures, delay)
                backoff = delay
            finally:
                if token is not None:
                    await self.release(token)
            await self._wait(backoff)


def shared_in_flight(store_url: str, prefix: str, overall: float) -> SharedInFlight | None:
    """The in-flight places of the whole bot in the store's Redis (None: in this process)."""
    if overall < 1 or not store_url.startswith(("redis://", "rediss://", "redis+sentinel://")):
        return None
    from bot.stores.redis_store import client_for

    return SharedInFlight(client_for(store_url, retries=2), f"{prefix}:limits:in-flight", int(overall))


def shared_storage(store_url: str, prefix: str) -> Storage | None:
    """Where the whole bot's budgets are counted: the store's Redis (None: in this process)."""
    from limits.aio.storage import RedisSentinelStorage, RedisStorage

    if store_url.startswith(("redis://", "rediss://")):
        return RedisStorage(f"async+{store_url}", implementation="redispy", key_prefix=f"{prefix}:limits",
                            socket_connect_timeout=2, socket_timeout=2)
    if store_url.startswith("redis+sentinel://"):
        parts = urlsplit(store_url)
        service = [p for p in parts.path.split("/") if p][:1]
        return RedisSentinelStorage(f"async+redis+sentinel://{parts.netloc}", implementation="redispy",
                                    key_prefix=f"{prefix}:limits", service_name=service[0] if service else None,
                                    socket_connect_timeout=2, socket_timeout=2)
    return None
