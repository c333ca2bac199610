"""Fair under abuse (issue 17): good users' reply p99 alone and during the flood of the issue.

A real bot process against the Bot API stand-in with Telegram's limits enforced; 20 people
do a check by buttons, alone and then while one private chat sends 600 messages in 10 s and
one group 200 /quick (the scenario lives in tests/fakes/flood.py, shared with the e2e test).

    python -m bench.flood_bench     # one run, figures as JSON
"""

from __future__ import annotations

import asyncio
import json

from tests.fakes.flood import FloodBot, flood, measure
from tests.fakes.inbox import InboxAPI
from tests.fakes.telegram_limits import TelegramLimits


async def _measure() -> dict[str, float]:
    async with InboxAPI() as api:
        limits = TelegramLimits().install(api)
        async with FloodBot(api) as bot:
            got = await measure(limits, api)
            storm = asyncio.create_task(flood(api, seconds=3.0, private=300, group=100))
            await asyncio.sleep(1.5)
            got["sigterm_s"] = await bot.terminate()
            storm.cancel()
    return {"flood_good_p99_alone_ms": got["p99_alone_s"] * 1000,
            "flood_good_p99_flooded_ms": got["p99_flooded_s"] * 1000,
            "flood_good_finished": float(got["finished_flooded"]),
            "flood_flooder_messages_first_min": float(got["flooder_messages_first_minute"]),
            "flood_group_messages_first_min": float(got["group_messages_first_minute"]),
            "flood_max_sends_in_1s": float(got["max_sends_in_one_second"]),
            "flood_sigterm_s": float(got["sigterm_s"])}


def run() -> dict[str, float]:
    return asyncio.run(_measure())


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
