"""Retries for Bot API calls: flood control (429) and server or network errors.

PTB 22's `AIORateLimiter` retries only `RetryAfter` (429), sleeping `retry_after + 0.1` s.
A 5xx answer becomes a plain `NetworkError`, a failed connection a `NetworkError` caused by
an httpx error, a timeout `TimedOut`; none of these is retried by PTB (only the polling loop
retries getUpdates). This limiter adds retries with exponential back-off for errors where a
retry should not duplicate a message: the server answered with an error status (taken as
not applied; a real 5xx may rarely have been applied all the same), or the request never
left (connect errors, pool timeouts). When the response may have been lost after Telegram applied the call (read
timeout, dropped connection), only idempotent methods are retried: a sendMessage is not, so
it is delivered at most once and the failure goes to the error handler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

IDEMPOTENT = frozenset({
    "answerCallbackQuery", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "getMe",
    "setMyCommands", "deleteMyCommands", "getMyCommands", "setWebhook", "deleteWebhook",
    "getWebhookInfo", "sendChatAction", "close",
})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retryable(endpoint: str, exc: NetworkError) -> bool:
    if isinstance(exc, BadRequest):
        return False
    cause = exc.__cause__
    if cause is None and not isinstance(exc, TimedOut):
        return True  # the server answered with an error status: not applied
    if isinstance(cause, _NOT_SENT):
        return True
    return endpoint in IDEMPOTENT


class RetryingRateLimiter(AIORateLimiter):
    """`AIORateLimiter` (rate limits, 429 retries) plus retries of server and network errors."""

    def __init__(self, *, network_retries: int = 3, retry_delay: float = 0.5, max_delay: float = 8.0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.retry_delay = retry_delay
        self.max_delay = max_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if attempt >= self.network_retries or not retryable(endpoint, exc):
                    raise
                delay = min(self.retry_delay * 2**attempt, self.max_delay)
                log.info("telegram: %s failed (%s), retry %d in %.1f s", endpoint, type(exc).__name__,
                         attempt + 1, delay)
                attempt += 1
                await asyncio.sleep(delay)
