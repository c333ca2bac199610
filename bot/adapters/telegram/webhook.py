"""Telegram webhook mode in one process (`twitchcheck run` with TELEGRAM_WEBHOOK_URL set).

The same stack as the worker processes (Starlette, served by uvicorn), inside the bot's
own event loop, so the bot needs one web stack, not also PTB's tornado-based webhook
server. An update that passes the secret check goes to the Application's update queue and
is answered 200 at once (what PTB's own webhook server does); the runner's signal handlers
stay in charge of SIGINT and SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Bot, Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: the runner's stop event ends it."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def read_update(request: Request, secret: bytes, bot: Bot) -> Update | Response:
    """The update a webhook request carries, or the answer that refuses it: 403 for a wrong
    secret token, 413 for a body too large, 400 for a body that is no update (logged, never
    raised). The one reading of a webhook request, here and in the workers (asgi.py)."""
    if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret):
        return Response(status_code=403)
    body = await request.body()
    if len(body) > MAX_BODY:
        return Response(status_code=413)
    try:
        return Update.de_json(json.loads(body), bot)
    except Exception:  # not JSON, or JSON but no update: refuse, never crash
        log.warning("telegram webhook: a body that is not an update")
        return Response(status_code=400)


def webhook_app(application: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str) -> Starlette:
    expected = secret.encode()

    async def webhook(request: Request) -> Response:
        update = await read_update(request, expected, application.bot)
        if isinstance(update, Response):
            return update
        await application.update_queue.put(update)  # answered at once, as PTB's own webhook server does
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route(path, webhook, methods=["POST"]), Route("/healthz", healthz)])


@contextlib.asynccontextmanager
async def webhook_server(application: Application[Any, Any, Any, Any, Any, Any], *, url: str, listen: str,
                         port: int, secret: str, allowed_updates: list[str]) -> Any:
    """Serve the webhook on listen:port and register it with Telegram; stop serving on exit."""
    app = webhook_app(application, urlparse(url).path or "/", secret)
    server = _Server(uvicorn.Config(app, host=listen, port=port, log_level="warning", access_log=False,
                                    lifespan="off"))
    sock = socket.socket(socket.AF_INET6 if ":" in listen else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((listen, port))  # here, not in uvicorn (which would exit the process)
    except OSError as exc:
        sock.close()
        raise OSError(f"TELEGRAM_WEBHOOK_LISTEN/PORT: cannot listen on {listen}:{port} ({exc.strerror})") from None
    task = asyncio.create_task(server.serve(sockets=[sock]), name="telegram-webhook")
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    try:
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        yield server
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 10)
        sock.close()
