"""/healthz (the process is alive) and /readyz (it can serve: store reachable, webhook set).

A load balancer or an orchestrator sends traffic only to ready workers and restarts dead
ones. /readyz answers 503 with one line saying what is wrong. Whether the webhook is set is
asked of Telegram at most every `WEBHOOK_CHECK_EVERY` seconds.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from telegram.error import TelegramError

WEBHOOK_CHECK_EVERY = 30.0


class Readiness:
    def __init__(self, store: Any, bot: Any, webhook_url: str) -> None:
        self.store = store  # a ResilientStore
        self.bot = bot
        self.webhook_url = webhook_url
        self._webhook_ok: tuple[float, str | None] = (-1e9, None)

    async def webhook_problem(self) -> str | None:
        checked, problem = self._webhook_ok
        if time.monotonic() - checked < WEBHOOK_CHECK_EVERY:
            return problem
        try:
            info = await self.bot.get_webhook_info()
            problem = None if info.url == self.webhook_url else "the webhook is not set to TELEGRAM_WEBHOOK_URL"
        except TelegramError as exc:
            problem = f"Telegram could not be asked about the webhook ({type(exc).__name__})"
        self._webhook_ok = (time.monotonic(), problem)
        return problem

    async def problem(self) -> str | None:
        if not await self.store.ping():
            return "the session store (TWITCHCHECK_STORE_URL) is unreachable"
        return await self.webhook_problem()


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    readiness: Readiness | None = getattr(request.app.state, "readiness", None)
    if readiness is None:
        return PlainTextResponse("starting\n", status_code=503)
    problem = await readiness.problem()
    if problem is not None:
        return PlainTextResponse(problem + "\n", status_code=503)
    return PlainTextResponse("ready\n")
