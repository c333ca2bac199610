"""What only the Redis store has: real key expiry, its key layout, restarts, connection errors."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import redis
from redis.crc import key_slot

from bot.engine import Session
from bot.settings import SettingsError
from bot.stores.base import Record, SessionKey, VersionConflict
from bot.stores.factory import open_store
from bot.stores.keys import hash_id
from bot.stores.redis_store import RedisStore, RedisUnavailable
from tests.redis_server import RedisServer, free_port, require_redis_server

SECRET = b"redis-test-secret"
RAW_ID = 555_000_111
USER = hash_id(SECRET, "telegram", RAW_ID)
KEY = SessionKey("telegram", USER, hash_id(SECRET, "telegram", "chat:9"))


def rec(version: int) -> Record:
    return Record(Session(version=version, nonce="n"), (f"e{version}",))


async def test_keys_hold_no_raw_id_and_both_carry_the_idle_ttl(
    redis_server: RedisServer, redis_admin: redis.Redis
) -> None:
    store = await RedisStore.connect(redis_server.url, ttl=600)
    try:
        await store.save(KEY, rec(1), None)
        keys = sorted(k.decode() for k in redis_admin.scan_iter(count=1000))
        assert keys == [f"tc:{{telegram:{USER}}}:s:{KEY.scope}", f"tc:{{telegram:{USER}}}:u"]
        assert not any(str(RAW_ID) in k for k in keys)
        assert all(590_000 < redis_admin.pttl(k) <= 600_000 for k in keys)
        assert redis_admin.smembers(f"tc:{{telegram:{USER}}}:u") == {keys[0].encode()}
        assert str(RAW_ID).encode() not in redis_admin.hget(keys[0], "d")
    finally:
        await store.close()


async def test_redis_itself_drops_idle_sessions_and_the_user_index(
    redis_server: RedisServer, redis_admin: redis.Redis
) -> None:
    store = await RedisStore.connect(redis_server.url, ttl=1)  # the real clock
    try:
        await store.save(KEY, rec(1), None)
        other = SessionKey("telegram", USER, "-")
        await store.save(other, rec(1), None)
        await asyncio.sleep(0.6)
        await store.save(other, rec(2), 1)  # refreshes `other` and the index, not KEY
        await asyncio.sleep(0.6)
        assert await store.load(KEY) is None
        assert redis_admin.exists(store.session_key(KEY)) == 0
        assert await store.load(other) == rec(2)
        await asyncio.sleep(0.6)
        assert await store.load(other) is None
        assert list(redis_admin.scan_iter(count=1000)) == []  # no session, no index left
        assert await store.delete_user("telegram", USER) == 0
        assert await store.expire() == 0
    finally:
        await store.close()


async def test_the_store_survives_a_server_restart_with_persistence(tmp_path: Path) -> None:
    require_redis_server()
    with RedisServer(tmp_path / "redis", persistent=True) as server:
        store = await RedisStore.connect(server.url, ttl=600)
        try:
            await store.save(KEY, rec(1), None)
            await store.save(KEY, rec(2), 1)
            server.restart()  # SIGTERM; the append-only file is replayed on start
            assert await store.load(KEY) == rec(2)  # the client reconnects by itself
            with pytest.raises(VersionConflict):
                await store.save(KEY, rec(2), 1)
            await store.save(KEY, rec(3), 2)  # the scripts are loaded again (NOSCRIPT)
            server.kill()  # a crash: appendfsync always kept every acknowledged write
            server.start()
            assert await store.load(KEY) == rec(3)
            assert await store.delete_user("telegram", USER) == 1
        finally:
            await store.close()


async def test_scripts_are_reloaded_after_script_flush(redis_server: RedisServer, redis_admin: redis.Redis) -> None:
    store = await RedisStore.connect(redis_server.url, ttl=600)
    try:
        await store.save(KEY, rec(1), None)
        redis_admin.script_flush()
        await store.save(KEY, rec(2), 1)
        redis_admin.script_flush()
        assert await store.delete_user("telegram", USER) == 1
    finally:
        await store.close()


async def test_an_unreachable_server_is_one_clear_line_without_the_password() -> None:
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    started = time.monotonic()
    with pytest.raises(RedisUnavailable) as info:
        await RedisStore.connect(url, ttl=60)
    message = str(info.value)
    assert "\n" not in message and "hunter2" not in message
    assert message.startswith("TWITCHCHECK_STORE_URL: cannot reach Redis at redis://:***@127.0.0.1:")
    assert isinstance(info.value, SettingsError)  # the CLI prints it as one line, exit code 2
    assert time.monotonic() - started < 10


async def test_the_factory_opens_a_redis_store(redis_server: RedisServer, redis_admin: redis.Redis) -> None:
    store = await open_store(redis_server.url_for(3), ttl=60)
    try:
        assert isinstance(store, RedisStore)
        await store.save(KEY, rec(1), None)
        assert await store.load(KEY) == rec(1)
        assert redis_admin.dbsize() == 0  # it used database 3 of the URL
    finally:
        await store.close()


async def test_a_start_up_check_warns_of_eviction_and_no_persistence(tmp_path: Path) -> None:
    require_redis_server()
    with RedisServer(tmp_path / "volatile", extra_args=("--maxmemory-policy", "allkeys-lru")) as server:
        store = await RedisStore.connect(server.url, ttl=60)
        try:
            warnings = await store.config_warnings()
        finally:
            await store.close()
    assert len(warnings) == 2 and all("\n" not in w for w in warnings)
    assert "maxmemory-policy is allkeys-lru" in warnings[0] and "noeviction" in warnings[0]
    assert "appendonly" in warnings[1]
    with RedisServer(tmp_path / "kept", persistent=True) as server:
        store = await RedisStore.connect(server.url, ttl=60)
        try:
            assert await store.config_warnings() == []
        finally:
            await store.close()


async def test_a_prefix_of_ones_own_and_forget_takes_every_scope(redis_server: RedisServer,
                                                                 redis_admin: redis.Redis) -> None:
    store = await RedisStore.connect(redis_server.url, ttl=600, prefix="clinic7")
    try:
        for scope in ("a", "b", "c"):
            await store.save(SessionKey("telegram", USER, scope), rec(1), None)
        keys = {k.decode() for k in redis_admin.scan_iter(count=1000)}
        assert len(keys) == 4 and all(k.startswith(f"clinic7:{{telegram:{USER}}}:") for k in keys)
        assert len({key_slot(k.encode()) for k in keys}) == 1  # one Cluster slot
        assert await store.delete_user("telegram", USER) == 3
        assert list(redis_admin.scan_iter(count=1000)) == []
    finally:
        await store.close()
