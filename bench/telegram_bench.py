"""The whole Telegram path: simulated users doing whole checks through a real bot process
and the Bot API stand-in, for TwitchCheck, the bare framework (floor) and a conventional bot.

Throughput, CPU and Bot API calls come from an unpaced run (every user at once); the reply
p99 from runs paced at 100 and at 200 updates/s offered. A reply's latency runs from the
update to the message that carries the next step (the next question or the result; for the
floor, its one message), whatever calls came before it. CPU is the bot process's own
user+system time, read from /proc between the first and the last update.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from typing import Any

from bench.harness import BotProcess, Pacer, cpu_seconds
from bench.workload import percentile
from tests.fakes.inbox import InboxAPI, has_keyboard
from tests.fakes.telegram_server import Call

USERS = 200
PACED = ((100.0, 80, ""), (200.0, 120, "_200_per_s"))  # offered updates/s, users, key suffix
UPDATES_PER_FLOOR_USER = 10
RESULT_MARKS = ("ℹ️", "🔴", "🟠", "🟡", "🟢")  # the conventional bot has no disclaimer line


class Load:
    def __init__(self, api: InboxAPI, kind: str, pacer: Pacer) -> None:
        self.api = api
        self.kind = kind
        self.pacer = pacer
        self.updates = 0
        self.latencies: list[float] = []

    async def _reply(self, uid: int) -> Call:
        return await asyncio.wait_for(self.api.inbox[uid].get(), 30)

    def _arrived(self, sent: float) -> None:
        self.latencies.append((time.perf_counter() - sent) * 1000)

    async def _next_state(self, uid: int, sent: float) -> dict[str, Any] | None:
        while True:
            call = await self._reply(uid)
            result = call.result if isinstance(call.result, dict) else None
            if result is not None:
                message = self.api.message(uid, result["message_id"]) or result
                if has_keyboard(message):
                    self._arrived(sent)
                    return message
                if str(message.get("text", "")).startswith(RESULT_MARKS) or "ℹ️" in str(message.get("text", "")):
                    self._arrived(sent)
                    return None

    def _choose(self, message: dict[str, Any], rng: random.Random) -> str:
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row if "callback_data" in b]
        buttons = [b for b in buttons if not b["text"].startswith("⬅")]
        done = [b for b in buttons if "Done" in b["text"]]
        if done:
            if any(b["text"].startswith("✅") for b in buttons):
                return str(done[0]["callback_data"])
            return str(next(b for b in buttons if b["text"].lstrip("✅ ").startswith("None"))["callback_data"])
        return str(rng.choice(buttons)["callback_data"])

    async def _send(self, make: Any) -> float:
        await self.pacer.wait()
        sent = time.perf_counter()
        make()
        self.updates += 1
        return sent

    async def user(self, uid: int) -> None:
        rng = random.Random(uid)
        if self.kind == "floor":
            sent = await self._send(lambda: self.api.user_text(uid, "/start"))
            call = await self._reply(uid)
            self._arrived(sent)
            for _ in range(UPDATES_PER_FLOOR_USER - 1):
                message = call.result
                sent = await self._send(lambda m=message: self.api.user_press(uid, m, "x", check_button=False))
                call = await self._reply(uid)
                self._arrived(sent)
            return
        sent = await self._send(lambda: self.api.user_text(uid, "/start"))
        message = await self._next_state(uid, sent)
        while message is not None:
            data = self._choose(message, rng)
            sent = await self._send(lambda m=message, d=data: self.api.user_press(uid, m, d, check_button=False))
            message = await self._next_state(uid, sent)


async def _measure(kind: str, users: int, rate: float | None) -> dict[str, float]:
    async with InboxAPI() as api, BotProcess("bench.tg_bots", kind, api.base_url) as pid:
        load = Load(api, kind, Pacer(rate))
        api_t0 = time.time() if not api.calls else max(c.time for c in api.calls)
        cpu0, t0 = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(load.user(uid) for uid in range(1, users + 1)))
        elapsed, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
        api_calls = sum(1 for c in api.calls if c.method.lower() != "getupdates" and c.time >= api_t0)
    return {"updates_per_s": load.updates / elapsed, "cpu_us_per_update": cpu * 1e6 / load.updates,
            "reply_p99_ms": percentile(load.latencies, 99), "updates": load.updates,
            "api_calls_per_update": api_calls / load.updates}


def run() -> dict[str, float]:
    out: dict[str, float] = {}
    for kind, prefix in (("ours", "tg_"), ("floor", "floor_tg_"), ("conventional", "conventional_tg_")):
        full = asyncio.run(_measure(kind, USERS, None))
        out[f"{prefix}updates_per_s"] = full["updates_per_s"]
        out[f"{prefix}cpu_us_per_update"] = full["cpu_us_per_update"]
        out[f"{prefix}api_calls_per_update"] = full["api_calls_per_update"]
        for rate, users, suffix in PACED:
            out[f"{prefix}reply_p99_ms{suffix}"] = asyncio.run(_measure(kind, users, rate))["reply_p99_ms"]
    out["tg_cpu_ratio_vs_floor"] = out["tg_cpu_us_per_update"] / out["floor_tg_cpu_us_per_update"]
    out["tg_cpu_ratio_vs_conventional"] = out["tg_cpu_us_per_update"] / out["conventional_tg_cpu_us_per_update"]
    out["tg_throughput_ratio_vs_conventional"] = out["tg_updates_per_s"] / out["conventional_tg_updates_per_s"]
    return out


if __name__ == "__main__":
    import json

    kind = sys.argv[1] if len(sys.argv) > 1 else "floor"
    users = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    rate = float(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(asyncio.run(_measure(kind, users, rate))))
