"""The Redis store on a real 3-node Redis Cluster (redis-server --cluster-enabled yes, loopback).

Each user's keys carry a hash tag, so the save and /forget scripts touch one slot; users
spread over the three nodes; every script declares the keys it touches (a Cluster refuses
anything else with CROSSSLOT).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.engine import Session
from bot.stores.base import Record, SessionKey, VersionConflict
from bot.stores.keys import hash_id
from bot.stores.redis_store import RedisStore
from tests.redis_server import RedisServer, require_redis_server

SLOTS = 16384


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[RedisServer]]:
    require_redis_server()
    base = tmp_path_factory.mktemp("cluster")
    nodes = [RedisServer(Path(base) / f"n{i}", extra_args=("--cluster-enabled", "yes", "--cluster-config-file",
                                                          "nodes.conf", "--cluster-node-timeout", "2000"))
             for i in range(3)]
    try:
        for node in nodes:
            node.start()
        admins = [redis.Redis(port=n.port) for n in nodes]
        for i, admin in enumerate(admins):  # a third of the slots each, then introduce them
            admin.execute_command("CLUSTER", "ADDSLOTSRANGE", i * SLOTS // 3, (i + 1) * SLOTS // 3 - 1)
        for node in nodes[1:]:
            admins[0].execute_command("CLUSTER", "MEET", "127.0.0.1", node.port)
        deadline = time.monotonic() + 20
        while not all(a.cluster("INFO")["cluster_state"] == "ok" for a in admins):
            assert time.monotonic() < deadline, "the cluster did not form"
            time.sleep(0.1)
        for admin in admins:
            admin.close()
        yield nodes
    finally:
        for node in nodes:
            node.stop()
            node.cleanup()


def rec(version: int) -> Record:
    return Record(Session(version=version, nonce="n"), (f"e{version}",))


async def test_sessions_and_forget_on_a_three_node_cluster(cluster: list[RedisServer]) -> None:
    store = await RedisStore.connect(cluster[0].url, ttl=600, prefix="tcc")
    admin = redis.RedisCluster(host="127.0.0.1", port=cluster[0].port)
    try:
        assert isinstance(store.client, redis.asyncio.RedisCluster)  # found by itself
        users = [hash_id(b"cluster-secret", "telegram", n) for n in range(30)]
        for user in users:
            for scope in ("private", "group"):
                await store.save(SessionKey("telegram", user, scope), rec(1), None)
        await store.save(SessionKey("telegram", users[0], "private"), rec(2), 1)
        with pytest.raises(VersionConflict):
            await store.save(SessionKey("telegram", users[0], "private"), rec(2), 1)
        assert await store.load(SessionKey("telegram", users[0], "private")) == rec(2)
        per_node = [redis.Redis(port=n.port).dbsize() for n in cluster]
        assert sum(per_node) == 90 and all(count > 0 for count in per_node)  # spread over all three
        await store.delete(SessionKey("telegram", users[1], "group"))
        assert await store.delete_user("telegram", users[1]) == 1
        for user in users[2:]:
            assert await store.delete_user("telegram", user) == 2
        left = sorted(k.decode() for k in admin.scan_iter(count=1000))
        assert left == sorted([store.session_key(SessionKey("telegram", users[0], s)) for s in ("private", "group")]
                              + [store.user_key("telegram", users[0])])
    finally:
        admin.close()
        await store.close()
