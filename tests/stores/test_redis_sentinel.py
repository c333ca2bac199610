"""The Redis store through Sentinel (redis-py's own Sentinel client): a real master and sentinel."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis

from bot.engine import Session
from bot.stores.base import Record, SessionKey
from bot.stores.factory import open_store
from tests.redis_server import RedisServer, free_port, require_redis_server


async def test_sessions_through_a_sentinel(tmp_path: Path) -> None:
    exe = require_redis_server()
    with RedisServer(tmp_path / "master") as master:
        port = free_port()
        conf = tmp_path / "sentinel.conf"
        conf.write_text(f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
                        f"sentinel monitor mymaster 127.0.0.1 {master.port} 1\n")
        sentinel = subprocess.Popen([exe, str(conf), "--sentinel"], stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    if redis.Redis(port=port).execute_command("SENTINEL", "get-master-addr-by-name", "mymaster"):
                        break
                except redis.ConnectionError:
                    pass
                assert time.monotonic() < deadline, "the sentinel did not come up"
                time.sleep(0.1)
            store = await open_store(f"redis+sentinel://127.0.0.1:{port}/mymaster/2", ttl=60, prefix="snt")
            try:
                key = SessionKey("telegram", "u" * 32, "-")
                await store.save(key, Record(Session(version=1, nonce="n"), ("e1",)), None)
                assert (await store.load(key)) == Record(Session(version=1, nonce="n"), ("e1",))
                assert redis.Redis(port=master.port, db=2).exists(f"snt:{{telegram:{'u' * 32}}}:s:-") == 1
            finally:
                await store.close()
        finally:
            sentinel.terminate()
            sentinel.wait(10)
