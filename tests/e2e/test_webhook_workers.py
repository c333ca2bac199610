"""Operating at scale (issue 13): Telegram webhook workers sharing one Redis, through outages.

Real parts: `twitchcheck run --workers N` (uvicorn worker processes, python-telegram-bot),
a real redis-server on loopback, the Bot API stand-in delivering updates to the webhook as
Telegram does (again and again until a worker answers 2xx). Each test prints its figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
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
from tests.fakes.telegram_limits import TelegramLimits
from tests.redis_server import RedisServer, free_port, require_redis_server

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7000000001:AAFakeWorkersToken"
SECRET = "webhook-secret_42"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
USERS = 500

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
    def __init__(self, api: InboxAPI, redis: RedisServer, tmp: Path, workers: int = 3, **env: str) -> None:
        self.api = api
        self.redis = redis
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/tg/webhook"
        self.env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
                    "TELEGRAM_WEBHOOK_URL": self.url, "TELEGRAM_WEBHOOK_SECRET": SECRET,
                    "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(self.port),
                    "TELEGRAM_RATE_LIMIT": "0", "TWITCHCHECK_STORE_URL": redis.url,
                    "TWITCHCHECK_ID_SECRET": "cluster-test-secret", "TWITCHCHECK_DATA_DIR": str(tmp),
                    "TWITCHCHECK_LOG_LEVEL": "WARNING", **env}
        self.env.pop("DISCORD_BOT_TOKEN", None)
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.workers_wanted = workers
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None
        self.session: aiohttp.ClientSession | None = None
        self.deliveries = 0
        self.redeliveries = 0

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--workers", str(self.workers_wanted)],
                                     cwd=self.tmp, env=self.env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)

    async def get(self, path: str) -> tuple[int, str]:
        assert self.session is not None
        async with self.session.get(f"http://127.0.0.1:{self.port}{path}") as resp:
            return resp.status, await resp.text()

    async def ready(self, timeout: float = 90) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        self.session = self.session or aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the bot exited"
            try:
                status, _ = await self.get("/readyz")
                if status == 200 and len(self.workers()) >= self.workers_wanted:
                    return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        raise TimeoutError("the webhook workers did not come up")

    def workers(self) -> list[int]:
        assert self.proc is not None
        return _children(self.proc.pid)

    async def deliver(self, update: dict[str, Any], patience: float = 200.0) -> None:
        """As Telegram: POST until a worker answers 2xx, the same update (same id) each time."""
        assert self.session is not None
        body = json.dumps(update)
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        deadline, attempt = time.monotonic() + patience, 0
        while time.monotonic() < deadline:
            self.deliveries += 1
            self.redeliveries += attempt > 0
            attempt += 1
            try:
                async with self.session.post(self.url, data=body, headers=headers) as resp:
                    await resp.read()
                    if 200 <= resp.status < 300:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            await asyncio.sleep(min(0.1 * attempt, 2.0))
        raise AssertionError("an update was never accepted")

    async def exit_code(self, timeout: float) -> tuple[int, str]:
        assert self.proc is not None and self.proc.stderr is not None
        code = await asyncio.to_thread(self.proc.wait, timeout)
        return code, self.proc.stderr.read().decode(errors="replace")

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[InboxAPI, RedisServer, Path]]:
    require_redis_server()
    with RedisServer(tmp_path / "redis", persistent=True) as redis:
        async with InboxAPI() as api:
            yield api, redis, tmp_path


@contextlib.asynccontextmanager
async def running(api: InboxAPI, redis: RedisServer, tmp: Path, **kwargs: Any) -> AsyncIterator[Cluster]:
    cluster = Cluster(api, redis, tmp, **kwargs)
    cluster.start()
    try:
        await cluster.ready()
        yield cluster
    finally:
        await cluster.close()


async def run_users(cluster: Cluster, n: int, faults: list[tuple[float, Callable[[], Awaitable[None]]]] = (),  # type: ignore[assignment]
                    timeout: float = 150) -> list[CheckUser]:
    """n users at once; each fault runs when that fraction of the users has finished."""
    users = [CheckUser(cluster.api, uid, cluster.deliver, timeout=timeout) for uid in range(1, n + 1)]
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
          f"updates={updates} redeliveries={cluster.redeliveries} {updates / elapsed:.0f} updates/s "
          f"in {elapsed:.0f} s")
    return {"completed": completed, "lost": lost, "doubled": doubled}


def questions_sent_twice(api: InboxAPI) -> int:
    """Question messages (with buttons) sent again for a question already shown and still live."""
    seen: dict[tuple[Any, str], int] = {}
    for call in api.calls_of("sendMessage", ok=True):
        if (call.params.get("reply_markup") or {}).get("inline_keyboard"):
            key = (call.params["chat_id"], call.params["text"])
            seen[key] = seen.get(key, 0) + 1
    return sum(n - 1 for n in seen.values() if n > 1)


@pytest.mark.slow  # 4-5 minutes on 2 shared cores: `pytest -m slow` (outside `make test`)
async def test_500_users_redis_down_30_s_and_a_worker_killed_meanwhile_nothing_lost_or_doubled(world: Any) -> None:
    """Done when of issue 13: 3 workers, 500 users, Redis down for 30 s once a third are done,
    a worker SIGKILLed 5 s into the outage; every check ends exactly once, the service is up after."""
    api, redis, tmp = world
    async with running(api, redis, tmp) as cluster:
        assert webhook_registered_once(api)
        killed: list[int] = []

        async def outage() -> None:
            redis.stop()
            await asyncio.sleep(5)
            victim = cluster.workers()[0]
            os.kill(victim, signal.SIGKILL)  # uvicorn starts another, whose store is down
            killed.append(victim)
            await asyncio.sleep(25)
            redis.start()  # the append-only file brings every session back

        t0 = time.perf_counter()
        users = await run_users(cluster, USERS, [(1 / 3, outage)])
        got = figures("3 workers, Redis down 30 s, a worker killed", users, cluster, time.perf_counter() - t0)
        assert got == {"completed": USERS, "lost": 0, "doubled": 0}
        moments = [c for c in api.calls_of("sendMessage", ok=True) if "Give me a moment" in c.params["text"]]
        per_chat: dict[Any, int] = {}
        for call in moments:
            per_chat[call.params["chat_id"]] = per_chat.get(call.params["chat_id"], 0) + 1
        print(f"[outage] 'give me a moment' sent to {len(per_chat)} chats, at most {max(per_chat.values(), default=0)}"
              f" each (per worker); questions re-sent: {questions_sent_twice(api)}")
        assert all(n <= 3 for n in per_chat.values())  # once per worker at most
        assert killed and killed[0] not in cluster.workers() and len(cluster.workers()) == 3
        status, _ = await cluster.get("/readyz")
        assert status == 200  # the service is still up


async def test_the_overall_limit_holds_across_workers(world: Any) -> None:
    api, redis, tmp = world
    limits = TelegramLimits(overall=1000).install(api)  # counts what arrives; Telegram's own cap far above
    async with running(api, redis, tmp, TELEGRAM_RATE_LIMIT="12") as cluster:
        users = [CheckUser(api, uid, cluster.deliver, timeout=60) for uid in range(1, 41)]
        tasks = [asyncio.create_task(u.run()) for u in users]
        await asyncio.sleep(8)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    sent = len(limits.arrivals)
    print(f"\n[rate limit 12/s, 3 workers] {sent} calls in 8 s, at most {limits.max_in_one_second()} in one second")
    assert limits.max_in_one_second() <= 12
    assert sent >= 12 * 5  # the budget was used, shared by all three (each alone would allow 12/s)


async def test_readiness_metrics_and_a_store_that_never_returns_is_a_non_zero_exit(world: Any) -> None:
    api, redis, tmp = world
    async with running(api, redis, tmp, workers=2, TWITCHCHECK_STORE_PATIENCE="6") as cluster:
        assert cluster.session is not None
        async with cluster.session.post(cluster.url, data="{}", headers={SECRET_HEADER: "nope"}) as r:
            assert r.status == 403
        async with cluster.session.post(cluster.url, data="not json", headers={SECRET_HEADER: SECRET}) as r:
            assert r.status == 400
        assert await cluster.get("/healthz") == (200, "ok")
        users = await run_users(cluster, 5)
        assert all(len(u.results) == 1 for u in users)
        status, text = await cluster.get("/metrics")
        assert status == 200
        assert 'twitchcheck_updates_total{outcome="done",platform="telegram"}' in text
        assert "twitchcheck_reply_seconds_bucket" in text and "twitchcheck_queue_depth" in text
        assert re.search(r'twitchcheck_results_total\{level="\w+",platform="telegram"\} [1-5]\.0', text)
        labels = {k: v for line in text.splitlines() if not line.startswith("#")
                  for k, v in re.findall(r'(\w+)="([^"]*)"', line)}
        assert set(labels) <= {"platform", "outcome", "level", "store", "le"}  # no ids, no text
        redis.stop()
        await asyncio.sleep(2)
        status, text = await cluster.get("/readyz")
        assert status == 503 and "TWITCHCHECK_STORE_URL" in text
        assert await cluster.get("/healthz") == (200, "ok")  # alive all the same
        code, stderr = await cluster.exit_code(60)
    assert code != 0
    assert "TWITCHCHECK_STORE_URL" in stderr and "unreachable" in stderr and "Traceback" not in stderr


async def test_start_with_the_store_down_says_so_and_registers_no_webhook(world: Any) -> None:
    api, redis, tmp = world
    redis.stop()
    cluster = Cluster(api, redis, tmp)
    cluster.start()
    code, stderr = await cluster.exit_code(60)
    assert code != 0 and "TWITCHCHECK_STORE_URL: cannot reach Redis" in stderr
    assert len([line for line in stderr.splitlines() if line.strip()]) == 1
    assert api.calls_of("setWebhook") == []


def webhook_registered_once(api: InboxAPI) -> bool:
    calls = api.calls_of("setWebhook")
    return len(calls) == 1 and calls[0].params.get("secret_token") == SECRET
