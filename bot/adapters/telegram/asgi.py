"""Telegram webhook mode for several worker processes: a Starlette app run by uvicorn.

    twitchcheck run --workers N   (with TELEGRAM_WEBHOOK_URL set)

The parent checks the store, then registers the webhook once, then starts the workers
(uvicorn restarts one that dies). Each worker builds its own Application (no updater) over
the shared store, checks the secret token on every request, and answers Telegram only once
the update is handled for good:

    200  applied and answered, or dropped on purpose (a flood over its chat's budget)
    503  the store was unreachable (`ResilientStore` retried for a while) or the worker is
         stopping: Telegram sends the update again, and the store's event ids apply it once
    403 / 400 / 413  a forged secret, a body that is no update, a body too large

`/healthz` (alive), `/readyz` (store reachable, webhook set) and `/metrics` (Prometheus,
all workers added up) are for load balancers, orchestrators and operators.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse

from limits.aio.storage import Storage
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.adapters.telegram.app import ALLOWED_UPDATES, build_application, set_commands
from bot.adapters.telegram.followups import telegram_senders
from bot.adapters.telegram.health import Readiness, healthz, readyz
from bot.adapters.telegram.limiter import SharedInFlight
from bot.adapters.telegram.processing import Outcome, PerChatUpdateProcessor, stop_processing
from bot.adapters.telegram.supervision import GAVE_UP, StoreKeeper
from bot.adapters.telegram.webhook import read_update
from bot.app import open_app, ready_to_serve
from bot.followups.sending import checkins_sent
from bot.log_json import configure_logging
from bot.metrics import QUEUE_DEPTH, REPLY_SECONDS, UPDATES, render
from bot.settings import Settings, SettingsError, load_settings
from bot.stores.factory import open_store
from bot.stores.resilient import Outage

log = logging.getLogger(__name__)
PLATFORM = "telegram"


def webhook_path(settings: Settings) -> str:
    assert settings.telegram_webhook_url
    return urlparse(settings.telegram_webhook_url).path or "/"


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app of one worker (a factory: `uvicorn --factory bot.adapters.telegram.asgi:create_app`)."""
    settings = settings or load_settings()
    configure_logging(settings.twitchcheck_log_level, settings.twitchcheck_log_json)
    if settings.telegram_webhook_secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set for several webhook workers")
    secret = settings.telegram_webhook_secret.get_secret_value().encode()
    run_dir = settings.prometheus_multiproc_dir

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        keeper = StoreKeeper(settings.store_url, settings.twitchcheck_session_ttl, settings.twitchcheck_redis_prefix,
                             settings.twitchcheck_store_patience, run_dir)
        async with open_app(settings, store=keeper.store) as bot:  # the store opens when it can
            ready_to_serve(bot.bundle)  # every language read from the first update on; gc.freeze
            application = build_application(settings, bot.service, updater=False,
                                            limits_storage=shared_storage(settings), in_flight=in_flight(settings))
            await application.initialize()
            await application.start()
            watching = asyncio.create_task(keeper.watch(), name="store-keeper")
            app.state.application = application
            app.state.readiness = Readiness(keeper.store, application.bot, settings.telegram_webhook_url or "")
            try:
                async with checkins_sent(bot.service.followups, telegram_senders(application)):
                    yield
            finally:
                watching.cancel()
                stop_processing(application)
                await application.stop()
                await application.shutdown()

    async def webhook(request: Request) -> Response:
        application = request.app.state.application
        update = await read_update(request, secret, application.bot)
        if isinstance(update, Response):
            if update.status_code == 403:
                UPDATES.labels(PLATFORM, "refused").inc()
            return update
        started = time.perf_counter()
        processor: PerChatUpdateProcessor = application.update_processor
        outage = Outage.watch()  # store calls made while handling it mark it if they gave up
        QUEUE_DEPTH.labels(PLATFORM).inc()
        try:
            outcome = await processor.run(update, application.process_update(update))
        finally:
            QUEUE_DEPTH.labels(PLATFORM).dec()
        if outage.hit:
            UPDATES.labels(PLATFORM, "store_down").inc()
            return Response(status_code=503)  # Telegram sends it again; applied once when it runs
        UPDATES.labels(PLATFORM, outcome.value).inc()
        if outcome is Outcome.STOPPED:
            return Response(status_code=503)  # this worker is stopping: another one takes it
        REPLY_SECONDS.labels(PLATFORM).observe(time.perf_counter() - started)
        return Response(status_code=200)

    async def metrics(request: Request) -> Response:
        body, content_type = render(run_dir)
        return Response(body, media_type=content_type)

    routes = [Route(webhook_path(settings), webhook, methods=["POST"]), Route("/healthz", healthz),
              Route("/readyz", readyz), Route("/metrics", metrics)]
    return Starlette(routes=routes, lifespan=lifespan)


def in_flight(settings: Settings) -> SharedInFlight | None:
    from bot.adapters.telegram.limiter import shared_in_flight

    return shared_in_flight(settings.store_url, settings.twitchcheck_redis_prefix, settings.telegram_rate_limit)


def shared_storage(settings: Settings) -> Storage | None:
    from bot.adapters.telegram.limiter import shared_storage as storage_for

    return storage_for(settings.store_url, settings.twitchcheck_redis_prefix)


async def check_store(settings: Settings) -> None:
    """Before anything else: can the store be reached? SettingsError (one line) if not; warnings logged."""
    store = await open_store(settings.store_url, settings.twitchcheck_session_ttl, settings.twitchcheck_redis_prefix)
    try:
        for line in await getattr(store, "config_warnings", _none)():
            log.warning("%s", line)
    finally:
        await store.close()


async def _none() -> list[str]:
    return []


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


def serve(settings: Settings, workers: int) -> int:
    """Check the store, register the webhook, run `workers` uvicorn workers; the exit code.

    uvicorn's parent replaces a worker that dies; one that gives up on its store (exit 3)
    makes it stop them all, and then this raises SettingsError with its one line (exit 2).
    """
    import uvicorn

    asyncio.run(check_store(settings))  # one line (SettingsError) and no webhook if the store is down
    asyncio.run(register_webhook(settings))
    with tempfile.TemporaryDirectory(prefix="twitchcheck-run-") as run_dir:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = run_dir  # read by the workers' settings and by prometheus-client
        os.environ["TWITCHCHECK_WORKERS"] = str(workers)  # each counts its share while Redis is away
        uvicorn.run("bot.adapters.telegram.asgi:create_app", factory=True, host=settings.telegram_webhook_listen,
                    port=settings.telegram_webhook_port, workers=workers, log_level="warning", access_log=False)
        note = Path(run_dir) / GAVE_UP
        if note.exists():
            raise SettingsError(note.read_text().strip())
    return 0
