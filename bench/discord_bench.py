"""The whole Discord path: simulated members doing whole checks (/twitch check, then a press
per question) through a real discord.py bot process, the loopback gateway and REST stand-in;
beside it the floor, a bare discord.py client answering every interaction at once.

Throughput and CPU come from an unpaced run (every member at once); the latencies from a
run paced at 50 interactions/s offered. The ack latency runs from INTERACTION_CREATE written
to the socket to the interaction's callback (what Discord's 3-second deadline is about); the
reply latency to the message the member sees (the callback for the floor, the edit of the
deferred response for ours).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from typing import Any

from bench.discord_standin import DiscordStandIn
from bench.harness import BotProcess, Pacer, cpu_seconds
from bench.workload import percentile

USERS = 60
PACED_USERS = 30
PACED_RATE = 50.0
FLOOR_PRESSES = 7  # after the command: about as many interactions as a whole check
COMMAND = {"id": "900000000000000010", "name": "twitch", "type": 1, "options": [{"name": "check", "type": 1}]}
SKIP = ("tc:b:", "tc:t:")  # back and type-it: a check by presses only


def _components(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row.get("components", [])
            if "custom_id" in c and not str(c["custom_id"]).startswith(SKIP)]


def choose(message: dict[str, Any], rng: random.Random, first: bool) -> dict[str, Any]:
    """The press a member makes: a button, or one option of a select ("none" on the emergency screen)."""
    found = _components(message)
    select = next((c for c in found if c["type"] == 3), None)
    if select is None:
        return {"custom_id": rng.choice(found)["custom_id"], "component_type": 2}
    values = [o["value"] for o in select["options"]]
    value = "none" if first and "none" in values else rng.choice(values)
    return {"custom_id": select["custom_id"], "component_type": 3, "values": [value]}


class Load:
    def __init__(self, standin: DiscordStandIn, kind: str, pacer: Pacer) -> None:
        self.standin, self.kind, self.pacer = standin, kind, pacer
        self.interactions = 0
        self.replies: list[float] = []
        self.unfinished = 0

    async def _ask(self, uid: int, kind: int, data: dict[str, Any], message: dict[str, Any] | None) -> dict[str, Any]:
        await self.pacer.wait()
        self.interactions += 1
        await self.standin.interact(uid, kind, data, message)
        reply = await asyncio.wait_for(self.standin.inbox[uid].get(), 30)
        self.replies.append(reply.latency_ms)
        return reply.message

    async def user(self, uid: int) -> None:
        rng = random.Random(uid)
        message = await self._ask(uid, 2, COMMAND, None)
        if self.kind == "floor":
            for _ in range(FLOOR_PRESSES):
                message = await self._ask(uid, 3, {"custom_id": "x", "component_type": 2}, message)
            return
        first = True
        while _components(message) and not message.get("embeds"):  # the result (its offer not taken)
            message = await self._ask(uid, 3, choose(message, rng, first), message)
            first = False
        if not message.get("embeds"):  # a check ends on the result embed; anything else is a failure
            self.unfinished += 1


async def measure(kind: str, users: int, rate: float | None) -> dict[str, float]:
    async with DiscordStandIn() as standin, BotProcess("bench.dc_bots", kind, standin.base_url) as pid:
        await asyncio.wait_for(standin.identified.wait(), 30)
        standin.sent.clear()
        standin.rest_calls = 0
        load = Load(standin, kind, Pacer(rate))
        cpu0, t0 = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(load.user(uid) for uid in range(1, users + 1)))
        elapsed, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
    if load.unfinished:
        raise RuntimeError(f"discord {kind}: {load.unfinished} of {users} checks did not reach a result")
    acks = [(s.acked - s.at) * 1000 for s in standin.sent.values() if s.acked is not None]
    if len(acks) != load.interactions:
        raise RuntimeError(f"discord {kind}: {load.interactions - len(acks)} interactions never acknowledged")
    return {"interactions_per_s": load.interactions / elapsed, "cpu_us_per_interaction": cpu * 1e6 / load.interactions,
            "ack_p99_ms": percentile(acks, 99), "reply_p99_ms": percentile(load.replies, 99),
            "rest_calls_per_interaction": standin.rest_calls / load.interactions, "interactions": load.interactions}


def run() -> dict[str, float]:
    out: dict[str, float] = {}
    for kind, prefix in (("ours", "discord_"), ("floor", "floor_discord_")):
        full = asyncio.run(measure(kind, USERS, None))
        paced = asyncio.run(measure(kind, PACED_USERS, PACED_RATE))
        out[f"{prefix}interactions_per_s"] = full["interactions_per_s"]
        out[f"{prefix}cpu_us_per_interaction"] = full["cpu_us_per_interaction"]
        out[f"{prefix}rest_calls_per_interaction"] = full["rest_calls_per_interaction"]
        out[f"{prefix}ack_p99_ms"] = paced["ack_p99_ms"]
        out[f"{prefix}reply_p99_ms"] = paced["reply_p99_ms"]
    return out


if __name__ == "__main__":
    import json

    kind = sys.argv[1] if len(sys.argv) > 1 else "floor"
    users = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rate = float(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(asyncio.run(measure(kind, users, rate))))
