"""The two Discord bots of the benchmark, each run as its own process.

    python -m bench.dc_bots {floor|ours} BASE_URL DATA_DIR

- floor: a bare discord.py client answering every interaction at once with one message;
- ours: TwitchCheck's own client (the /twitch group and its persistent components), built
  by the adapter's `build_client` from the composition root (bot/app.py), default store.

discord.py has no option for the API or gateway address, so both are pointed at the loopback
stand-in through two public class attributes, set before the client exists: `Route.BASE` (the
one discord.py itself rewrites when the API version changes) and
`DiscordWebSocket.DEFAULT_GATEWAY` (a plain `Client` connects there; only an
`AutoShardedClient` without a shard count asks GET /gateway/bot, which the stand-in also
answers). Nothing private is touched. Prints READY once connected, stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bench.discord_standin import TOKEN


def point_at(base_url: str) -> None:
    Route.BASE = f"{base_url}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base_url.replace("http://", "ws://", 1) + "/")


class FloorClient(discord.Client):
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)


async def main(kind: str, base_url: str, data_dir: Path) -> None:
    point_at(base_url)
    if kind == "floor":
        await serve(FloorClient(intents=discord.Intents.none()))
        return
    # TwitchCheck as it serves: the composition root, the default store (SQLite)
    os.environ.update({"DISCORD_BOT_TOKEN": TOKEN, "TWITCHCHECK_DATA_DIR": str(data_dir)})
    from bot.adapters.discord import build_client
    from bot.app import open_app, ready_to_serve
    from bot.settings import load_settings

    async with open_app(load_settings()) as ours:
        ready_to_serve(ours.bundle)  # as `twitchcheck run` does
        await serve(build_client(ours.settings, ours.service))


async def serve(client: discord.Client) -> None:
    kind = type(client).__name__
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with client:
        running = asyncio.create_task(client.start(TOKEN))
        ready = asyncio.create_task(client.wait_until_ready())
        await asyncio.wait([running, ready], return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            running.result()  # the reason it stopped, as a traceback on stderr
            raise SystemExit(f"{kind}: the client stopped before it was ready")
        print("READY", flush=True)
        await stop.wait()
        await client.close()
        await asyncio.gather(running, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
