"""Telegram's flood limits on the Bot API stand-in: 429 with `retry_after`, as the real API does.

    limits = TelegramLimits().install(fake)   # a check the stand-in runs before its methods

Modelled on Telegram's FAQ ("avoid more than one message per second in a chat, 20 a minute
in a group, about 30 a second overall"), independently of the bot's own limiter:

* a private chat: a token bucket of 4 messages refilled at 1 a second;
* a group (negative chat id): 20 messages in any 60 seconds;
* overall: 30 calls in any one second, counting every call that shows something (messages,
  edits, deletions, callback answers); the rest (getUpdates, setWebhook, ...) is free.

Every counted call is recorded on arrival (`arrivals`), refused or not, so that
`max_in_one_second()` measures what the bot tried, not what the stand-in let through.
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Any

from tests.fakes.telegram_server import ApiError, FakeBotAPI

MESSAGES = ("sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage")
COUNTED = (*MESSAGES, "editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery",
           "sendChatAction")


def _too_many(retry_after: float) -> ApiError:
    wait = max(1, math.ceil(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})


class TelegramLimits:
    def __init__(self, overall: int = 30, chat_burst: float = 4.0, chat_rate: float = 1.0,
                 group_per_minute: int = 20) -> None:
        self.overall = overall
        self.chat_burst = chat_burst
        self.chat_rate = chat_rate
        self.group_per_minute = group_per_minute
        self.arrivals: list[tuple[float, str, Any]] = []  # (time, method, chat id or None)
        self.refused: list[tuple[float, str, Any]] = []
        self._recent: deque[float] = deque()  # overall, last second
        self._buckets: dict[Any, tuple[float, float]] = {}  # private chat -> (tokens, at)
        self._groups: dict[Any, deque[float]] = {}

    def install(self, fake: FakeBotAPI) -> TelegramLimits:
        fake.add_check(self._arrive)  # the stand-in's seam: runs before each of its methods
        return self

    def _arrive(self, method: str, params: dict[str, Any]) -> None:
        if method not in COUNTED:
            return
        chat = params.get("chat_id")
        now = time.time()
        self.arrivals.append((now, method, chat))
        try:
            self._check(method, chat, now)
        except ApiError:
            self.refused.append((now, method, chat))
            raise

    def _check(self, method: str, chat: Any, now: float) -> None:
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.overall:
            raise _too_many(1)
        if method in MESSAGES and chat is not None:
            if int(chat) < 0:
                sent = self._groups.setdefault(chat, deque())
                while sent and sent[0] <= now - 60.0:
                    sent.popleft()
                if len(sent) >= self.group_per_minute:
                    raise _too_many(60.0 - (now - sent[0]))
                sent.append(now)
            else:
                tokens, at = self._buckets.get(chat, (self.chat_burst, now))
                tokens = min(self.chat_burst, tokens + (now - at) * self.chat_rate)
                if tokens < 1.0:
                    raise _too_many((1.0 - tokens) / self.chat_rate)
                self._buckets[chat] = (tokens - 1.0, now)
        self._recent.append(now)

    # -- what the bot did ----------------------------------------------------------------

    def max_in_one_second(self) -> int:
        """The most counted calls that arrived within any one second (refused ones included)."""
        times = sorted(t for t, _, _ in self.arrivals)
        best, start = 0, 0
        for end, t in enumerate(times):
            while times[start] <= t - 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def messages_to(self, chat: int, since: float, until: float) -> int:
        """Messages that arrived for `chat` within [since, until), refused ones included."""
        return sum(1 for t, m, c in self.arrivals if m in MESSAGES and c == chat and since <= t < until)
