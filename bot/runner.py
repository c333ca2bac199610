"""`twitchcheck run` with platform tokens: Telegram and/or Discord until SIGINT/SIGTERM,
or Telegram webhook workers (`--workers N`)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Any

from bot.app import App, open_app, ready_to_serve
from bot.logs import configure, redact
from bot.settings import Settings, SettingsError
from bot.stores.base import SessionStore
from bot.stores.memory_store import MemoryStore

log = logging.getLogger("twitchcheck")
EXPIRE_EVERY = 600.0  # seconds between sweeps of idle sessions
SHUTDOWN_GRACE = 15.0  # seconds Telegram gets to stop by itself after SIGINT/SIGTERM


def run(settings: Settings, workers: int = 1) -> int:
    """Serve the platforms whose tokens are set (at least one is)."""
    configure(settings.twitchcheck_log_level)
    settings.check_workers(workers)
    if workers > 1:
        if settings.store_url.startswith("sqlite"):
            log.warning("several workers on one SQLite file: fine on one machine; use redis:// across machines")
        from bot.adapters.telegram.asgi import serve

        return serve(settings, workers)
    return asyncio.run(_serve(settings))


async def _expire_forever(store: SessionStore) -> None:
    while True:
        try:
            log.info("expired %d idle sessions", await store.expire())
        except Exception as exc:  # a sweep that fails is tried again at the next round
            log.warning("expiring idle sessions failed (%s)", type(exc).__name__)
        await asyncio.sleep(EXPIRE_EVERY)


async def _serve(settings: Settings) -> int:
    async with open_app(settings) as app:
        return await _serve_app(app)


async def _serve_app(app: App) -> int:
    settings = app.settings
    ready_to_serve(app.bundle)  # every language compiled, start-up's objects out of the collector's way
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks: list[asyncio.Task[Any]] = [asyncio.create_task(_expire_forever(app.store), name="expiry")]
    if settings.telegram_bot_token is not None:
        from bot.adapters.telegram import run_telegram

        tasks.append(asyncio.create_task(run_telegram(settings, app.service, stop), name="telegram"))
        log.info("telegram: starting")
    if settings.discord_bot_token is not None:
        from bot.adapters.discord import run_discord

        tasks.append(asyncio.create_task(run_discord(settings, app.service), name="discord"))
        log.info("discord: starting")
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([stopper, *tasks[1:]], return_when=asyncio.FIRST_COMPLETED)
        failed = [t for t in done if t is not stopper and t.exception() is not None]
        stop.set()
        # Telegram watches `stop` and shuts down in order (polling, then the Application):
        # cancelling it midway is what printed pages of tracebacks at Ctrl-C.
        graceful = [t for t in tasks if t.get_name() == "telegram" and not t.done()]
        if graceful:
            await asyncio.wait(graceful, timeout=SHUTDOWN_GRACE)
        for task in tasks:
            if not task.done():
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in failed:
            exc = task.exception()
            first = str(exc).splitlines()[0] if str(exc) else ""
            print(redact(f"error: {task.get_name()} stopped: {type(exc).__name__}: {first}"), file=sys.stderr)
        return 1 if failed else 0
    finally:
        stopper.cancel()


def discord_sync(settings: Settings) -> int:
    """`twitchcheck discord-sync`: publish the slash commands and say where."""
    if settings.discord_bot_token is None:
        raise SettingsError("DISCORD_BOT_TOKEN: not set; needed to sync the slash commands")
    from bot.adapters.discord import sync_commands

    async def sync() -> int:
        async with open_app(settings, store=MemoryStore()) as app:
            return await sync_commands(settings, app.service)

    count = asyncio.run(sync())
    where = f"guild {settings.discord_guild_id}" if settings.discord_guild_id else "all guilds (global)"
    print(f"synced {count} commands to {where}")
    return 0
