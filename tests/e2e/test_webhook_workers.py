"""Beyond one process: 1,000 users through 3 Telegram webhook workers sharing one Redis.

Real parts: `twitchcheck run --workers 3` (uvicorn worker processes, python-telegram-bot),
a real redis-server on loopback, the Bot API stand-in delivering updates to the webhook as
Telegram does (retrying until a worker answers 200). Each test reports its figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.inbox import CheckUser, InboxAPI
from tests.redis_server import RedisServer, free_port, require_redis_server

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7000000001:AAFakeWorkersToken"
SECRET = "webhook-secret_42"
USERS = 1000

pytestmark = pytest.mark.timeout(420)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) != pid:
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"resource_tracker" not in cmdline:  # multiprocessing's helper, not a worker
                out.append(int(entry.name))
    return out


class Cluster:
    def __init__(self, api: InboxAPI, redis: RedisServer, tmp: Path, workers: int = 3) -> None:
        self.api = api
        self.redis = redis
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/tg/webhook"
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
               "TELEGRAM_WEBHOOK_URL": self.url, "TELEGRAM_WEBHOOK_SECRET": SECRET,
               "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(self.port),
               "TELEGRAM_RATE_LIMIT": "0", "TWITCHCHECK_STORE_URL": redis.url,
               "TWITCHCHECK_ID_SECRET": "cluster-test-secret", "TWITCHCHECK_DATA_DIR": str(tmp),
               "TWITCHCHECK_LOG_LEVEL": "WARNING"}
        env.pop("DISCORD_BOT_TOKEN", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--workers", str(workers)], cwd=tmp,
                                     env=env, stdin=subprocess.DEVNULL)
        self.session: aiohttp.ClientSession | None = None
        self.deliveries = 0
        self.redeliveries = 0

    async def ready(self, workers: int = 3, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the bot exited"
            try:
                async with self.session.get(f"http://127.0.0.1:{self.port}/healthz") as resp:
                    if resp.status == 200 and len(self.workers()) >= workers:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise TimeoutError("the webhook workers did not come up")

    def workers(self) -> list[int]:
        return _children(self.proc.pid)

    async def deliver(self, update: dict[str, Any]) -> None:
        """As Telegram: POST until a worker answers 200, the same update (same id) each time."""
        assert self.session is not None
        body = json.dumps(update)
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        for attempt in range(200):
            self.deliveries += 1
            self.redeliveries += attempt > 0
            try:
                async with self.session.post(self.url, data=body, headers=headers) as resp:
                    await resp.read()
                    if resp.status == 200:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            await asyncio.sleep(0.1)
        raise AssertionError("an update was never accepted")

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    require_redis_server()
    with RedisServer(tmp_path / "redis", persistent=True) as redis:
        async with InboxAPI() as api:
            c = Cluster(api, redis, tmp_path)
            try:
                await c.ready()
                yield c
            finally:
                await c.close()


async def run_users(cluster: Cluster, n: int,
                    faults: list[tuple[float, Callable[[], Awaitable[None]]]] = ()) -> list[CheckUser]:  # type: ignore[assignment]
    """n users at once; each fault runs when that fraction of the users has finished."""
    users = [CheckUser(cluster.api, uid, cluster.deliver, timeout=60) for uid in range(1, n + 1)]
    tasks = [asyncio.create_task(u.run()) for u in users]
    for fraction, fault in faults:
        while sum(t.done() for t in tasks) < n * fraction:
            await asyncio.sleep(0.05)
        await fault()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, f"{len(failures)} users failed, first: {failures[0]!r}"
    return users


def figures(name: str, users: list[CheckUser], cluster: Cluster, elapsed: float) -> dict[str, int]:
    completed = sum(len(u.results) == 1 for u in users)
    lost = sum(len(u.results) == 0 for u in users)
    doubled = sum(len(u.results) > 1 for u in users)
    updates = sum(u.updates for u in users)
    print(f"\n[{name}] users={len(users)} completed={completed} lost={lost} doubled={doubled} "
          f"updates={updates} redeliveries={cluster.redeliveries} {updates / elapsed:.0f} updates/s")
    return {"completed": completed, "lost": lost, "doubled": doubled}


def webhook_registered_once(api: InboxAPI) -> bool:
    calls = api.calls_of("setWebhook")
    return len(calls) == 1 and calls[0].params.get("secret_token") == SECRET


async def test_1000_users_through_3_workers_each_check_ends_once(cluster: Cluster) -> None:
    assert webhook_registered_once(cluster.api)
    assert len(cluster.workers()) == 3
    t0 = time.perf_counter()
    users = await run_users(cluster, USERS)
    got = figures("3 workers", users, cluster, time.perf_counter() - t0)
    assert got == {"completed": USERS, "lost": 0, "doubled": 0}


async def test_a_worker_killed_and_redis_restarted_midway_nothing_is_lost(cluster: Cluster) -> None:
    """A worker SIGKILLed when a third of the users are done (its users finish on the
    others), then Redis restarted (append-only file on) when two thirds are done."""
    killed: list[int] = []

    async def kill_a_worker() -> None:
        victim = cluster.workers()[0]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    async def restart_redis() -> None:
        await asyncio.to_thread(cluster.redis.restart)

    t0 = time.perf_counter()
    users = await run_users(cluster, USERS, [(1 / 3, kill_a_worker), (2 / 3, restart_redis)])
    got = figures("worker SIGKILL + redis restart", users, cluster, time.perf_counter() - t0)
    assert killed and killed[0] not in cluster.workers()
    assert got["lost"] == 0 and got["completed"] + got["doubled"] == USERS
    # A result can show twice only if a worker died between sending it and answering 200.
    assert got["doubled"] <= 3


async def test_healthz_and_a_forged_secret_is_refused(cluster: Cluster) -> None:
    assert cluster.session is not None
    async with cluster.session.post(cluster.url, data="{}", headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}) as r:
        assert r.status == 403
    async with cluster.session.post(cluster.url, data="not json",
                                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as r:
        assert r.status == 400
    async with cluster.session.get(f"http://127.0.0.1:{cluster.port}/healthz") as r:
        assert r.status == 200 and await r.text() == "ok"
