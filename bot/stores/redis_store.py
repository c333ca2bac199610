"""Sessions in Redis (redis.asyncio): for several workers sharing one store.

Layout (every part already a keyed hash, never a raw platform id):

    tc:s:{platform}:{user}:{scope}   hash  v=version  t=touched_at  d=encoded Record
    tc:u:{platform}:{user}           set   the session keys of that user (for delete_user)

Both carry an idle TTL refreshed on every save, so Redis drops idle sessions by itself
and `expire()` has nothing to do. The version check and the index update run in one Lua
script on the server, so two workers saving the same session cannot both win.

`touched_at` comes from the store's clock and is checked as well as the Redis TTL, so a
session idle longer than the TTL by the clock is gone even before Redis drops it (that is
what lets tests move a fake clock; with the real clock the two agree).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from bot.settings import SettingsError
from bot.stores.base import Record, SessionKey, VersionConflict, decode, encode

# KEYS: session key, user index key. ARGV: expected version ("" = no live session),
# new version, data, now, oldest live touched_at, ttl in ms. Returns 1 saved, 0 conflict.
SAVE = """
local cur = redis.call('HMGET', KEYS[1], 'v', 't')
local live = cur[1] ~= false and cur[2] ~= false and tonumber(cur[2]) >= tonumber(ARGV[5])
if ARGV[1] == '' then
  if live then return 0 end
elseif not live or tonumber(cur[1]) ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 't', ARGV[4], 'd', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
return 1
"""

# KEYS: session key, user index key.
DELETE = """
redis.call('SREM', KEYS[2], KEYS[1])
return redis.call('DEL', KEYS[1])
"""

# KEYS: user index key. Returns how many sessions were deleted.
DELETE_USER = """
local members = redis.call('SMEMBERS', KEYS[1])
local n = 0
for _, key in ipairs(members) do
  n = n + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
return n
"""


def _redacted(url: str) -> str:
    """The URL without its password, for error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _retry(retries: int = 15) -> Retry:
    """Reconnect and resend after a dropped connection (a server restart, a failover).

    Up to 15 tries over about 12 s: long enough to ride out a restart. Not after a timeout,
    when the command may still be running. Should a dropped connection
    hide a save that did run, the resent one is refused by the version check, and the
    service reloads and finds its event id (applied once).
    """
    return Retry(ExponentialWithJitterBackoff(base=0.05, cap=1.0), retries=retries,
                 supported_errors=(RedisConnectionError,))


class RedisUnavailable(SettingsError):
    """The Redis server of TWITCHCHECK_STORE_URL cannot be reached (one-line message)."""


class RedisStore:
    """A SessionStore over redis.asyncio; open it with `await RedisStore.connect(url, ttl)`."""

    def __init__(
        self,
        client: aioredis.Redis,
        ttl: float = 86400.0,
        clock: Callable[[], float] = time.time,
        prefix: str = "tc",
    ) -> None:
        if ttl <= 0:
            raise ValueError("ttl: must be positive")
        self.client = client
        self.ttl = float(ttl)
        self.clock = clock
        self.prefix = prefix
        self._ttl_ms = max(1, int(round(self.ttl * 1000)))
        self._save = client.register_script(SAVE)
        self._delete = client.register_script(DELETE)
        self._delete_user = client.register_script(DELETE_USER)

    @classmethod
    async def connect(
        cls,
        url: str,
        ttl: float,
        clock: Callable[[], float] = time.time,
        prefix: str = "tc",
    ) -> RedisStore:
        """Connect and PING; RedisUnavailable (one line, no password) if that fails."""
        try:
            client = aioredis.from_url(url, socket_connect_timeout=5, socket_timeout=5, retry=_retry())
        except ValueError as exc:
            raise RedisUnavailable(f"TWITCHCHECK_STORE_URL: invalid Redis URL {_redacted(url)}: {exc}") from None
        probe = aioredis.from_url(url, socket_connect_timeout=5, socket_timeout=5, retry=_retry(1))
        try:
            await probe.ping()  # fail fast at start-up; the client itself rides out restarts
        except (RedisError, OSError) as exc:
            await probe.aclose()
            await client.aclose()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RedisUnavailable(
                f"TWITCHCHECK_STORE_URL: cannot reach Redis at {_redacted(url)} ({reason}); is redis-server running?"
            ) from None
        await probe.aclose()
        return cls(client, ttl=ttl, clock=clock, prefix=prefix)

    def session_key(self, key: SessionKey) -> str:
        return f"{self.prefix}:s:{key.platform}:{key.user}:{key.scope}"

    def user_key(self, platform: str, user: str) -> str:
        return f"{self.prefix}:u:{platform}:{user}"

    async def load(self, key: SessionKey) -> Record | None:
        data, touched = await self.client.hmget(self.session_key(key), ["d", "t"])
        if data is None or touched is None or float(touched) < self.clock() - self.ttl:
            return None
        return decode(data)

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        now = self.clock()
        saved = await self._save(
            keys=[self.session_key(key), self.user_key(key.platform, key.user)],
            args=[
                "" if expected is None else str(int(expected)),
                str(int(record.session.version)),
                encode(record),
                repr(float(now)),
                repr(float(now - self.ttl)),
                str(self._ttl_ms),
            ],
        )
        if saved != 1:
            raise VersionConflict(str(key))

    async def delete(self, key: SessionKey) -> None:
        await self._delete(keys=[self.session_key(key), self.user_key(key.platform, key.user)])

    async def delete_user(self, platform: str, user: str) -> int:
        return int(await self._delete_user(keys=[self.user_key(platform, user)]))

    async def expire(self) -> int:
        """Nothing to do: Redis drops idle sessions (and idle user indexes) itself."""
        return 0

    async def close(self) -> None:
        await self.client.aclose()
