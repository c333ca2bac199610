"""Sessions in Redis (redis.asyncio): for several workers sharing one store.

Layout (every part already a keyed hash, never a raw platform id; `tc` is the prefix,
TWITCHCHECK_REDIS_PREFIX):

    tc:{platform:user}:s:scope   hash  v=version  t=touched_at  d=encoded Record
    tc:{platform:user}:u         set   the session keys of that user (for delete_user)

The `{platform:user}` hash tag puts all of a user's keys in one Cluster slot, and every
script names each key it touches in KEYS, so the store runs on a standalone server, under
Sentinel (`redis+sentinel://host:26379,host2:26379/service/db`) and on a Redis Cluster
(found by itself: `cluster_enabled:1`).

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
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
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

# KEYS: user index key, then every session key the caller read from it. Deletes them all
# and returns how many sessions were deleted, or -1 if the index changed meanwhile (the
# caller reads it again: a script touches only the keys it declares).
DELETE_USER = """
local members = redis.call('SMEMBERS', KEYS[1])
if #members ~= #KEYS - 1 then return -1 end
local declared = {}
for i = 2, #KEYS do declared[KEYS[i]] = true end
for _, key in ipairs(members) do
  if not declared[key] then return -1 end
end
local n = 0
for i = 2, #KEYS do
  n = n + redis.call('DEL', KEYS[i])
end
redis.call('DEL', KEYS[1])
return n
"""
EVICTING_OK = ("noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl")


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


def _retry(retries: int = 8) -> Retry:
    """Reconnect and resend after a dropped connection (a server restart, a failover).

    Up to 8 tries over about 5 s (a longer outage is `ResilientStore`'s: it retries the
    whole call, then tells the caller). Not after a timeout,
    when the command may still be running. Should a dropped connection
    hide a save that did run, the resent one is refused by the version check, and the
    service reloads and finds its event id (applied once).
    """
    return Retry(ExponentialWithJitterBackoff(base=0.05, cap=1.0), retries=retries,
                 supported_errors=(RedisConnectionError,))


SENTINEL = "redis+sentinel://"


def client_for(url: str, retries: int) -> Any:
    """A plain client, or one that asks Sentinels for the current master."""
    options: dict[str, Any] = {"socket_connect_timeout": 5, "socket_timeout": 5, "retry": _retry(retries)}
    if not url.startswith(SENTINEL):
        return aioredis.from_url(url, **options)
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    if not path:
        raise ValueError("a Sentinel URL names its service: redis+sentinel://host:26379/mymaster[/db]")
    nodes = []
    for node in parts.netloc.rpartition("@")[2].split(","):
        host, _, port = node.rpartition(":") if ":" in node else (node, "", "26379")
        nodes.append((host, int(port)))
    auth = {"password": parts.password} if parts.password else {}
    sentinel = Sentinel(nodes, sentinel_kwargs={"socket_connect_timeout": 5}, **auth)  # type: ignore[no-untyped-call]
    return sentinel.master_for(path[0], db=int(path[1]) if len(path) > 1 else 0, **options)


class RedisUnavailable(SettingsError):
    """The Redis server of TWITCHCHECK_STORE_URL cannot be reached (one-line message)."""


class RedisStore:
    """A SessionStore over redis.asyncio; open it with `await RedisStore.connect(url, ttl)`."""

    def __init__(
        self,
        client: Any,  # redis.asyncio.Redis or RedisCluster
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
        retries: int = 8,
    ) -> RedisStore:
        """Connect and PING; RedisUnavailable (one line, no password) if that fails.

        `redis+sentinel://h1:26379,h2:26379/service[/db]` asks the Sentinels for the master
        (and follows it after a failover); a server with `cluster_enabled:1` gets a Cluster client.
        """
        try:
            probe = client_for(url, retries=1)
        except ValueError as exc:
            raise RedisUnavailable(f"TWITCHCHECK_STORE_URL: invalid Redis URL {_redacted(url)}: {exc}") from None
        try:
            await probe.ping()  # fail fast at start-up; the client itself rides out restarts
            cluster = not url.startswith(SENTINEL) and (await probe.info("cluster")).get("cluster_enabled") == 1
        except (RedisError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RedisUnavailable(
                f"TWITCHCHECK_STORE_URL: cannot reach Redis at {_redacted(url)} ({reason}); is redis-server running?"
            ) from None
        finally:
            await probe.aclose()
        client: Any = (aioredis.RedisCluster.from_url(url, socket_connect_timeout=5, socket_timeout=5,
                                                     retry=_retry(retries))
                       if cluster else client_for(url, retries=retries))
        return cls(client, ttl=ttl, clock=clock, prefix=prefix)

    async def config_warnings(self) -> list[str]:
        """What in the server's set-up can lose sessions or break /forget (one line each)."""
        try:
            found = await self.client.config_get("maxmemory-policy")
            found.update(await self.client.config_get("appendonly"))
            found.update(await self.client.config_get("save"))
        except RedisError:  # CONFIG may be disabled (managed Redis): say so, do not fail
            return ["Redis: CONFIG GET is not allowed, so maxmemory-policy and persistence could not be checked; "
                    "make sure maxmemory-policy is noeviction (or volatile-*) and appendonly is yes"]
        got = {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
               for k, v in found.items()}
        warnings = []
        if got.get("maxmemory-policy") not in EVICTING_OK:
            warnings.append(f"Redis: maxmemory-policy is {got.get('maxmemory-policy')}: it may evict a user's index, "
                            "and /forget would then miss sessions; set it to noeviction")
        if got.get("appendonly") != "yes":
            warnings.append("Redis: appendonly is off: a restart loses the sessions written since the last "
                            "snapshot; set appendonly yes (appendfsync everysec or always)")
        return warnings

    def session_key(self, key: SessionKey) -> str:
        return f"{self.prefix}:{{{key.platform}:{key.user}}}:s:{key.scope}"

    def user_key(self, platform: str, user: str) -> str:
        return f"{self.prefix}:{{{platform}:{user}}}:u"

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
        index = self.user_key(platform, user)
        while True:
            members = sorted(m.decode() if isinstance(m, bytes) else str(m)
                             for m in await self.client.smembers(index))
            deleted = int(await self._delete_user(keys=[index, *members]))
            if deleted >= 0:
                return deleted

    async def expire(self) -> int:
        """Nothing to do: Redis drops idle sessions (and idle user indexes) itself."""
        return 0

    async def close(self) -> None:
        await self.client.aclose()
