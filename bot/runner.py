"""`twitchcheck run`: start the platforms whose tokens are set, or the console chat."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from bot.catalog import load_bundle
from bot.logs import configure, redact
from bot.service import CheckService
from bot.settings import Settings, SettingsError, load_settings
from bot.stores.base import SessionStore
from bot.stores.factory import open_store

log = logging.getLogger("twitchcheck")
EXPIRE_EVERY = 600.0  # seconds between sweeps of idle sessions
SHUTDOWN_GRACE = 15.0  # seconds Telegram gets to stop by itself after SIGINT/SIGTERM


def _logging(settings: Settings) -> None:
    configure(settings.twitchcheck_log_level)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    _logging(settings)
    if settings.telegram_bot_token is None and settings.discord_bot_token is None:
        from bot.cli import cmd_chat

        bundle = load_bundle(default_locale=settings.twitchcheck_default_locale)
        print(bundle.content(bundle.default_locale).messages.chat.console_start)
        return cmd_chat(args)
    workers = getattr(args, "workers", 1) or 1
    if workers > 1:
        if not (settings.telegram_bot_token and settings.telegram_webhook_url and settings.telegram_webhook_secret):
            raise SettingsError("--workers needs TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL and "
                                "TELEGRAM_WEBHOOK_SECRET (webhook mode)")
        if settings.store_url.startswith("memory"):
            raise SettingsError("TWITCHCHECK_STORE_URL: memory:// cannot be shared by several workers; use redis://")
        if settings.discord_bot_token is not None:
            raise SettingsError("--workers runs Telegram webhook workers only; run Discord shards with "
                                "`twitchcheck run` (DISCORD_SHARD_IDS) in their own processes")
        if settings.store_url.startswith("sqlite"):
            log.warning("several workers on one SQLite file: fine on one machine; use redis:// across machines")
        from bot.adapters.telegram.asgi import serve

        serve(settings, workers)
        return 0
    return asyncio.run(_serve(settings))


async def _expire_forever(store: SessionStore) -> None:
    while True:
        try:
            log.info("expired %d idle sessions", await store.expire())
        except Exception as exc:  # a sweep that fails is tried again at the next round
            log.warning("expiring idle sessions failed (%s)", type(exc).__name__)
        await asyncio.sleep(EXPIRE_EVERY)


async def _serve(settings: Settings) -> int:
    bundle = load_bundle(default_locale=settings.twitchcheck_default_locale)
    store = await open_store(settings.store_url, settings.twitchcheck_session_ttl)
    service = CheckService(bundle, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks: list[asyncio.Task[None]] = [asyncio.create_task(_expire_forever(store), name="expiry")]
    if settings.telegram_bot_token is not None:
        from bot.adapters.telegram import run_telegram

        tasks.append(asyncio.create_task(run_telegram(settings, service, bundle, stop), name="telegram"))
        log.info("telegram: starting")
    if settings.discord_bot_token is not None:
        from bot.adapters.discord import run_discord

        tasks.append(asyncio.create_task(run_discord(settings, service, bundle), name="discord"))
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
        if failed:
            for task in failed:
                exc = task.exception()
                print(redact(f"error: {task.get_name()} stopped: {type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}"), file=sys.stderr)
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
