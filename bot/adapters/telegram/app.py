"""Wiring: the Application, its handlers and error handler; running by polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any

from limits.aio.storage import Storage
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.adapters.telegram.check import private_handlers
from bot.adapters.telegram.deps import Deps
from bot.adapters.telegram.errors import make_error_handler
from bot.adapters.telegram.fallback import fallback_handlers
from bot.adapters.telegram.followups import followup_handlers, telegram_senders
from bot.adapters.telegram.limiter import SharedInFlight, TelegramLimiter
from bot.adapters.telegram.privacy import privacy_handlers
from bot.adapters.telegram.processing import (
    PerChatUpdateProcessor,
    slow_down_notice,
    stop_processing,
)
from bot.adapters.telegram.quick import quick_handlers
from bot.adapters.telegram.transport import AiohttpRequest
from bot.adapters.telegram.webhook import webhook_server
from bot.engine.bundle import Bundle
from bot.followups.sending import checkins_sent
from bot.logs import hold_back
from bot.service import CheckService
from bot.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
PRIVATE_MENU = ("start", "check", "back", "restart", "cancel", "quick", "log", "history", "summary", "privacy",
                "forget", "language", "help")
GROUP_MENU = ("quick", "check", "privacy", "help")


def build_application(
    settings: Settings, service: CheckService, *, retries: int = 3, retry_delay: float = 0.5, updater: bool = True,
    limits_storage: Storage | None = None, in_flight: SharedInFlight | None = None, chat_budgets: bool = True,
    request: BaseRequest | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Telegram Application with every handler; sessions live in `service`'s store.

    `retries`: how often a call is retried after flood control (429) and after server or
    network errors; `retry_delay`: the first back-off for the latter (doubling); `updater`:
    False for webhook workers, whose updates come from our own ASGI app; `limits_storage`:
    where the send budgets are counted (Redis for several workers; default in memory);
    `chat_budgets`: False only against a stand-in without Telegram's per-chat limits;
    `request`: PTB's network seam (tests give a fake one).
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url = settings.telegram_base_url
    limiter = TelegramLimiter(overall=settings.telegram_rate_limit, storage=limits_storage,
                              share=1 / settings.twitchcheck_workers, in_flight=in_flight, max_retries=retries,
                              network_retries=retries, retry_delay=retry_delay, per_chat=chat_budgets)
    processor = PerChatUpdateProcessor(settings.telegram_concurrent_updates, limiter=limiter)
    transport = AiohttpRequest()  # a third of httpx's CPU per call (README, Performance)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base_url)
        .request(transport)
        .get_updates_request(transport)  # one pool: the long poll holds one of its connections
        .rate_limiter(limiter)
        .concurrent_updates(processor)  # fair per chat; one slot keeps every update in order
    )
    if not updater:  # webhook workers: updates come from our ASGI app
        builder = builder.updater(None)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if base_url.endswith("/bot"):
        builder = builder.base_file_url(base_url[: -len("bot")] + "file/bot")
    application = builder.build()
    deps = Deps(service=service, secret=settings.id_secret())
    for handlers in (followup_handlers, private_handlers, quick_handlers, privacy_handlers, fallback_handlers):
        application.add_handlers(handlers(deps))
    application.add_error_handler(make_error_handler(deps))
    application.bot_data["twitchcheck"] = deps
    processor.notice = slow_down_notice(deps)
    return application


async def set_commands(application: Application[Any, Any, Any, Any, Any, Any], bundle: Bundle) -> None:
    """The command menu, per locale, for private chats and for groups."""
    for locale in bundle.locales:
        menu = bundle.content(locale).messages.chat.menu
        language = None if locale == bundle.default_locale else locale
        for scope, names in ((BotCommandScopeAllPrivateChats(), PRIVATE_MENU), (BotCommandScopeAllGroupChats(), GROUP_MENU)):
            commands = [BotCommand(n, menu[n]) for n in names if n in menu]
            try:
                await application.bot.set_my_commands(commands, scope=scope, language_code=language)
            except TelegramError as exc:  # a menu is nice to have: start anyway
                log.warning("telegram: set_my_commands failed (%s)", type(exc).__name__)


async def run_telegram(settings: Settings, service: CheckService, stop_event: asyncio.Event | None = None) -> None:
    """Run until `stop_event` is set (or the task is cancelled), then shut down cleanly.

    Polling by default; a webhook server on TELEGRAM_WEBHOOK_LISTEN:PORT when
    TELEGRAM_WEBHOOK_URL is set, checking Telegram's secret token header (a random secret
    is made up when TELEGRAM_WEBHOOK_SECRET is not set).
    """
    hold_back()  # httpx logs URLs with the token; PTB logs whole updates at DEBUG
    application = build_application(settings, service)
    stop = stop_event or asyncio.Event()
    try:
        async with application:  # initialize() ... shutdown()
            await set_commands(application, service.bundle)
            await application.start()
            updater = application.updater
            assert updater is not None
            try:
                if settings.telegram_webhook_url:
                    secret = settings.telegram_webhook_secret
                    async with checkins_sent(service.followups, telegram_senders(application)), webhook_server(
                        application, url=settings.telegram_webhook_url, listen=settings.telegram_webhook_listen,
                        port=settings.telegram_webhook_port, allowed_updates=ALLOWED_UPDATES,
                        secret=secret.get_secret_value() if secret else secrets.token_urlsafe(32),
                    ):
                        log.info("telegram: webhook server on %s:%d", settings.telegram_webhook_listen,
                                 settings.telegram_webhook_port)
                        await stop.wait()
                else:
                    await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
                    log.info("telegram: polling")
                    async with checkins_sent(service.followups, telegram_senders(application)):
                        await stop.wait()
            finally:
                with contextlib.suppress(Exception):
                    if updater.running:
                        await updater.stop()
                stop_processing(application)  # drop queued replies to flooders: end in seconds
                if application.running:
                    await application.stop()
    finally:  # PTB skips it when start-up failed (a wrong token): an open session warns at exit
        await application.bot.request.shutdown()
