"""Fair update processing: one busy chat never holds the slots that other chats need.

PTB's own choice is all-or-nothing (one update at a time, or any order). Here:

* Updates of one chat run one after the other, in arrival order (a double press or quick
  typing is applied in the order sent); different chats run at once.
* An update takes one of the `slots` only when its chat can run: its chat's earlier updates
  are done and its chat's send budget has room (`TelegramLimiter.ready`). Waiting for a busy
  chat costs nobody else anything.
* A chat never queues more than `backlog` updates (the one running included): more input is
  dropped, with at most one kind "slow down" note per `notice_every` seconds. A group is
  answered at most once per `group_window` seconds (a flood of /quick gets one answer, not
  two hundred). The dropped updates are answered "for good": nothing was applied, and
  Telegram is not asked to send them again.
* `stop()` (at shutdown) drops what is still queued, so SIGTERM ends in seconds; sessions
  are untouched, since an update changes its session before it sends anything.

PTB's own semaphore (`max_concurrent_updates`) here only caps how many updates may be held
at once, queued or running (`HELD`); with one slot it is 1 and PTB hands over one update at
a time, so updates of all chats run strictly in arrival order.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import Deps
from bot.adapters.telegram.limiter import TelegramLimiter

log = logging.getLogger(__name__)
HELD = 4096
Notice = Callable[[Update], Awaitable[None]]


class Outcome(enum.Enum):
    DONE = "done"  # handled (its handlers ran, errors included)
    DROPPED = "dropped"  # over its chat's budget: dropped for good
    STOPPED = "stopped"  # the process is stopping: not handled, may be delivered again


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # first come, first served
    held: int = 0  # updates queued or running
    admitted_at: float = -1e9
    noticed_at: float = -1e9


def chat_of(update: object) -> tuple[int, bool]:
    """The chat an update belongs to (else its user), and whether it is a private one."""
    if not isinstance(update, Update):
        return 0, True
    chat, user = update.effective_chat, update.effective_user
    if chat is not None:
        return chat.id, chat.type == "private"
    return (user.id if user is not None else 0), True


def _command_for_us(update: object) -> bool:
    """A command in a message that the bot would answer (not one for another bot)."""
    message = update.effective_message if isinstance(update, Update) else None
    text = message.text if message is not None else None
    if not text or not text.startswith("/"):
        return False
    _, at, name = text.split(maxsplit=1)[0].partition("@")
    try:
        ours = update.get_bot().username if isinstance(update, Update) else None
    except RuntimeError:  # an update made without a bot (tests): take it as ours
        ours = None
    return not at or ours is None or name.lower() == ours.lower()


def _discard(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()  # never awaited on purpose: no "coroutine was never awaited" warning


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, slots: int, *, limiter: TelegramLimiter | None = None, backlog: int = 8,
                 group_window: float = 6.0, notice_every: float = 60.0, cost: int = 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(HELD if slots > 1 else 1)  # one slot: PTB runs updates strictly in turn
        self.slots = slots
        self.limiter = limiter
        self.backlog = backlog
        self.group_window = group_window
        self.notice_every = notice_every
        self.cost = cost  # new messages an update usually sends (one: the next question)
        self.clock = clock
        self.notice: Notice | None = None  # the "slow down" note, set by the wiring
        self.stopping = False
        self.running = 0
        self.dropped = 0
        self._slots: asyncio.Semaphore | None = None
        self._chats: dict[int, _Chat] = {}

    @property
    def queued(self) -> int:
        """Updates held but not running (for the queue-depth metric)."""
        return sum(c.held for c in self._chats.values()) - self.running

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await self.run(update, coroutine)

    def _admit(self, chat: _Chat, private: bool, update: object) -> bool:
        now = self.clock()
        if private or not _command_for_us(update):  # group chatter gets no answer: let it pass
            return chat.held < self.backlog
        if now - chat.admitted_at < self.group_window:
            return False
        chat.admitted_at = now
        return True

    async def run(self, update: object, coroutine: Awaitable[Any]) -> Outcome:
        """Handle one update fairly; tell how it ended (the webhook answers by it)."""
        if self.stopping:
            _discard(coroutine)
            return Outcome.STOPPED
        key, private = chat_of(update)
        chat = self._chats.setdefault(key, _Chat())
        if not self._admit(chat, private, update):
            _discard(coroutine)
            self.dropped += 1
            await self._notify(chat, update)
            return Outcome.DROPPED
        chat.held += 1
        try:
            async with chat.lock:
                if self.stopping:
                    _discard(coroutine)
                    return Outcome.STOPPED
                if self.limiter is not None and key != 0:
                    await self.limiter.ready(key, self.cost)
                if self._slots is None:
                    self._slots = asyncio.Semaphore(self.slots)
                async with self._slots:
                    self.running += 1
                    try:
                        await coroutine
                    finally:
                        self.running -= 1
                return Outcome.DONE
        except BaseException:
            _discard(coroutine)  # cancelled or dropped while waiting: it never ran
            raise
        finally:
            chat.held -= 1
            if chat.held == 0 and self.clock() - max(chat.admitted_at, chat.noticed_at) > self.notice_every:
                del self._chats[key]  # nothing held and nothing to remember: forget the chat

    async def _notify(self, chat: _Chat, update: object) -> None:
        now = self.clock()
        if self.notice is None or not isinstance(update, Update) or now - chat.noticed_at < self.notice_every:
            return
        chat.noticed_at = now
        try:
            await self.notice(update)
        except Exception as exc:  # noqa: BLE001 - a courtesy: never let it fail the update
            log.info("telegram: slow-down note not sent (%s)", type(exc).__name__)

    def stop(self) -> None:
        """Shutdown: drop what is queued, and make the limiter give up long waits."""
        self.stopping = True
        if self.limiter is not None:
            self.limiter.stop()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def slow_down_notice(deps: Deps) -> Notice:
    """The kind "slow down" note, in the user's language, sent outside the chat's queue."""
    async def notice(update: Update) -> None:
        chat = update.effective_chat
        if chat is not None:
            await send_html(update.get_bot(), chat.id, deps.messages(deps.locale(update)).chat.slow_down)
    return notice


def stop_processing(application: Any) -> None:
    """Before `Application.stop()`: drop queued updates and long send waits (no-op otherwise)."""
    processor = getattr(application, "update_processor", None)
    if isinstance(processor, PerChatUpdateProcessor):
        processor.stop()
