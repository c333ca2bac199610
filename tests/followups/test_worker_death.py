"""Three check-in worker processes on one real Redis, 150 check-ins due at once, one worker
dying abruptly (os._exit) while it holds jobs: each check-in is sent exactly once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import redis

from bot.engine import Bundle, Session
from bot.followups.address import AddressSeal
from bot.followups.service import FollowupService, offer_token
from bot.stores.followups_redis import RedisFollowupStore
from tests.followups.given import ANSWERS, DAY, Clock
from tests.followups.test_redis import daylong, server  # noqa: F401  (fixtures)
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
USERS = 150


async def test_a_worker_dying_midway_loses_and_doubles_nothing(daylong: Bundle, server: RedisServer,  # noqa: F811
                                                               tmp_path: Path) -> None:
    redis.Redis.from_url(server.url).flushall()
    store = await RedisFollowupStore.connect(server.url, AddressSeal(b"secret"), job_timeout=3, retry_delay=0.5)
    clock = Clock(time.time() - 3 * DAY - 5)
    service = FollowupService(daylong, store, clock=clock)
    session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n1", version=7)
    for i in range(USERS):
        await service.choose_offer("telegram", f"user{i}", offer_token(session), "in_3_days", session, str(5000 + i))
    await store.close()
    out = tmp_path / "sent.txt"
    cmd = [sys.executable, "-m", "tests.followups.checkin_worker_proc", server.url, str(out)]
    procs = [subprocess.Popen([*cmd, "--die-after", "30"], cwd=ROOT)]
    try:
        # It dies at its 30th send, holding the jobs it had taken; the other two start after,
        # so that it surely gets that far (they were fast enough to leave it nothing, once).
        assert await asyncio.to_thread(procs[0].wait, 60) == 9
        procs += [subprocess.Popen(cmd, cwd=ROOT) for _ in range(2)]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            lines = out.read_text().splitlines() if out.exists() else []
            if len({line.split()[0] for line in lines}) >= USERS:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # anything sent twice would show by now
    finally:
        for p in procs[1:]:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    lines = out.read_text().splitlines()
    addresses = [line.split()[0] for line in lines]
    assert sorted(addresses) == sorted(str(5000 + i) for i in range(USERS))  # each exactly once
    print(f"\nworker death: {USERS} due, {len(addresses)} sent, "
          f"{len({line.split()[1] for line in lines})} workers sent, first worker died after 29")
