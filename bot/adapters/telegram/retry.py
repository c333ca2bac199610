"""Which failed Bot API calls may be retried (the limiter, `limiter.py`, does the retrying).

PTB 22's `AIORateLimiter` retries only `RetryAfter` (429), and pauses every chat while it does.
A 5xx answer becomes a plain `NetworkError`, a failed connection a `NetworkError` caused by
the HTTP client's error (aiohttp's, transport.py; httpx's under PTB's default), a timeout `TimedOut`; none of these is retried by PTB (only the polling loop
retries getUpdates). Our limiter adds retries with exponential back-off for errors where a
retry should not duplicate a message: the server answered with an error status (taken as
not applied; a real 5xx may rarely have been applied all the same), or the request never
left (connect errors, pool timeouts). When the response may have been lost after Telegram applied the call (read
timeout, dropped connection), only idempotent methods are retried: a sendMessage is not, so
it is delivered at most once and the failure goes to the error handler.
"""

from __future__ import annotations

import aiohttp
import httpx
from telegram.error import BadRequest, NetworkError, TimedOut

IDEMPOTENT = frozenset({
    "answerCallbackQuery", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "getMe",
    "setMyCommands", "deleteMyCommands", "getMyCommands", "setWebhook", "deleteWebhook",
    "getWebhookInfo", "sendChatAction", "close",
})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout,
             aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)  # connect or pool wait failed


def retryable(endpoint: str, exc: NetworkError) -> bool:
    if isinstance(exc, BadRequest):
        return False
    cause = exc.__cause__
    if cause is None and not isinstance(exc, TimedOut):
        return True  # the server answered with an error status: not applied
    if isinstance(cause, _NOT_SENT):
        return True
    return endpoint in IDEMPOTENT
