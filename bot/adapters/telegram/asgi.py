"""Telegram webhook mode for several worker processes: a Starlette app run by uvicorn.

    twitchcheck run --workers N   (with TELEGRAM_WEBHOOK_URL set)

Each worker builds its own Application (no updater) over the shared store (Redis), checks
the secret token on every request, and answers Telegram only once the update has been
handled: if a worker dies mid-update, Telegram delivers it again (to another worker) and
the store's event ids make sure it is applied once. `/healthz` answers a load balancer.
The webhook is registered once, by the parent process (`register_webhook`).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlparse

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.adapters.telegram.app import ALLOWED_UPDATES, build_application, set_commands
from bot.app import open_app
from bot.settings import Settings, load_settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000


def webhook_path(settings: Settings) -> str:
    assert settings.telegram_webhook_url
    return urlparse(settings.telegram_webhook_url).path or "/"


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app of one worker (a factory: `uvicorn --factory bot.adapters.telegram.asgi:create_app`)."""
    settings = settings or load_settings()
    if settings.telegram_webhook_secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set for several webhook workers")
    secret = settings.telegram_webhook_secret.get_secret_value().encode()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_app(settings) as bot:
            application = build_application(settings, bot.service, updater=False)
            await application.initialize()
            await application.start()
            app.state.application = application
            try:
                yield
            finally:
                await application.stop()
                await application.shutdown()

    async def webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return Response(status_code=400)
        application = request.app.state.application
        try:
            update = Update.de_json(data, application.bot)
        except Exception:  # a body that is JSON but no update: refuse, never crash
            log.warning("telegram webhook: a body that is not an update")
            return Response(status_code=400)
        await application.process_update(update)  # answered only once handled
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [Route(webhook_path(settings), webhook, methods=["POST"]), Route("/healthz", healthz)]
    return Starlette(routes=routes, lifespan=lifespan)


async def register_webhook(settings: Settings) -> None:
    """Register the webhook and the command menu once, before the workers start."""
    from bot.stores.memory_store import MemoryStore

    assert settings.telegram_webhook_url and settings.telegram_webhook_secret
    async with open_app(settings, store=MemoryStore()) as bot, \
            build_application(settings, bot.service, updater=False) as application:
        await application.bot.set_webhook(
            settings.telegram_webhook_url, secret_token=settings.telegram_webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
        )
        await set_commands(application, bot.bundle)


def serve(settings: Settings, workers: int) -> None:
    """Run `workers` uvicorn worker processes on TELEGRAM_WEBHOOK_LISTEN:PORT."""
    import asyncio

    import uvicorn

    asyncio.run(register_webhook(settings))
    uvicorn.run("bot.adapters.telegram.asgi:create_app", factory=True, host=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port, workers=workers, log_level="warning", access_log=False)
