"""`twitchcheck run`: start the platforms whose tokens are set, or the console chat."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from bot.catalog import load_bundle
from bot.service import CheckService
from bot.settings import Settings, SettingsError, load_settings
from bot.stores.factory import open_store

log = logging.getLogger("twitchcheck")
EXPIRE_EVERY = 600.0  # seconds between sweeps of idle sessions


def _logging(settings: Settings) -> None:
    logging.getLogger().setLevel(settings.twitchcheck_log_level)
    # httpx logs request URLs (they hold the bot token); PTB logs whole updates at DEBUG.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLogger().level))
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLogger().level))


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    _logging(settings)
    if settings.telegram_bot_token is None and settings.discord_bot_token is None:
        from bot.cli import cmd_chat

        print("No TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN set: starting the console chat (Ctrl-D to quit).")
        return cmd_chat(args)
    workers = getattr(args, "workers", 1) or 1
    if workers > 1:
        if not (settings.telegram_bot_token and settings.telegram_webhook_url):
            raise SettingsError("--workers needs TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_URL (webhook mode)")
        if settings.store_url.startswith(("sqlite", "memory")):
            log.warning("several workers on %s: use TWITCHCHECK_STORE_URL=redis://... to share sessions",
                        settings.store_url.split(":")[0])
        from bot.adapters.telegram.asgi import serve

        serve(settings, workers)
        return 0
    return asyncio.run(_serve(settings))


async def _expire_forever(store: object) -> None:
    while True:
        await asyncio.sleep(EXPIRE_EVERY)
        with contextlib.suppress(Exception):
            deleted = await store.expire()  # type: ignore[attr-defined]
            log.info("expired %d idle sessions", deleted)


async def _serve(settings: Settings) -> int:
    bundle = load_bundle(default_locale=settings.twitchcheck_default_locale)
    store = await open_store(settings.store_url, settings.twitchcheck_session_ttl)
    service = CheckService(bundle, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(_expire_forever(store))]
    if settings.telegram_bot_token is not None:
        from bot.adapters.telegram import run_telegram

        tasks.append(asyncio.create_task(run_telegram(settings, service, bundle, stop)))
        log.info("telegram: starting")
    if settings.discord_bot_token is not None:
        from bot.adapters.discord import run_discord

        tasks.append(asyncio.create_task(run_discord(settings, service, bundle)))
        log.info("discord: starting")
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([stopper, *tasks[1:]], return_when=asyncio.FIRST_COMPLETED)
        failed = [t for t in done if t is not stopper and t.exception() is not None]
        stop.set()
        for task in tasks:
            if not task.done():
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if failed:
            exc = failed[0].exception()
            log.error("a platform stopped: %s", type(exc).__name__)
            return 1
        return 0
    finally:
        stopper.cancel()
        await store.close()


def discord_sync(args: argparse.Namespace) -> int:
    settings = load_settings()
    if settings.discord_bot_token is None:
        raise SettingsError("DISCORD_BOT_TOKEN: not set; needed to sync the slash commands")
    from bot.adapters.discord import sync_commands
    from bot.stores.memory_store import MemoryStore

    bundle = load_bundle(default_locale=settings.twitchcheck_default_locale)
    count = asyncio.run(sync_commands(settings, CheckService(bundle, MemoryStore()), bundle))
    where = f"guild {settings.discord_guild_id}" if settings.discord_guild_id else "all guilds (global)"
    print(f"synced {count} commands to {where}")
    return 0
