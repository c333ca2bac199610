"""The Bot API stand-in with a queue of the bot's messages per chat, for simulated users
(load tests and benchmarks), and a simulated user who does a whole check."""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from tests.fakes.telegram_server import Call, FakeBotAPI

REPLY_METHODS = {"sendmessage", "editmessagetext", "editmessagereplymarkup"}
RESULT_MARK = "ℹ️"  # every result ends with the disclaimer line


class InboxAPI(FakeBotAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.inbox: dict[Any, asyncio.Queue[Call]] = defaultdict(asyncio.Queue)

    def _record(self, call: Call) -> None:
        super()._record(call)
        if call.method.lower() in REPLY_METHODS and call.ok:
            chat = call.params.get("chat_id")
            self.inbox[int(chat) if chat is not None else None].put_nowait(call)


def has_keyboard(message: dict[str, Any]) -> bool:
    return bool((message.get("reply_markup") or {}).get("inline_keyboard"))


def is_result(message: dict[str, Any]) -> bool:
    return RESULT_MARK in str(message.get("text", ""))


class CheckUser:
    """One person doing a whole check: types at the several-choice questions, presses
    buttons at the others. `deliver(update)` hands an update to the bot (polling or webhook).
    Records every reply latency and every result message received."""

    def __init__(self, api: InboxAPI, uid: int, deliver: Callable[[dict[str, Any]], Awaitable[None]],
                 timeout: float = 30.0) -> None:
        self.api = api
        self.uid = uid
        self.deliver = deliver
        self.timeout = timeout
        self.rng = random.Random(uid)
        self.results: list[dict[str, Any]] = []
        self.latencies: list[float] = []
        self.updates = 0

    async def _send(self, update: dict[str, Any]) -> float:
        sent = time.perf_counter()
        self.updates += 1
        await self.deliver(update)
        return sent

    async def _next(self, sent: float) -> dict[str, Any] | None:
        """The next question message (with buttons), or None once a result arrived."""
        first = True
        while True:
            call = await asyncio.wait_for(self.api.inbox[self.uid].get(), self.timeout)
            if first:
                self.latencies.append((time.perf_counter() - sent) * 1000)
                first = False
            result = call.result if isinstance(call.result, dict) else None
            if result is None:
                continue
            message = self.api.message(self.uid, result["message_id"]) or result
            shown = call.method.lower() in ("sendmessage", "editmessagetext")  # a press edits into the next step
            if is_result(message) and shown:
                self.results.append(message)
                return None
            if has_keyboard(message) and shown:
                return message

    async def run(self) -> None:
        message = await self._next(await self._send(self.api.user_text(self.uid, "/start")))
        while message is not None:
            text = str(message.get("text", ""))
            buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row
                       if "callback_data" in b and not b["text"].startswith("⬅")]
            if any("Done" in b["text"] for b in buttons):
                said = "none of these" if "right now" in text else "no, nothing"
                update = self.api.user_text(self.uid, said)
            else:
                update = self.api.user_press(self.uid, message, self.rng.choice(buttons)["callback_data"])
            message = await self._next(await self._send(update))
